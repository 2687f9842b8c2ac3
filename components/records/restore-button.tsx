'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { bulkAction } from '@/app/actions/records';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import type { BulkEntity } from '@/lib/crm/bulk.schema';

/** Brings one row back from a list's trash, and says where it went (or why not). */
export function RestoreButton({ entity, id, name }: { entity: BulkEntity; id: string; name: string }) {
  const router = useRouter();
  const toast = useToast();
  const [pending, start] = useTransition();
  return (
    <Button
      variant="secondary"
      disabled={pending}
      aria-label={`Restore ${name}`}
      onClick={() =>
        start(async () => {
          const result = await bulkAction(entity, { ids: [id], action: { kind: 'restore' } });
          const refused = result.ok ? result.data.refused[0]?.reason : result.message;
          toast(refused ? { tone: 'error', message: refused } : { tone: 'info', message: `${name} is back in the ${entity} list.` });
          router.refresh();
        })
      }
    >
      Restore
    </Button>
  );
}
