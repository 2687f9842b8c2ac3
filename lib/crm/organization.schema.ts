import { z } from 'zod';
import { memberRoles } from '../auth/roles';
import type { MemberRole } from '../db/types';
import { requiredText } from './fields';

export const organizationProfileSchema = z.object({
  name: requiredText('Organisation name', 200),
  postal_address: requiredText('Postal address', 500),
  brand_color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #1d4ed8.'),
  // The form sends what it validated: no logo arrives as null, and must pass again on the server.
  logo_url: z
    .string()
    .trim()
    .nullish()
    .transform((value) => value || null)
    .pipe(z.url({ protocol: /^https?$/, error: 'Use a full http(s) address of the logo image.' }).nullable()),
  /** Exports of at least this many rows notify the admins (left as it is when not sent). */
  export_alert_rows: z.coerce
    .number({ error: 'Enter a number of rows.' })
    .int('Enter a whole number of rows.')
    .min(1, 'At least 1 row.')
    .max(100_000_000, 'At most 100,000,000 rows.')
    .optional(),
  /** How close to a session's start trainees may still cancel or move it in the learner portal. */
  learner_change_cutoff_hours: z.coerce
    .number({ error: 'Enter a number of hours.' })
    .int('Enter a whole number of hours.')
    .min(0, 'At least 0 hours.')
    .max(720, 'At most 720 hours (30 days).')
    .optional(),
  /** Whom trainees write to once they may no longer change a booking themselves. */
  learner_contact_email: z
    .string()
    .trim()
    .max(254, 'At most 254 characters.')
    .nullish()
    // Left as it is when not sent; cleared when sent empty (or null).
    .transform((value) => (value === undefined ? undefined : value || null))
    .pipe(z.email({ error: 'Enter an email address, like bookings@example.com.' }).nullable().optional()),
  /** Admins and compliance officers must sign in with a second factor (left as it is when not sent). */
  require_two_factor: z.boolean({ error: 'Choose whether two-factor sign-in is required.' }).optional(),
  /** The roles besides admin that may export lists (left as they are when not sent). */
  export_roles: z.array(z.enum(memberRoles.filter((r) => r !== 'admin') as [MemberRole, ...MemberRole[]], { error: 'Choose roles from the list.' })).max(memberRoles.length).optional(),
});

/** The roles stored for exporting: the chosen ones and admin, who always may. */
export const exportRolesOf = (chosen: MemberRole[]): MemberRole[] => memberRoles.filter((r) => r === 'admin' || chosen.includes(r));

export const stageSchema = z.object({
  id: z.uuid(),
  name: requiredText('Stage name', 100),
  probability: z.coerce.number().int().min(0, 'Probability is 0–100.').max(100, 'Probability is 0–100.'),
});

export const newStageSchema = z.object({
  pipeline_id: z.uuid(),
  name: requiredText('Stage name', 100),
  probability: z.coerce.number().int().min(0, 'Probability is 0–100.').max(100, 'Probability is 0–100.'),
});

export const newPipelineSchema = z.object({ name: requiredText('Pipeline name', 100) });
