/**
 * gdpr-export: every row about the subject of a verified request, as one JSON document with
 * a manifest. Runs private.subject_export as the caller, under RLS (compliance officers and
 * admins read all personal data of their organisation), records the export on the request.
 *
 *   POST /functions/v1/gdpr-export   { request_id }
 *     200 { manifest, data } · 401 unauthorized · 403 forbidden · 404 not_found · 409 invalid_state
 */
import { z } from 'zod';
import { requireCaller } from '../_shared/auth.ts';
import { asUser } from '../_shared/db.ts';
import { HttpError, handle, json, readJson } from '../_shared/http.ts';
import { asHttpError, requireStaffCaller, requireVisibleRequest } from '../_shared/subject-rights.ts';

const bodySchema = z.object({ request_id: z.uuid() });

export const handler = handle('gdpr-export', ['POST'], async (request) => {
  const user = requireStaffCaller(await requireCaller(request), 'An export');
  const { request_id } = await readJson(request, bodySchema);
  const document = await asUser(user, async (db) => {
    await requireVisibleRequest(db, request_id);
    const [row] = await db.query<{ document: { manifest: { tables: Record<string, number> } } }>('select private.subject_export($1) as document', [request_id]);
    const doc = row?.document;
    await db.query(
      `insert into public.subject_exports (org_id, request_id, document, generated_by)
       select r.org_id, r.id, $2, $3 from public.data_subject_requests r where r.id = $1`,
      [request_id, JSON.stringify(doc), user.sub],
    );
    const rows = Object.values(doc?.manifest.tables ?? {}).reduce((sum, n) => sum + n, 0);
    await db.query(
      `insert into public.dsr_actions (org_id, request_id, action, actor_id, note)
       select r.org_id, r.id, 'exported', $2, $3 from public.data_subject_requests r where r.id = $1`,
      [request_id, user.sub, `Export generated: ${rows} rows from ${Object.keys(doc?.manifest.tables ?? {}).length} tables`],
    );
    return doc;
  }).catch((error: unknown) => (error instanceof HttpError ? Promise.reject(error) : asHttpError(error)));
  return json(document);
});

if (import.meta.main) Deno.serve(handler);
