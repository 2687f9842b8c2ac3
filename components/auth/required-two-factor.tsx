'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { signOutAction } from '@/app/actions/auth';
import { TwoFactorSetup } from '@/components/auth/two-factor-setup';

/** The setup an organisation requires before anything else, then on to the dashboard; or sign out. */
export function RequiredTwoFactor() {
  const router = useRouter();
  const [signingOut, startSignOut] = useTransition();
  return (
    <div className="space-y-6">
      <TwoFactorSetup
        doneLabel="Continue to Cohort"
        onDone={() => {
          router.replace('/dashboard');
          router.refresh();
        }}
      />
      <p className="text-center text-sm">
        <button type="button" className="text-brand-700 underline" disabled={signingOut} onClick={() => startSignOut(() => signOutAction())}>
          Sign out instead
        </button>
      </p>
    </div>
  );
}
