/**
 * Data subject requests: recorded by a compliance officer, verified through a signed link
 * the subject opens, handled (export, erasure, …) and closed — every step in the request's
 * history with who took it. RLS limits all of it to compliance officers and admins.
 */

import { type Brand, brandColumns, brandOf } from '../brand';
import { sql } from 'kysely';
import { hashBearerToken, looksLikeBearerToken, newBearerToken } from '../auth/bearer-tokens';
import { notFound, parseInput, validationError } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { asService, type Tx } from '../db/session';
import { sendEmail } from '../email/send';
import { requestCreateSchema, requestExtendSchema, requestRejectSchema } from './requests.schema';


async function logAction(tx: Tx, session: CrmSession, requestId: string, action: string, note?: string) {
  await tx.insertInto('dsr_actions').values({ org_id: session.orgId, request_id: requestId, action, actor_id: session.userId, note: note ?? null }).execute();
}

export async function createRequest(session: CrmSession, input: unknown) {
  const values = parseInput(requestCreateSchema, input);
  return inUserTransaction(session, async (tx) => {
    const request = await tx
      .insertInto('data_subject_requests')
      .values({ ...values, org_id: session.orgId, handled_by: session.userId })
      .returning(['id', 'due_at'])
      .executeTakeFirstOrThrow();
    await logAction(tx, session, request.id, 'received', `Received by ${values.received_via.replace('_', ' ')}`);
    return request;
  });
}

/** Open requests, the most urgent first (overdue at the top). */
export async function listOpenRequests(session: CrmSession) {
  return inUserTransaction(session, (tx) =>
    tx
      .selectFrom('data_subject_requests')
      .select(['id', 'type', 'subject_email', 'status', 'received_at', 'due_at', sql<boolean>`due_at < now()`.as('overdue')])
      .where('org_id', '=', session.orgId)
      .where('status', 'in', ['received', 'verified'])
      .orderBy('due_at')
      .limit(500)
      .execute(),
  );
}

export async function listClosedRequests(session: CrmSession, limit = 50) {
  return inUserTransaction(session, (tx) =>
    tx
      .selectFrom('data_subject_requests')
      .select(['id', 'type', 'subject_email', 'status', 'received_at', 'completed_at'])
      .where('org_id', '=', session.orgId)
      .where('status', 'in', ['completed', 'rejected'])
      .orderBy('completed_at', 'desc')
      .limit(limit)
      .execute(),
  );
}

export async function getRequest(session: CrmSession, requestId: string) {
  return inUserTransaction(session, async (tx) => {
    // History first: under read committed a verification landing between the two reads then
    // shows as a verified request whose history is a moment behind, never the reverse (a
    // "Verified" entry beside a request still offering to send the link).
    const history = await tx
      .selectFrom('dsr_actions')
      .leftJoin('memberships as actor', (join) => join.onRef('actor.org_id', '=', 'dsr_actions.org_id').onRef('actor.user_id', '=', 'dsr_actions.actor_id'))
      .select(['dsr_actions.id', 'dsr_actions.action', 'dsr_actions.note', 'dsr_actions.occurred_at', 'actor.display_name as actor_name'])
      .where('dsr_actions.request_id', '=', requestId)
      .orderBy('dsr_actions.occurred_at')
      .execute();
    const request = await tx.selectFrom('data_subject_requests').selectAll().where('id', '=', requestId).where('org_id', '=', session.orgId).executeTakeFirst();
    if (!request) throw notFound('Request');
    const exports = await tx.selectFrom('subject_exports').select(['id', 'generated_at']).where('request_id', '=', requestId).orderBy('generated_at', 'desc').execute();
    return { request, history, exports };
  });
}

/** Creates the signed verification link for the subject (a new link replaces the old one). */
export async function createVerificationLink(session: CrmSession, requestId: string, appUrl: string): Promise<string> {
  const token = newBearerToken();
  await inUserTransaction(session, async (tx) => {
    const updated = await tx
      .updateTable('data_subject_requests')
      .set({ verification_token_hash: hashBearerToken(token) })
      .where('id', '=', requestId)
      .where('status', '=', 'received')
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw validationError('Only a request that is not yet verified needs a verification link.');
    await logAction(tx, session, requestId, 'verification_sent');
  });
  return `${appUrl}/verify-request/${token}`;
}

const requestDescriptions: Record<string, string> = {
  access: 'a copy of your personal data',
  erasure: 'the erasure of your personal data',
  rectification: 'the correction of your personal data',
  restriction: 'a restriction of how we process your personal data',
  objection: 'your objection to how we process your personal data',
};

/**
 * Emails the verification link to the subject through the send module (named system work:
 * the subject may not be a contact). Returns whether it went; the officer sees the link
 * either way, so a mail outage never blocks a request.
 */
export async function emailVerificationLink(session: CrmSession, requestId: string, url: string): Promise<{ emailed: boolean; reason?: string }> {
  const request = await inUserTransaction(session, async (tx) => {
    const found = await tx.selectFrom('data_subject_requests').select(['org_id', 'type', 'subject_email', 'due_at']).where('id', '=', requestId).executeTakeFirst();
    if (!found?.subject_email) throw notFound('Request');
    const person = await tx.selectFrom('contacts').select('first_name').where('org_id', '=', found.org_id).where('email', '=', found.subject_email).executeTakeFirst();
    return { ...found, subject_email: found.subject_email, first_name: person?.first_name };
  });
  const outcome = await sendEmail(
    { system: 'dsr: ask a data subject to confirm their request' },
    {
      org_id: request.org_id,
      template: 'request-verification',
      category: 'transactional',
      to: request.subject_email,
      idempotency_key: `dsr-verification:${requestId}:${hashBearerToken(url).slice(0, 16)}`,
      props: {
        verifyUrl: url,
        requestDescription: requestDescriptions[request.type] ?? 'your personal data',
        dueDate: request.due_at.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
        recipient: { firstName: request.first_name ?? 'there' },
      },
    },
  ).catch((error: unknown) => {
    console.error(`[compliance] verification email for request ${requestId} failed`, error);
    return { ok: false as const, status: 503, error: { message: 'The email service is not reachable.' } };
  });
  if (outcome.ok && outcome.result.status !== 'suppressed') return { emailed: true };
  return { emailed: false, reason: outcome.ok ? `not sent (${outcome.result.blocked_reason})` : outcome.error.message };
}

/** Whose request a verification link belongs to, for the page's branding (null for an unknown link). */
export async function requestBrand(token: string): Promise<Brand | null> {
  if (!looksLikeBearerToken(token)) return null;
  return asService('dsr: brand the verification page of the holder of a link', async (tx) => {
    const row = await tx
      .selectFrom('data_subject_requests')
      .innerJoin('organizations', 'organizations.id', 'data_subject_requests.org_id')
      .select([...brandColumns])
      .where('data_subject_requests.verification_token_hash', '=', hashBearerToken(token))
      .executeTakeFirst();
    return row ? brandOf(row) : null;
  });
}

/**
 * The subject opened their verification link: the request is verified. Named service work —
 * the subject has no account; the unguessable token is their authority.
 */
export async function verifyRequestByToken(token: string): Promise<{ verified: boolean }> {
  if (!looksLikeBearerToken(token)) return { verified: false };
  return asService('dsr: the subject confirms their identity through the emailed link', async (tx) => {
    const request = await tx
      .updateTable('data_subject_requests')
      .set({ status: 'verified', verified_at: sql`now()`, verification_token_hash: null })
      .where('verification_token_hash', '=', hashBearerToken(token))
      .where('status', '=', 'received')
      .returning(['id', 'org_id'])
      .executeTakeFirst();
    if (!request) return { verified: false };
    await tx.insertInto('dsr_actions').values({ org_id: request.org_id, request_id: request.id, action: 'verified', note: 'The subject confirmed through the verification link' }).execute();
    return { verified: true };
  });
}

export async function extendRequest(session: CrmSession, input: unknown) {
  const { id, months, reason } = parseInput(requestExtendSchema, input);
  return inUserTransaction(session, async (tx) => {
    const updated = await tx
      .updateTable('data_subject_requests')
      .set({ extension_months: months, extension_reason: reason, subject_told_of_extension_at: sql`now()` })
      .where('id', '=', id)
      .where('status', 'in', ['received', 'verified'])
      .returning('due_at')
      .executeTakeFirst();
    if (!updated) throw validationError('Only an open request can be extended.');
    await logAction(tx, session, id, 'extended', `Extended by ${months} month(s): ${reason}`);
    return updated;
  });
}

export async function rejectRequest(session: CrmSession, input: unknown) {
  const { id, reason } = parseInput(requestRejectSchema, input);
  return inUserTransaction(session, async (tx) => {
    const updated = await tx
      .updateTable('data_subject_requests')
      .set({ status: 'rejected', rejection_reason: reason, completed_at: sql`now()`, handled_by: session.userId })
      .where('id', '=', id)
      .where('status', 'in', ['received', 'verified'])
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw validationError('Only an open request can be rejected.');
    await logAction(tx, session, id, 'rejected', reason);
  });
}

/** Closes a verified request once it has been answered (export sent, rectification made…). */
export async function completeRequest(session: CrmSession, requestId: string, note?: string) {
  return inUserTransaction(session, async (tx) => {
    const updated = await tx
      .updateTable('data_subject_requests')
      .set({ status: 'completed', completed_at: sql`now()`, handled_by: session.userId })
      .where('id', '=', requestId)
      .where('status', '=', 'verified')
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw validationError('Only a verified request can be completed.');
    await logAction(tx, session, requestId, 'completed', note);
  });
}
