/**
 * Typed errors of the CRM service. Every failure a user can cause is one of these kinds, with
 * a message fit to show; so is a database that is out of disk space or out of reach
 * (`unavailable`: nothing the person did, and nothing they can fix but wait). Anything else is
 * a bug, logged with context by the caller.
 */
import type { z } from 'zod';

export type FieldErrors = Record<string, string[]>;

export class CrmError extends Error {
  constructor(
    readonly kind: 'validation' | 'not_found' | 'forbidden' | 'conflict' | 'rate_limited' | 'unavailable',
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
    this.name = 'CrmError';
  }
}

/** The HTTP status a route answers for each kind. */
export const httpStatusOf: Record<CrmError['kind'], number> = {
  validation: 400,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

export const validationError = (message: string, fieldErrors: FieldErrors = {}) =>
  new CrmError('validation', message, fieldErrors);
export const notFound = (what: string) => new CrmError('not_found', `${what} was not found, or you do not have access to it.`);
export const forbidden = (message = 'You do not have permission to do that.') => new CrmError('forbidden', message);
export const conflict = (message: string) => new CrmError('conflict', message);

const NUL_MESSAGE = 'Remove the invisible control character (NUL) from this text.';

/** Paths of the strings in `input` that hold a NUL character, which Postgres cannot store. */
function nulPaths(input: unknown, path: string[] = [], found: string[] = [], depth = 0): string[] {
  if (typeof input === 'string') {
    if (input.includes('\u0000')) found.push(path.length ? path.join('.') : '_');
  } else if (input !== null && typeof input === 'object' && depth < 8 && !(input instanceof Date)) {
    for (const [key, value] of Object.entries(input)) nulPaths(value, [...path, key], found, depth + 1);
  }
  return found;
}

/**
 * Parses input with a zod schema, turning failures into a validation CrmError. Text with a NUL
 * character is refused here, for every schema, with a message on the field: Postgres cannot
 * store it, and stripping it silently would change what the person typed.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const withNul = nulPaths(input);
  if (withNul.length) throw validationError('Some fields need attention.', Object.fromEntries(withNul.map((path) => [path, [NUL_MESSAGE]])));
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
  }
  throw validationError('Some fields need attention.', fieldErrors);
}

type PgError = { code?: string; constraint?: string; message?: string; table?: string; column?: string };

export const DISK_FULL_MESSAGE = 'Nothing was saved: the database has run out of disk space. Try again once an administrator has freed some.';
export const UNREACHABLE_MESSAGE = 'The database could not be reached, so this may not have been saved. Check, and try again in a moment.';

/**
 * A database that cannot take the write at all: out of disk (class 53: 53100 disk_full, and
 * the out-of-memory/connections siblings), or gone (class 08 and 57P0x: shut down, crashed,
 * restarting, or the connection dropped before an answer).
 */
function unavailable(e: PgError & { message?: string }): CrmError | null {
  if (e.code === '53100') return new CrmError('unavailable', DISK_FULL_MESSAGE);
  if (e.code?.startsWith('08') || /^57P0[1-3]$/.test(e.code ?? '') || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(e.code ?? '')) {
    return new CrmError('unavailable', UNREACHABLE_MESSAGE);
  }
  if (!e.code && /^Connection terminated|^Client has encountered a connection error/.test(e.message ?? '')) return new CrmError('unavailable', UNREACHABLE_MESSAGE);
  return null;
}

/** Known unique constraints, named by what the user tried to duplicate. */
const uniqueMessages: Record<string, [field: string, message: string]> = {
  contacts_email_unique_live: ['email', 'A contact with this email address already exists.'],
  invitations_one_open_per_email: ['email', 'This person already has an open invitation.'],
  courses_org_id_code_key: ['code', 'A course with this code already exists.'],
  certifications_certificate_number_key: ['certificate_number', 'This certificate number is already in use.'],
  enrollments_one_per_session: ['contact_id', 'This person is already booked on this session.'],
  tags_org_id_name_key: ['name', 'A tag with this name already exists.'],
  pipelines_org_id_name_key: ['name', 'A pipeline with this name already exists.'],
  exam_results_enrollment_id_attempt_key: ['attempt', 'This attempt is already recorded.'],
  bulk_merges_one_running: ['dry_run', 'A merge of every duplicate is already under way in this organisation: wait for it to finish, or stop it.'],
};

/** Checks raised by our triggers with a message written for the person (the rest are generic). */
const checksWithMessages = new Set([
  'enrollments_session_capacity',
  // Merges (20261203000300): why these contacts cannot be merged, or a merge undone.
  'merge_refused',
  // Campaigns (20261208000100): a draft goes only after its final check, and only a draft is edited.
  'campaign_guard',
  'exam_results_session_started',
  'exam_results_taken_during_session',
  // Custom properties (20261202000200): the message names the property; the column says which field.
  'custom_properties_valid',
  'property_definitions_fixed_shape',
  'property_definitions_options',
  'property_definitions_unique_values',
  // The learner portal (20261207000200): why a trainee may not change a booking themselves.
  'learner_change_cutoff',
  'learner_move_destination',
  'learner_renewal_destination',
  'learner_data_request',
  'courses_portal_lists',
]);

/** Maps a Postgres error raised inside a service call to a CrmError, or returns it unchanged. */
export function translateDbError(error: unknown): unknown {
  if (error instanceof CrmError) return error;
  const e = error as PgError;
  switch (e.code) {
    case '42501': // insufficient_privilege: RLS refused the row, or a row moved organisation
      return forbidden(
        e.message?.includes('another organisation') ? 'A record cannot move to another organisation.' : undefined,
      );
    case '23505': {
      // A unique custom property's index (the validation names the property; this is the race it lost).
      if (e.constraint?.startsWith('custom_unique_')) return validationError('Another record already has this value of a unique property.');
      const known = e.constraint ? uniqueMessages[e.constraint] : undefined;
      return known ? validationError(known[1], { [known[0]]: [known[1]] }) : conflict('This record already exists.');
    }
    case '23514': {
      if (!(e.constraint && e.message && checksWithMessages.has(e.constraint))) return validationError('These values are not allowed together.');
      return validationError(e.message, e.column ? { [e.column]: [e.message] } : {});
    }
    case '23503':
      return validationError('A linked record does not exist in this organisation.');
    case 'P0002': // no_data_found, raised by a named function that found nothing the caller may reach
      return new CrmError('not_found', e.message ?? 'Not found.');
    case '23502':
      return validationError('A required value is missing.');
    case '22P02':
    case '22007':
    case '22008':
      return validationError('A value has the wrong format.');
    case '22021': // character_not_in_repertoire: a NUL byte in text
    case '22P05': // untranslatable_character: a NUL escape in JSON
      return validationError(NUL_MESSAGE);
    default:
      return unavailable(e) ?? error;
  }
}
