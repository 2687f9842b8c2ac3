'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { authClient } from '@/lib/auth/client';
import { type SignInInput, signInSchema } from '@/lib/auth/sign-in.schema';

/** `next`: where to go once signed in (already checked to be a path of this app). */
export function SignInForm({ next = '/dashboard' }: { next?: string }) {
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<SignInInput>({ resolver: zodResolver(signInSchema) });

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    const { error } = await authClient.signIn.email(values);
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
