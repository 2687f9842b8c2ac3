'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { restoreLeadAction } from '@/app/actions/leads';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

export function RestoreLeadButton({ leadId, name }: { leadId: string; name: string }) {
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
          const result = await restoreLeadAction(leadId);
          toast(result.ok ? { tone: 'info', message: `${name} is back in the leads list.` } : { tone: 'error', message: result.message });
          router.refresh();
        })
      }
    >
      Restore
    </Button>
  );
}
