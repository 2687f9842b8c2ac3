'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { changePasswordAction } from '@/app/actions/profile';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { passwordSchema } from '@/lib/auth/password.schema';

// The same length rules as the server; the server also refuses common passwords.
const schema = z
  .object({ currentPassword: z.string().min(1, 'Enter your current password.'), newPassword: passwordSchema, confirm: z.string() })
  .refine((p) => p.newPassword === p.confirm, { path: ['confirm'], message: 'The two new passwords differ.' });
type Values = z.infer<typeof schema>;

/** Change your own password: current one, new one twice. Your other sessions end. */
export function PasswordChangeForm() {
  const router = useRouter();
  const [done, setDone] = useState(false);
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { currentPassword: '', newPassword: '', confirm: '' } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setDone(false);
    const result = await changePasswordAction(values);
    if (!result.ok) {
      const fields = Object.entries(result.fieldErrors);
      for (const [field, messages] of fields) form.setError(field as keyof Values, { message: messages[0] });
      if (!fields.length) form.setError('root', { message: result.message });
      return;
    }
    form.reset();
    setDone(true);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-md space-y-4" data-testid="password-change-form">
      {done ? <Alert tone="success">Password changed. You were signed out everywhere else.</Alert> : null}
      {errors.root?.message ? <Alert>{errors.root.message}</Alert> : null}
      <TextField label="Current password" type="password" autoComplete="current-password" error={errors.currentPassword?.message} {...form.register('currentPassword')} />
      <TextField label="New password" type="password" autoComplete="new-password" hint="At least 12 characters; not a commonly used password." error={errors.newPassword?.message} {...form.register('newPassword')} />
      <TextField label="New password again" type="password" autoComplete="new-password" error={errors.confirm?.message} {...form.register('confirm')} />
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Changing…' : 'Change password'}
      </Button>
    </form>
  );
}
