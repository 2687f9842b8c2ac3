/**
 * gdpr-erase: carries out a verified erasure request after an explicit confirmation (the
 * subject's address typed again). private.erase_subject does all of it in the caller's one
 * transaction — its definer rights are the named step that may redact the append-only audit
 * log — and returns counts only. With RESEND_API_KEY and RESEND_AUDIENCE_ID set, the address
 * is then removed from the Resend audience too.
 *
 *   POST /functions/v1/gdpr-erase   { request_id, confirm_email, keep_training_records }
 *     200 { counts } · 400 invalid_request (confirmation does not match) · 401 · 403 · 404 · 409
 */
import { Resend } from 'resend';
import { z } from 'zod';
import { requireCaller } from '../_shared/auth.ts';
import { asUser } from '../_shared/db.ts';
import { optionalEnv } from '../_shared/env.ts';
import { HttpError, handle, json, readJson } from '../_shared/http.ts';
import { log } from '../_shared/log.ts';
import { asHttpError, requireStaffCaller, requireVisibleRequest } from '../_shared/subject-rights.ts';

const bodySchema = z.object({
  request_id: z.uuid(),
  confirm_email: z.email(),
  keep_training_records: z.boolean().default(true),
});

/** Best effort after the commit: the erasure itself never depends on a third party. */
async function removeFromResend(email: string): Promise<string> {
  const apiKey = optionalEnv('RESEND_API_KEY');
  const audienceId = optionalEnv('RESEND_AUDIENCE_ID');
  if (!apiKey || !audienceId) return 'not configured';
  const { error } = await new Resend(apiKey).contacts.remove({ email, audienceId });
  if (error) {
    log('error', 'Resend contact removal failed', { function: 'gdpr-erase', reason: error.name });
    return 'failed; remove the contact in Resend by hand';
  }
  return 'removed';
}

export const handler = handle('gdpr-erase', ['POST'], async (request) => {
  const user = requireStaffCaller(await requireCaller(request), 'An erasure');
  const body = await readJson(request, bodySchema);
  const { counts, email } = await asUser(user, async (db) => {
    await requireVisibleRequest(db, body.request_id);
    const [subject] = await db.query<{ subject_email: string | null }>('select subject_email from public.data_subject_requests where id = $1', [body.request_id]);
    if (!subject) throw Object.assign(new Error('not found'), { code: 'P0002' });
    if (subject.subject_email?.toLowerCase() !== body.confirm_email.toLowerCase()) {
      throw new HttpError(400, 'invalid_request', 'The confirmation does not match the subject’s email address; nothing was erased.');
    }
    const [row] = await db.query<{ counts: Record<string, unknown> }>('select private.erase_subject($1, $2) as counts', [body.request_id, body.keep_training_records]);
    return { counts: row?.counts ?? {}, email: subject.subject_email };
  }).catch((error: unknown) => (error instanceof HttpError ? Promise.reject(error) : asHttpError(error)));
  const resend = await removeFromResend(email);
  return json({ counts: { ...counts, resend } });
});

if (import.meta.main) Deno.serve(handler);
