/**
 * Field schemas shared by every entity's zod module. Forms send '' for an empty input, so
 * optional text turns blank into undefined, and messages are written for the person typing.
 */
import { z } from 'zod';

export const requiredText = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} can be at most ${max} characters.`);

export const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} can be at most ${max} characters.`)
    .optional()
    .transform((value) => value || undefined);

export const optionalEmail = z
  .string()
  .trim()
  .max(254, 'An email address can be at most 254 characters.')
  .optional()
  .transform((value) => value || undefined)
  .pipe(z.email('Enter a valid email address, like name@company.com.').optional());

export const optionalPhone = z
  .string()
  .trim()
  .max(40, 'A phone number can be at most 40 characters.')
  .regex(/^[+()\d\s.-]*$/, 'Use digits, spaces and + ( ) - only.')
  .optional()
  .transform((value) => value || undefined);

export const id = (label = 'Record') => z.uuid(`${label} is not a valid reference.`);

/** An owner chosen in a form or by a caller: a user id, or '' / null for "nobody". */
export const ownerId = z
  .union([z.uuid('Choose a valid owner.'), z.literal(''), z.null()])
  .optional()
  .transform((value) => (value === '' ? null : value));

/** Owner filter of a list: a user id, "me" or "unassigned". */
export const ownerFilter = z.union([z.uuid(), z.literal('me'), z.literal('unassigned')]).optional();

/** updated_at as the client last saw it, for the optimistic concurrency check. */
export const expectedUpdatedAt = z.coerce.date({ error: 'The edit is missing its version; reload and try again.' });

export const recordSources = ['website', 'referral', 'event', 'webinar', 'partner', 'cold_outreach', 'import', 'other'] as const;
export const recordSourceLabels: Record<(typeof recordSources)[number], string> = {
  website: 'Website',
  referral: 'Referral',
  event: 'Event',
  webinar: 'Webinar',
  partner: 'Partner',
  cold_outreach: 'Cold outreach',
  import: 'Import',
  other: 'Other',
};
