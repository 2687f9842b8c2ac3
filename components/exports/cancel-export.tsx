'use client';

import { useTransition } from 'react';
import { cancelExportAction } from '@/app/actions/exports';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

/** Stops an export that is still waiting or being written. */
export function CancelExport({ exportId, fileName }: { exportId: string; fileName: string }) {
  const toast = useToast();
  const [pending, start] = useTransition();
  return (
    <Button
      variant="secondary"
      size="sm"
      disabled={pending}
      aria-label={`Cancel the export ${fileName}`}
      onClick={() =>
        start(async () => {
          const result = await cancelExportAction(exportId);
          toast(result.ok ? { tone: 'info', message: `Export ${fileName} cancelled.` } : { tone: 'error', message: result.message });
        })
      }
    >
      {pending ? 'Cancelling…' : 'Cancel'}
    </Button>
  );
}
