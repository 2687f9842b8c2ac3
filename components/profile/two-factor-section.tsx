'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { BackupCodes, TwoFactorSetup } from '@/components/auth/two-factor-setup';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import { authClient } from '@/lib/auth/client';
import { type TwoFactorPasswordInput, twoFactorPasswordSchema } from '@/lib/auth/sign-in.schema';

/**
 * Profile → Two-factor sign-in: turn it on; once on, new backup codes or turn it off (each
 * after the password) — except for a role the organisation requires it of.
 */
export function TwoFactorSection({ enabled, required }: { enabled: boolean; required: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const [setting, setSetting] = useState(false);
  const [action, setAction] = useState<'codes' | 'off' | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<TwoFactorPasswordInput>({ resolver: zodResolver(twoFactorPasswordSchema) });

  if (!enabled) {
    if (setting) return <TwoFactorSetup onDone={() => router.refresh()} />;
    return (
      <div className="space-y-3">
        <p className="text-sm text-slate-700">Off. With it on, signing in also asks for a code from an app on your phone, so a stolen password is not enough.</p>
        <Button type="button" onClick={() => setSetting(true)}>
          Set up two-factor sign-in
        </Button>
      </div>
    );
  }
  if (codes) return <BackupCodes codes={codes} intro="New backup codes: the old ones no longer work." doneLabel="Done" onDone={() => setCodes(null)} />;

  const onSubmit = form.handleSubmit(async ({ password }) => {
    setFailure(null);
    if (action === 'codes') {
      const { data, error } = await authClient.twoFactor.generateBackupCodes({ password });
      if (error || !data) return setFailure('That password is not right.');
      setCodes(data.backupCodes);
    } else {
      const { error } = await authClient.twoFactor.disable({ password });
      if (error) return setFailure('That password is not right.');
      toast({ tone: 'info', message: 'Two-factor sign-in is off.' });
      router.refresh();
    }
    setAction(null);
    form.reset();
  });

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700" data-testid="two-factor-status">
        On: signing in asks for a code from your authenticator app (or a backup code).
        {required ? ' Your organisation requires it for your role.' : ''}
      </p>
      {action ? (
        <form onSubmit={onSubmit} noValidate className="space-y-3">
          {failure ? <Alert>{failure}</Alert> : null}
          <TextField label="Your password" type="password" autoComplete="current-password" error={form.formState.errors.password?.message} {...form.register('password')} />
          <div className="flex gap-2">
            <Button type="submit" variant={action === 'off' ? 'danger' : 'primary'} disabled={form.formState.isSubmitting}>
              {action === 'off' ? 'Turn off two-factor sign-in' : 'Make new backup codes'}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setAction(null)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="secondary" onClick={() => setAction('codes')}>
            New backup codes
          </Button>
          {required ? null : (
            <Button type="button" variant="secondary" onClick={() => setAction('off')}>
              Turn off
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
