'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import { revokeCertificationAction } from '@/app/actions/training';
import { ReasonForm } from '@/components/ui/reason-form';

/** Revoke a certificate, saying why; the verification page then says it is revoked. */
export function RevokeCertification({ certificationId, number }: { certificationId: string; number: string }) {
  const path = usePathname();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="text-sm text-red-700 underline" onClick={() => setOpen(true)} aria-label={`Revoke certificate ${number}`}>
        Revoke
      </button>
    );
  }
  return (
    <div className="mt-1">
      <ReasonForm
        label={`Why is certificate ${number} revoked?`}
        submitLabel="Revoke certificate"
        onCancel={() => setOpen(false)}
        onSubmit={async (reason) => {
          const result = await revokeCertificationAction({ id: certificationId, reason }, path);
          if (!result.ok) return result.fieldErrors.reason?.[0] ?? result.message;
          setOpen(false);
          router.refresh();
          return null;
        }}
      />
    </div>
  );
}
