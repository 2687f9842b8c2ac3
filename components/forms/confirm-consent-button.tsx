'use client';

import { useState, useTransition } from 'react';
import { confirmConsentAction } from '@/app/actions/lead-forms';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

const answers = {
  confirmed: (org: string) => `Thank you: you will hear from ${org}. Every email has a link to unsubscribe.`,
  already: () => 'You had already confirmed: nothing more to do.',
  expired: () => 'This link has expired, so nothing was recorded. Fill in the form again to get a new one.',
  unknown: () => 'This link is not valid.',
} as const;

/** The one click that records the consent (a POST, so that mail scanners opening the link do not). */
export function ConfirmConsentButton({ token, alreadyConfirmed, orgName }: { token: string; alreadyConfirmed: boolean; orgName: string }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(alreadyConfirmed ? { tone: 'success', text: answers.already() } : null);
  if (message) {
    return (
      <div data-testid="consent-confirmation-outcome">
        <Alert tone={message.tone}>{message.text}</Alert>
      </div>
    );
  }
  return (
    <Button
      className="w-full"
      disabled={pending}
      onClick={() =>
        start(async () => {
          const result = await confirmConsentAction(token);
          setMessage(result.ok ? { tone: result.outcome === 'confirmed' || result.outcome === 'already' ? 'success' : 'error', text: answers[result.outcome](orgName) } : { tone: 'error', text: result.message });
        })
      }
    >
      {pending ? 'Confirming…' : 'Yes, that was me'}
    </Button>
  );
}
