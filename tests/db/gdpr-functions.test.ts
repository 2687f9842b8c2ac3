/**
 * The gdpr-export and gdpr-erase edge functions through the real Deno host that `npm test`
 * starts (SUPABASE_URL): only compliance officers and admins of the organisation get through
 * (403 otherwise), an erasure needs the subject's address typed again, and the export is
 * recorded on the request.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRequest, createVerificationLink, emailVerificationLink } from '../../lib/compliance/requests';
import { invokeEdgeFunction } from '../../lib/functions/invoke';
import { ownerDb } from '../../lib/db/owner';
import { linkInMailbox } from '../support/mailbox';
import { type Staff, staff } from './support';

let compliance: Staff;

async function verifiedRequest(type: 'access' | 'erasure') {
  const email = `fn.${randomUUID().slice(0, 8)}@subject.example`;
  await ownerDb().insertInto('contacts').values({ org_id: compliance.orgId, first_name: 'Tamsin', last_name: 'Vaughan', email }).execute();
  const request = await createRequest(compliance, { type, subject_email: email, received_via: 'email', received_at: new Date() });
  await ownerDb().updateTable('data_subject_requests').set({ status: 'verified', verified_at: new Date() }).where('id', '=', request.id).execute();
  return { id: request.id, email };
}

beforeAll(async () => {
  compliance = await staff('compliance@northwind.example');
});

describe.runIf(process.env.SUPABASE_URL)('gdpr edge functions', () => {
  it('export the subject for a compliance officer and record it on the request', async () => {
    const request = await verifiedRequest('access');
    const result = await invokeEdgeFunction(compliance, 'gdpr-export', { request_id: request.id });
    expect(result.ok).toBe(true);
    const document = (result as { data: { manifest: { tables: Record<string, number> } } }).data;
    expect(document.manifest.tables.contacts).toBe(1);
    const recorded = await ownerDb().selectFrom('subject_exports').select('id').where('request_id', '=', request.id).execute();
    expect(recorded).toHaveLength(1);
  });

  it('answer 403 to sales, marketing and viewers, and to another organisation’s compliance officer', async () => {
    const request = await verifiedRequest('erasure');
    for (const email of ['sales1@northwind.example', 'marketing@northwind.example', 'viewer@northwind.example', 'admin@contoso.example']) {
      const outsider = await staff(email);
      const exported = await invokeEdgeFunction(outsider, 'gdpr-export', { request_id: request.id });
      const erased = await invokeEdgeFunction(outsider, 'gdpr-erase', { request_id: request.id, confirm_email: request.email, keep_training_records: true });
      // Roles without the right get 403; another organisation's officer does not even see the request.
      expect([exported.ok ? 200 : exported.status, erased.ok ? 200 : erased.status]).toEqual(email.endsWith('contoso.example') ? [404, 404] : [403, 403]);
    }
  });

  it('email the verification link to the subject through the send module', async () => {
    const email = `verify.${randomUUID().slice(0, 8)}@subject.example`;
    const request = await createRequest(compliance, { type: 'access', subject_email: email, received_via: 'web_form', received_at: new Date() });
    const url = await createVerificationLink(compliance, request.id, 'http://localhost:3100');
    expect(await emailVerificationLink(compliance, request.id, url)).toEqual({ emailed: true });
    const sent = await ownerDb().selectFrom('email_outbox').select(['subject', 'text']).where('to_address', '=', email).executeTakeFirstOrThrow();
    expect(sent.subject).toBe('Please confirm your data request to Northwind Training');
    // Only the subject gets the link: the outbox officers can read holds it withheld.
    expect(sent.text).not.toContain(url);
    expect(await linkInMailbox(email, 'request-verification', /http\S+\/verify-request\/\S+/)).toBe(url);
  });

  it('erase only with the subject’s address typed again, then complete the request', async () => {
    const request = await verifiedRequest('erasure');
    const wrong = await invokeEdgeFunction(compliance, 'gdpr-erase', { request_id: request.id, confirm_email: 'someone.else@example.com', keep_training_records: true });
    expect(wrong).toMatchObject({ ok: false, status: 400 });
    expect(await ownerDb().selectFrom('contacts').select('id').where('email', '=', request.email).execute()).toHaveLength(1);
    const done = await invokeEdgeFunction(compliance, 'gdpr-erase', { request_id: request.id, confirm_email: request.email.toUpperCase(), keep_training_records: true });
    expect(done).toMatchObject({ ok: true, data: { counts: { contacts: 1, resend: 'not configured' } } });
    expect(await ownerDb().selectFrom('contacts').select('id').where('email', '=', request.email).execute()).toHaveLength(0);
    const stored = await ownerDb().selectFrom('data_subject_requests').select('status').where('id', '=', request.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe('completed');
  });
});
