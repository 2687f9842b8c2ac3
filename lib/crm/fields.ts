/**
 * Field schemas shared by every entity's zod module, with messages written for the person
 * typing. Forms send '' for an emptied input: optional fields turn it into null, which clears
 * the column on an update (and stores nothing on a create); a field left out is undefined and
 * leaves the column as it is. Update schemas are partial and have no defaults, so an edit
 * changes exactly the fields it sends.
 */
import { z } from 'zod';

export const requiredText = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} can be at most ${max} characters.`);

/** '' (an emptied input) and null become null; undefined (not sent) stays undefined. */
const blankToNull = (value: string | null | undefined) => (value === undefined ? undefined : value || null);

export const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} can be at most ${max} characters.`)
    .nullish()
    .transform(blankToNull);

export const optionalEmail = z
  .string()
  .trim()
  .max(254, 'An email address can be at most 254 characters.')
  .nullish()
  .transform(blankToNull)
  .pipe(z.email('Enter a valid email address, like name@company.com.').nullish());

export const optionalPhone = z
  .string()
  .trim()
  .max(40, 'A phone number can be at most 40 characters.')
  .regex(/^[+()\d\s.-]*$/, 'Use digits, spaces and + ( ) - only.')
  .nullish()
  .transform(blankToNull);

/** A calendar day typed as YYYY-MM-DD; '' clears it. */
export const optionalDate = (label: string) =>
  z
    .union([z.iso.date(`${label}: use a date like 2026-12-31.`), z.literal(''), z.null()])
    .optional()
    .transform((value) => (value === undefined ? undefined : value || null));

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
/** Where a record came from, chosen from a list; '' ("not known") and null store nothing. */
export const optionalSource = z
  .union([z.enum(recordSources, { error: 'Choose a source from the list.' }), z.literal(''), z.null()])
  .optional()
  .transform((value) => (value === undefined ? undefined : value || null));

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
