'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { updateOrganizationAction } from '@/app/actions/settings';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import { memberRoles, roleLabels } from '@/lib/auth/roles';
import { organizationProfileSchema } from '@/lib/crm/organization.schema';
import type { MemberRole } from '@/lib/db/types';

type Org = {
  name: string;
  postal_address: string | null;
  brand_color: string | null;
  logo_url: string | null;
  export_alert_rows: number;
  export_roles: MemberRole[];
  learner_change_cutoff_hours: number;
  learner_contact_email: string | null;
  require_two_factor: boolean;
};

export function OrganizationForm({ org, catalogueUrl }: { org: Org; catalogueUrl: string }) {
  const toast = useToast();
  const form = useForm({
    resolver: zodResolver(organizationProfileSchema),
    defaultValues: { name: org.name, postal_address: org.postal_address ?? '', brand_color: org.brand_color ?? '#1d4ed8', logo_url: org.logo_url ?? '', export_alert_rows: org.export_alert_rows, export_roles: org.export_roles.filter((r) => r !== 'admin'), learner_change_cutoff_hours: org.learner_change_cutoff_hours, learner_contact_email: org.learner_contact_email ?? '', require_two_factor: org.require_two_factor },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await updateOrganizationAction(values);
    if (result.ok) return toast({ tone: 'info', message: 'Organisation profile saved.' });
    for (const [field, messages] of Object.entries(result.fieldErrors)) form.setError(field as keyof typeof values, { message: messages[0] });
    toast({ tone: 'error', message: result.message });
  });
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4" data-testid="organization-form">
      <TextField label="Organisation name" error={errors.name?.message} {...form.register('name')} />
      <div className="space-y-1">
        <label htmlFor="org-address" className="block text-sm font-medium">Postal address</label>
        <textarea id="org-address" rows={3} aria-invalid={errors.postal_address ? true : undefined} aria-describedby="org-address-hint" className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" {...form.register('postal_address')} />
        <p id="org-address-hint" className="text-xs text-slate-600">Printed in the footer of every email, as anti-spam law requires.</p>
        {errors.postal_address ? <p role="alert" className="text-sm text-red-700">{errors.postal_address.message}</p> : null}
      </div>
      <TextField label="Brand colour" type="text" hint="Hex colour used for buttons and links in emails, e.g. #1d4ed8." error={errors.brand_color?.message} {...form.register('brand_color')} />
      <TextField label="Logo URL" type="url" hint="An https address of your logo image (optional)." error={errors.logo_url?.message} {...form.register('logo_url')} />
      <TextField
        label="Tell admins of exports from (rows)"
        type="number"
        min={1}
        hint="An export of at least this many rows notifies every admin. Every export is in the audit log either way."
        error={errors.export_alert_rows?.message}
        {...form.register('export_alert_rows')}
      />
      <fieldset className="space-y-2" aria-describedby="export-roles-hint">
        <legend className="text-sm font-medium">Roles that may export lists</legend>
        <p id="export-roles-hint" className="text-xs text-slate-600">An export takes every row of a list out of Cohort. Admins always may.</p>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {memberRoles
            .filter((role) => role !== 'admin')
            .map((role) => (
              <label key={role} className="flex items-center gap-2 text-sm">
                <input type="checkbox" value={role} className="h-4 w-4" {...form.register('export_roles')} />
                {roleLabels[role]}
              </label>
            ))}
        </div>
        {errors.export_roles ? <p role="alert" className="text-sm text-red-700">{errors.export_roles.message}</p> : null}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Sign-in</legend>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5 h-4 w-4" {...form.register('require_two_factor')} />
          <span>
            Require two-factor sign-in for admins and compliance officers
            <span className="block text-xs text-slate-600">
              They set it up (an authenticator app on their phone) before anything else the next time they open Cohort — you too, if you have not yet. Everyone else may turn it on in their profile.
            </span>
          </span>
        </label>
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">Learner portal</legend>
        <p className="text-xs text-slate-600">
          Trainees manage their bookings and certificates there. Your public course catalogue:{' '}
          <a href={catalogueUrl} className="break-all text-brand-700 underline" data-testid="catalogue-url">
            {catalogueUrl}
          </a>
        </p>
        <TextField
          label="Self-service changes close (hours before a session)"
          type="number"
          min={0}
          hint="Trainees can move or cancel a booking themselves until this many hours before it starts; after that the portal tells them whom to contact."
          error={errors.learner_change_cutoff_hours?.message}
          {...form.register('learner_change_cutoff_hours')}
        />
        <TextField
          label="Bookings contact email"
          type="email"
          hint="Whom trainees write to once they can no longer change a booking themselves (optional)."
          error={errors.learner_contact_email?.message}
          {...form.register('learner_contact_email')}
        />
      </fieldset>
      <Button type="submit" disabled={isSubmitting}>{isSubmitting ? 'Saving…' : 'Save profile'}</Button>
    </form>
  );
}
