'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { acceptInvitationAction, acceptInvitationAsUserAction } from '@/app/actions/team';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { acceptInvitationSchema } from '@/lib/auth/invitation.schema';

export function AcceptInvitationForm({ token }: { token: string }) {
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(acceptInvitationSchema), defaultValues: { name: '', password: '' } });

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    const failed = await acceptInvitationAction(token, values);
    if (failed) {
      setFailure(failed.message);
      if (failed.fieldErrors.password) form.setError('password', { message: failed.fieldErrors.password[0] });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {failure ? <Alert>{failure}</Alert> : null}
      <TextField label="Your name" autoComplete="name" error={form.formState.errors.name?.message} {...form.register('name')} />
      <TextField
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        hint="12 to 128 characters. A short sentence is easy to remember."
        error={form.formState.errors.password?.message}
        {...form.register('password')}
      />
      <Button type="submit" className="w-full" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Creating your account…' : 'Join the team'}
      </Button>
    </form>
  );
}

/** For someone already signed in with the invited address: joining is one click. */
export function JoinAsSignedInButton({ token, orgName }: { token: string; orgName: string }) {
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3">
      {failure ? <Alert>{failure}</Alert> : null}
      <Button
        className="w-full"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await acceptInvitationAsUserAction(token);
            if (!result.ok) return setFailure(result.message);
            router.replace('/dashboard');
            router.refresh();
          })
        }
      >
        {pending ? 'Joining…' : `Join ${orgName}`}
      </Button>
    </div>
  );
}
