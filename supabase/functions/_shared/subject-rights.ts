/**
 * What gdpr-export and gdpr-erase share: only a signed-in staff member may call them (their
 * own role decides, in SQL, whether they are a compliance officer or admin of the request's
 * organisation), and database refusals become clear HTTP answers.
 */
import type { Caller } from './auth.ts';
import type { Db } from './db.ts';
import { HttpError } from './http.ts';

export function requireStaffCaller(caller: Caller, what: string): { sub: string; email: string | null } {
  if (caller.kind !== 'user') throw new HttpError(403, 'forbidden', `${what} must be asked for by a signed-in compliance officer or admin.`);
  return { sub: caller.userId, email: caller.email };
}

/** Maps the errors private.subject_export / private.erase_subject raise to HTTP. */
export function asHttpError(error: unknown): never {
  const e = error as { code?: string; message?: string };
  if (e.code === '42501') throw new HttpError(403, 'forbidden', 'Only compliance officers and admins of the organisation may do this.');
  if (e.code === 'P0002') throw new HttpError(404, 'not_found', 'That request does not exist, or is not shared with you.');
  if (e.code === '23514') throw new HttpError(409, 'invalid_state', e.message ?? 'The request is not in a state that allows this.');
  throw error;
}

/**
 * Inside the caller's transaction: 403 unless they are a compliance officer or admin at all,
 * then 404 unless RLS shows them the request (another organisation's request does not exist
 * for them).
 */
export async function requireVisibleRequest(db: Db, requestId: string): Promise<void> {
  const [role] = await db.query<{ ok: boolean }>(
    `select exists (select 1 from jsonb_each_text(private.my_roles()) r where r.value in ('admin', 'compliance')) as ok`,
  );
  if (!role?.ok) throw new HttpError(403, 'forbidden', 'Only compliance officers and admins may handle data subject requests.');
  const [request] = await db.query('select 1 from public.data_subject_requests where id = $1', [requestId]);
  if (!request) throw new HttpError(404, 'not_found', 'That request does not exist, or is not shared with you.');
}
