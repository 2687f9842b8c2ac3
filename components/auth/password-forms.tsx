'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { authClient } from '@/lib/auth/client';
import { passwordSchema } from '@/lib/auth/password.schema';

const requestSchema = z.object({ email: z.email('Enter the email address of your account.') });

export function ForgotPasswordForm() {
  const [sent, setSent] = useState(false);
  const form = useForm({ resolver: zodResolver(requestSchema), defaultValues: { email: '' } });
  const onSubmit = form.handleSubmit(async ({ email }) => {
    await authClient.requestPasswordReset({ email, redirectTo: '/reset-password' });
    // Same answer whether or not the account exists, so the form cannot be used to probe emails.
    setSent(true);
  });
  if (sent) {
    return (
      <Alert tone="success">
        If an account exists for that address, a reset link is on its way. If it does not arrive, your admin can
        generate the link for you from the Team page.
      </Alert>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <TextField label="Email" type="email" autoComplete="email" error={form.formState.errors.email?.message} {...form.register('email')} />
      <Button type="submit" className="w-full" disabled={form.formState.isSubmitting}>
        Send reset link
      </Button>
    </form>
  );
}

const resetSchema = z
  .object({ password: passwordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: 'The two passwords differ.', path: ['confirm'] });

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, setState] = useState<'editing' | 'done'>('editing');
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(resetSchema), defaultValues: { password: '', confirm: '' } });
  const onSubmit = form.handleSubmit(async ({ password }) => {
    setFailure(null);
    const { error } = await authClient.resetPassword({ newPassword: password, token });
    if (!error) return setState('done');
    // A password the server refuses (a common one) is the field's problem; anything else is the link's.
    if (error.code === 'COMMON_PASSWORD') form.setError('password', { message: error.message ?? 'Choose another password.' });
    else setFailure('This reset link has expired or was already used. Ask for a new one.');
  });
  if (state === 'done') {
    return (
      <Alert tone="success">
        Your password is changed and your other sessions are signed out.{' '}
        <Link href="/sign-in" className="underline">
          Sign in
        </Link>
      </Alert>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {failure ? <Alert>{failure}</Alert> : null}
      <TextField label="New password" type="password" autoComplete="new-password" error={form.formState.errors.password?.message} {...form.register('password')} />
      <TextField label="Repeat the new password" type="password" autoComplete="new-password" error={form.formState.errors.confirm?.message} {...form.register('confirm')} />
      <Button type="submit" className="w-full" disabled={form.formState.isSubmitting}>
        Change password
      </Button>
    </form>
  );
}
