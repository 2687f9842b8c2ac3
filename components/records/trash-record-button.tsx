'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { trashRecordAction } from '@/app/actions/record-edits';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import type { BulkEntity } from '@/lib/crm/bulk.entities';

/**
 * Delete (to the trash, with Undo) or restore one record from its own page. Roles that cannot
 * see the trash go back to the list after a delete (the record is no longer theirs to see).
 */
export function TrashRecordButton({ entity, recordId, noun, trashed, seesTrash }: { entity: BulkEntity; recordId: string; noun: string; trashed: boolean; seesTrash: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const [pending, start] = useTransition();
  const run = (restore: boolean) =>
    start(async () => {
      const result = await trashRecordAction(entity, recordId, restore);
      if (!result.ok) return toast({ tone: 'error', message: result.message });
      if (!restore && !seesTrash) router.push(`/${entity}`);
      else router.refresh();
      if (!restore) toast({ tone: 'info', message: `${noun} moved to the trash.`, action: { label: 'Undo', onClick: () => (seesTrash ? run(true) : void trashRecordAction(entity, recordId, true).then(() => router.push(`/${entity}/${recordId}`))) } });
      else toast({ tone: 'info', message: `${noun} restored.` });
    });
  return trashed ? (
    <Button variant="secondary" disabled={pending} onClick={() => run(true)}>
      Restore
    </Button>
  ) : (
    <Button variant="danger" disabled={pending} onClick={() => run(false)}>
      Delete
    </Button>
  );
}
