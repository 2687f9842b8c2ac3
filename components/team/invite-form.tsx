'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { inviteStaffAction } from '@/app/actions/team';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { invitationSchema } from '@/lib/auth/invitation.schema';
import { memberRoles } from '@/lib/auth/roles';

export function InviteForm() {
  const [link, setLink] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(invitationSchema), defaultValues: { email: '', role: 'sales' as const } });

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    setLink(null);
    const result = await inviteStaffAction(values);
    if (result.ok) {
      setLink(result.data.url);
      form.reset();
    } else {
      setFailure(result.message);
      if (result.fieldErrors.email) form.setError('email', { message: result.fieldErrors.email[0] });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" data-testid="invite-form">
      {failure ? <Alert>{failure}</Alert> : null}
      {link ? (
        <Alert tone="success">
          Invitation emailed. If it does not arrive (check the Dev inbox when no email provider is set up), send them this link yourself:{' '}
          <code className="break-all" data-testid="invitation-link">{link}</code>
        </Alert>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-[1fr_auto]">
        <TextField label="Email" type="email" error={form.formState.errors.email?.message} {...form.register('email')} />
        <SelectField label="Role" {...form.register('role')}>
          {memberRoles.map((role) => (
            <option key={role} value={role}>
              {role[0]?.toUpperCase() + role.slice(1)}
            </option>
          ))}
        </SelectField>
      </div>
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Inviting…' : 'Send invitation'}
      </Button>
    </form>
  );
}
