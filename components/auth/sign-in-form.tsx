'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { TRUSTED_DEVICE_DAYS } from '@/lib/auth/two-factor';
import { authClient } from '@/lib/auth/client';
import { type SecondFactorInput, type SignInInput, secondFactorSchema, signInSchema } from '@/lib/auth/sign-in.schema';

/** `next`: where to go once signed in (already checked to be a path of this app). */
export function SignInForm({ next = '/dashboard' }: { next?: string }) {
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<SignInInput>({ resolver: zodResolver(signInSchema) });

  const [secondStep, setSecondStep] = useState(false);

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    const { data, error } = await authClient.signIn.email(values);
    if (data && 'twoFactorRedirect' in data && data.twoFactorRedirect) {
      setSecondStep(true);
      return;
    }
    if (error) {
      setFailure(
        error.status === 429
          ? error.code === 'ACCOUNT_LOCKED'
            ? (error.message ?? 'This account is locked after too many failed sign-ins.')
            : 'Too many sign-in attempts. Wait a minute and try again.'
          : error.status === 403
            ? (error.message ?? 'This account has been deactivated.')
            : 'That email and password do not match an active account.',
      );
      return;
    }
    router.replace(next);
    router.refresh();
  });

  if (secondStep) return <SecondFactorForm next={next} />;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="sign-in-form">
      {failure ? <Alert>{failure}</Alert> : null}
      <TextField label="Email" type="email" autoComplete="email" error={formState.errors.email?.message} {...register('email')} />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        error={formState.errors.password?.message}
        {...register('password')}
      />
      <Button type="submit" className="w-full" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? 'Signing in…' : 'Sign in'}
      </Button>
      <p className="text-center text-sm">
        <Link href="/forgot-password" className="text-brand-700 underline">
          Forgot your password?
        </Link>
      </p>
    </form>
  );
}

/** The second step: the password was right; now a code from the authenticator app, or a backup code. */
function SecondFactorForm({ next }: { next: string }) {
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const [useBackup, setUseBackup] = useState(false);
  const { register, handleSubmit, formState, setFocus } = useForm<SecondFactorInput>({ resolver: zodResolver(secondFactorSchema), defaultValues: { code: '', trustDevice: false } });
  useEffect(() => setFocus('code'), [setFocus]);

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    const code = values.code.replace(/\s+/g, '');
    const { error } = useBackup
      ? await authClient.twoFactor.verifyBackupCode({ code, trustDevice: values.trustDevice })
      : await authClient.twoFactor.verifyTotp({ code, trustDevice: values.trustDevice });
    if (error) {
      setFailure(
        error.status === 429
          ? 'Too many codes tried. Wait a minute and try again.'
          : error.status === 401 && /expired|sign in again|invalid two factor cookie/i.test(error.message ?? '')
            ? 'This sign-in has expired. Start again with your password.'
            : /locked/i.test(error.message ?? '')
              ? (error.message ?? 'Too many wrong codes: the second factor is locked for a while.')
              : useBackup
                ? 'That backup code is not valid (each works once).'
                : 'That code is not right. Codes change every 30 seconds: enter the one your app shows now.',
      );
      return;
    }
    router.replace(next);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="second-factor-form">
      <p className="text-sm text-slate-700">
        {useBackup ? 'Enter one of the backup codes you saved when you set up two-factor sign-in.' : 'Enter the 6-digit code from your authenticator app.'}
      </p>
      {failure ? <Alert>{failure}</Alert> : null}
      <TextField
        label={useBackup ? 'Backup code' : 'Authentication code'}
        inputMode={useBackup ? 'text' : 'numeric'}
        autoComplete="one-time-code"
        error={formState.errors.code?.message}
        {...register('code')}
      />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" className="h-4 w-4" {...register('trustDevice')} />
        Trust this device for {TRUSTED_DEVICE_DAYS} days
      </label>
      <Button type="submit" className="w-full" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? 'Checking…' : 'Verify and sign in'}
      </Button>
      <p className="text-center text-sm">
        <button type="button" className="text-brand-700 underline" onClick={() => setUseBackup((b) => !b)}>
          {useBackup ? 'Use the authenticator app instead' : 'Use a backup code instead'}
        </button>
      </p>
    </form>
  );
}
