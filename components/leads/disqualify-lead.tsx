'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { disqualifyLeadAction } from '@/app/actions/leads';
import { Button } from '@/components/ui/button';
import { ReasonForm } from '@/components/ui/reason-form';

/** Disqualify a lead, saying why. */
export function DisqualifyLead({ leadId }: { leadId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Disqualify…
      </Button>
    );
  }
  return (
    <div className="w-full rounded-lg border border-slate-200 bg-white p-4">
      <ReasonForm
        label="Why is this lead disqualified?"
        submitLabel="Disqualify"
        placeholder="e.g. No training budget this year"
        onCancel={() => setOpen(false)}
        onSubmit={async (reason) => {
          const result = await disqualifyLeadAction({ id: leadId, reason });
          if (!result.ok) return result.fieldErrors.reason?.[0] ?? result.message;
          setOpen(false);
          router.refresh();
          return null;
        }}
      />
    </div>
  );
}
