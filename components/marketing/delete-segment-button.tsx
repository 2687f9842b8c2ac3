'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { deleteSegmentAction } from '@/app/actions/marketing';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

export function DeleteSegmentButton({ segmentId }: { segmentId: string }) {
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="danger"
      disabled={busy}
      onClick={async () => {
        if (!window.confirm('Delete this segment? Sequences already enrolled from it keep their people.')) return;
        setBusy(true);
        const result = await deleteSegmentAction(segmentId);
        setBusy(false);
        if (result.ok) router.push('/marketing/segments');
        else toast({ message: result.message, tone: 'error' });
      }}
    >
      Delete segment
    </Button>
  );
}
