'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { cancelImportAction, revertImportAction } from '@/app/actions/imports';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

/** Stops a running import or dry run (what a real run wrote stays, and can be reverted). */
export function CancelImport({ importId, fileName }: { importId: string; fileName: string }) {
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      variant="secondary"
      size="sm"
      disabled={pending}
      aria-label={`Cancel the import of ${fileName}`}
      onClick={() =>
        start(async () => {
          const result = await cancelImportAction(importId);
          toast(result.ok ? { tone: 'info', message: `Import of ${fileName} cancelled.` } : { tone: 'error', message: result.message });
          router.refresh();
        })
      }
    >
      {pending ? 'Cancelling…' : 'Cancel'}
    </Button>
  );
}

/** Undoes an import: created records to the trash, changed fields back, what was edited since kept. */
export function RevertImport({ importId, fileName, training = false }: { importId: string; fileName: string; training?: boolean }) {
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      variant="secondary"
      disabled={pending}
      onClick={() =>
        start(async () => {
          const what = training
            ? 'What it created is removed (with the people it made for it) and what it changed gets its previous values back'
            : 'Records it created go to the trash and the fields it changed get their previous values back';
          if (!window.confirm(`Revert the import of ${fileName}? ${what}, unless someone edited them since.`)) return;
          const result = await revertImportAction(importId);
          toast(result.ok ? { tone: 'info', message: 'Reverting the import…' } : { tone: 'error', message: result.message });
          router.refresh();
        })
      }
    >
      {pending ? 'Reverting…' : 'Revert this import'}
    </Button>
  );
}
