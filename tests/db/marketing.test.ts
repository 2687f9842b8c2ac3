/**
 * Segments, campaigns and sequences at the database: live segment counts match the records
 * (counted under the user's RLS), each role gets exactly its access beside the denied case,
 * the guards keep status transitions and the worker's progress out of users' hands, and the
 * marketing tables stay inside their organisation.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../lib/db/session';
import { ownerDb } from '../../lib/db/owner';
import { createCampaign, scheduleCampaign } from '../../lib/marketing/campaigns';
import { previewSegmentCount } from '../../lib/marketing/segments';
import { createContact } from '../../lib/crm/contacts';
import { CrmError } from '../../lib/crm/errors';
import { createLead } from '../../lib/crm/leads';
import { issueCertification, recordExamResult } from '../../lib/crm/training';
import type { EnrollTrigger } from '../../lib/marketing/sequence.schema';
import { createSequence, enrollInSequence } from '../../lib/marketing/sequences';
import { editableProps } from '../../lib/marketing/template-props';
import { asUserRolledBack, CONTOSO, isRlsDenial, NORTHWIND, orgId, type Staff, staff } from './support';

let northwind: string;
let contoso: string;
let marketing: Staff;
let sales: Staff;
let viewer: Staff;
let compliance: Staff;
let contosoAdmin: Staff;
let manager: Staff;
const db = () => ownerDb();
const count = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(db())).rows[0]?.n ?? -1;
const session = (s: Staff) => ({ ...s, orgId: s.orgId });

async function segment(org = northwind, audience: 'contacts' | 'leads' = 'contacts') {
  return (await db().insertInto('segments').values({ org_id: org, name: `Seg ${randomUUID().slice(0, 6)}`, audience, filter: {} }).returning('id').executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
  [northwind, contoso] = await Promise.all([orgId(NORTHWIND), orgId(CONTOSO)]);
  [marketing, sales, viewer, compliance, contosoAdmin, manager] = await Promise.all([
    staff('marketing@northwind.example'),
    staff('sales1@northwind.example'),
    staff('viewer@northwind.example'),
    staff('compliance@northwind.example'),
    staff('admin@contoso.example'),
    staff('manager@northwind.example'),
  ]);
});

describe('segment counts', () => {
  it('match the records for each kind of condition', async () => {
    const live = sql`c.org_id = ${northwind} and c.deleted_at is null and c.email is not null`;
    expect(await previewSegmentCount(session(marketing), { audience: 'contacts', filter: {} })).toBe(await count(sql<{ n: number }>`select count(*)::int as n from contacts c where ${live}`));
    expect(await previewSegmentCount(session(marketing), { audience: 'contacts', filter: { lifecycleStages: ['customer', 'certified'] } })).toBe(
      await count(sql<{ n: number }>`select count(*)::int as n from contacts c where ${live} and c.lifecycle_stage in ('customer', 'certified')`),
    );
    const expiring = await count(sql<{ n: number }>`select count(*)::int as n from contacts c where ${live} and exists (
      select 1 from certifications z where z.contact_id = c.id and z.status = 'active' and z.expires_at between current_date and current_date + 90)`);
    expect(expiring).toBeGreaterThan(0);
    expect(await previewSegmentCount(session(marketing), { audience: 'contacts', filter: { certificationExpiringWithinDays: 90 } })).toBe(expiring);
    const tag = await db().selectFrom('taggings').select('tag_id').where('org_id', '=', northwind).where('contact_id', 'is not', null).executeTakeFirstOrThrow();
    expect(await previewSegmentCount(session(marketing), { audience: 'contacts', filter: { tagIds: [tag.tag_id] } })).toBe(
      await count(sql<{ n: number }>`select count(distinct c.id)::int as n from contacts c join taggings t on t.contact_id = c.id where ${live} and t.tag_id = ${tag.tag_id}`),
    );
    expect(await previewSegmentCount(session(marketing), { audience: 'leads', filter: {} })).toBe(
      await count(sql<{ n: number }>`select count(*)::int as n from leads c where ${live} and c.status <> 'converted'`),
    );
  });

  it('count consent as the latest event says, including a withdrawal', async () => {
    const before = await previewSegmentCount(session(marketing), { audience: 'contacts', filter: { marketingConsent: true, lifecycleStages: ['subscriber'] } });
    const people = [];
    for (let i = 0; i < 3; i++) {
      people.push((await db().insertInto('contacts').values({ org_id: northwind, last_name: `Consent${i}`, email: `consent-${randomUUID().slice(0, 8)}@example.com`, lifecycle_stage: 'subscriber', created_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id);
    }
    for (const id of people) await db().insertInto('consent_events').values({ org_id: northwind, contact_id: id, purpose: 'marketing_email', granted: true, source: 'web_form' }).execute();
    await db().insertInto('consent_events').values({ org_id: northwind, contact_id: people[0] as string, purpose: 'marketing_email', granted: false, source: 'unsubscribe_link' }).execute();
    expect(await previewSegmentCount(session(marketing), { audience: 'contacts', filter: { marketingConsent: true, lifecycleStages: ['subscriber'] } })).toBe(before + 2);
  });

  it('count only what the user may see: a sales rep counts their own and unassigned contacts, and may not read consent', async () => {
    const visible = await count(sql<{ n: number }>`select count(*)::int as n from contacts where org_id = ${northwind} and deleted_at is null and email is not null and (owner_id = ${sales.userId} or owner_id is null)`);
    expect(await previewSegmentCount(session(sales), { audience: 'contacts', filter: {} })).toBe(visible);
    await expect(previewSegmentCount(session(sales), { audience: 'contacts', filter: { marketingConsent: true } })).rejects.toMatchObject({ kind: 'forbidden' });
  });
});

describe('who may do what', () => {
  const insertSegment = (tx: Tx, org = northwind) => tx.insertInto('segments').values({ org_id: org, name: `RLS ${randomUUID().slice(0, 6)}`, audience: 'contacts', filter: {} }).execute();

  it('segments: marketing builds, viewers and compliance read, sales and other organisations get nothing', async () => {
    const id = await segment();
    await expect(asUserRolledBack(marketing, (tx) => insertSegment(tx))).resolves.toBeDefined();
    for (const reader of [viewer, compliance]) {
      expect(await asUserRolledBack(reader, (tx) => tx.selectFrom('segments').select('id').where('id', '=', id).execute())).toHaveLength(1);
      expect(isRlsDenial(await asUserRolledBack(reader, (tx) => insertSegment(tx)).catch((e: unknown) => e))).toBe(true);
    }
    expect(await asUserRolledBack(sales, (tx) => tx.selectFrom('segments').select('id').where('id', '=', id).execute())).toEqual([]);
    expect(await asUserRolledBack(contosoAdmin, (tx) => tx.selectFrom('segments').select('id').where('id', '=', id).execute())).toEqual([]);
    expect(isRlsDenial(await asUserRolledBack(contosoAdmin, (tx) => insertSegment(tx, northwind)).catch((e: unknown) => e))).toBe(true);
    expect(await asUserRolledBack(viewer, (tx) => tx.deleteFrom('segments').where('id', '=', id).execute())).toEqual([expect.objectContaining({ numDeletedRows: 0n })]);
  });

  it('campaigns: created as drafts, moved only along allowed transitions, progress never writable by users', async () => {
    const { id } = await createCampaign(session(marketing), { name: 'Spring newsletter', segment_id: await segment(), template: 'welcome', props: editableProps('welcome') });
    const attempts: [string, (tx: Tx) => Promise<unknown>][] = [
      ['straight to sending', (tx) => tx.updateTable('campaigns').set({ status: 'sending' }).where('id', '=', id).execute()],
      ['a sending campaign inserted', (tx) => tx.insertInto('campaigns').values({ org_id: northwind, name: 'x', segment_id: sql`(select segment_id from campaigns where id = ${id})`, template: 'welcome', status: 'sending' }).execute()],
    ];
    for (const [what, attempt] of attempts) {
      expect((await asUserRolledBack(marketing, attempt).catch((e: unknown) => e)) as { code?: string }, what).toMatchObject({ code: '23514' });
    }
    const forged = await asUserRolledBack(marketing, async (tx) => {
      await tx.updateTable('campaigns').set({ sent_count: 999, recipients_total: 999, run: 7 }).where('id', '=', id).execute();
      return tx.selectFrom('campaigns').select(['sent_count', 'recipients_total', 'run']).where('id', '=', id).executeTakeFirstOrThrow();
    });
    expect(forged).toEqual({ sent_count: 0, recipients_total: 0, run: 0 });
    expect(await asUserRolledBack(sales, (tx) => tx.selectFrom('campaigns').select('id').where('id', '=', id).execute())).toEqual([]);
    // Viewers read campaigns; their updates match no row.
    expect((await asUserRolledBack(viewer, (tx) => tx.updateTable('campaigns').set({ name: 'Renamed' }).where('id', '=', id).executeTakeFirstOrThrow())).numUpdatedRows).toBe(0n);

    // The final check's pass is system work (tests/db/campaign-editor.test.ts runs the real one).
    await sql`update campaigns set checked_digest = private.campaign_digest(campaigns) where id = ${id}`.execute(db());
    await scheduleCampaign(session(marketing), id, { when: 'later', scheduled_at: new Date(Date.now() + 86_400_000).toISOString() });
    const edited = await asUserRolledBack(marketing, (tx) => tx.updateTable('campaigns').set({ props: {} }).where('id', '=', id).execute()).catch((e: unknown) => e);
    expect(edited).toMatchObject({ code: '23514' });
  });

  it('recipients and email triggers: readable by the organisation’s marketing roles, written by nobody', async () => {
    for (const [table, values] of [
      ['campaign_recipients', { org_id: northwind, campaign_id: randomUUID(), contact_id: randomUUID(), enqueued_run: 1 }],
      ['email_triggers', { org_id: northwind, event: 'enrollment_created', contact_id: randomUUID(), record_id: randomUUID() }],
    ] as const) {
      const denied = await asUserRolledBack(marketing, (tx) => tx.insertInto(table).values(values as never).execute()).catch((e: unknown) => e);
      expect(isRlsDenial(denied), table).toBe(true);
    }
  });

  it('sequence enrollments: builders enroll and take people out, but only the worker moves them on', async () => {
    const sequence = (await db().insertInto('sequences').values({ org_id: northwind, name: `Seq ${randomUUID().slice(0, 6)}` }).returning('id').executeTakeFirstOrThrow()).id;
    await db().insertInto('sequence_steps').values({ org_id: northwind, sequence_id: sequence, position: 1, template: 'welcome', delay_minutes: 60, props: editableProps('welcome') as never }).execute();
    const contact = (await db().insertInto('contacts').values({ org_id: northwind, last_name: 'Enrolled', email: `seq-${randomUUID().slice(0, 8)}@example.com`, created_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id;
    expect(await enrollInSequence(session(marketing), sequence, { contact_id: contact })).toBe(1);
    expect(await enrollInSequence(session(marketing), sequence, { contact_id: contact })).toBe(0);
    const enrollment = await db().selectFrom('sequence_enrollments').selectAll().where('sequence_id', '=', sequence).executeTakeFirstOrThrow();
    expect(enrollment).toMatchObject({ status: 'active', current_step: 0, source: 'manual' });
    expect((enrollment.next_run_at as Date).getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);
    const skip = await asUserRolledBack(marketing, (tx) => tx.updateTable('sequence_enrollments').set({ current_step: 3 }).where('id', '=', enrollment.id).execute()).catch((e: unknown) => e);
    expect(skip).toMatchObject({ code: '23514' });
    const complete = await asUserRolledBack(marketing, (tx) => tx.updateTable('sequence_enrollments').set({ status: 'completed', completed_at: new Date() }).where('id', '=', enrollment.id).execute()).catch((e: unknown) => e);
    expect(complete).toMatchObject({ code: '23514' });
    const exited = await asUserRolledBack(marketing, async (tx) => {
      await tx.updateTable('sequence_enrollments').set({ status: 'exited', exit_reason: 'replied', exited_at: new Date() }).where('id', '=', enrollment.id).execute();
      return tx.selectFrom('sequence_enrollments').select(['status', 'exit_reason']).where('id', '=', enrollment.id).executeTakeFirstOrThrow();
    });
    expect(exited).toEqual({ status: 'exited', exit_reason: 'replied' });
    expect(await asUserRolledBack(contosoAdmin, (tx) => tx.selectFrom('sequence_enrollments').select('id').where('id', '=', enrollment.id).execute())).toEqual([]);
  });

  it('keeps campaigns to segments of their own organisation', async () => {
    const foreign = await segment(contoso);
    const crossed = await asUserRolledBack(marketing, (tx) =>
      tx.insertInto('campaigns').values({ org_id: northwind, name: 'Cross', segment_id: foreign, template: 'welcome' }).execute(),
    ).catch((e: unknown) => e);
    expect(crossed).toMatchObject({ code: '23503' });
  });
});

describe('automatic enrollment', () => {
  /** A sequence of northwind that enrolls on `event`, with a first step two hours after joining (unless `steps` is 0). */
  async function sequenceOn(event: EnrollTrigger, { steps = 1, active = true } = {}) {
    const { id } = await createSequence(session(marketing), { name: `Auto ${event} ${randomUUID().slice(0, 6)}`, enroll_on: event, is_active: active });
    if (steps) await db().insertInto('sequence_steps').values({ org_id: northwind, sequence_id: id, position: 1, template: 'welcome', delay_minutes: 120, props: editableProps('welcome') as never }).execute();
    return id;
  }
  const joined = (sequenceId: string) =>
    db().selectFrom('sequence_enrollments').select(['contact_id', 'lead_id', 'source', 'status', 'next_run_at']).where('sequence_id', '=', sequenceId).execute();
  const created: string[] = [];
  const track = async (id: Promise<string>) => {
    created.push(await id);
    return created.at(-1) as string;
  };

  // These sequences would enroll whatever later test files create: they go when the test ends.
  afterEach(async () => {
    if (created.length) await db().deleteFrom('sequences').where('id', 'in', created.splice(0)).execute();
  });

  it('enrolls a new lead and a new contact in the sequences that ask for them, after the first step’s delay', async () => {
    const [onLead, onContact] = [await track(sequenceOn('lead_created')), await track(sequenceOn('contact_created'))];
    const before = Date.now();
    const lead = await createLead(sales, { last_name: 'Auto', email: `auto-lead-${randomUUID().slice(0, 8)}@example.com`, owner_id: sales.userId });
    const contact = await createContact(sales, { last_name: 'Auto', email: `auto-contact-${randomUUID().slice(0, 8)}@example.com`, owner_id: sales.userId });
    const [leadRows, contactRows] = [await joined(onLead), await joined(onContact)];
    expect(leadRows).toEqual([expect.objectContaining({ lead_id: lead.id, contact_id: null, source: 'trigger', status: 'active' })]);
    expect(contactRows).toEqual([expect.objectContaining({ contact_id: contact.id, lead_id: null, source: 'trigger', status: 'active' })]);
    const due = new Date(leadRows[0]?.next_run_at ?? 0).getTime();
    expect(due).toBeGreaterThanOrEqual(before + 119 * 60_000);
    expect(due).toBeLessThan(Date.now() + 121 * 60_000);
  });

  it('enrolls a trainee who fails an exam, and one who is certified', async () => {
    const [onFail, onCertificate] = [await track(sequenceOn('exam_failed')), await track(sequenceOn('certification_issued'))];
    const booking = await db()
      .selectFrom('enrollments as e')
      .innerJoin('course_sessions as s', 's.id', 'e.session_id')
      .select(['e.id', 'e.contact_id', 's.course_id'])
      .where('e.org_id', '=', northwind)
      .where('e.status', 'in', ['enrolled', 'attended'])
      // A result needs a session that has started (other tests book sessions ahead).
      .where('s.starts_at', '<', new Date())
      .orderBy('s.starts_at', 'desc')
      .executeTakeFirstOrThrow();
    await recordExamResult(manager, { enrollment_id: booking.id, score: 40, taken_at: new Date().toISOString() });
    expect(await joined(onFail)).toEqual([expect.objectContaining({ contact_id: booking.contact_id, source: 'trigger' })]);
    expect(await joined(onCertificate)).toEqual([]);
    await issueCertification(manager, { contact_id: booking.contact_id, course_id: booking.course_id, issued_at: '2026-11-21' });
    expect(await joined(onCertificate)).toEqual([expect.objectContaining({ contact_id: booking.contact_id, source: 'trigger' })]);
  });

  it('enrolls nobody from a paused sequence, a sequence without steps, a lead without an address or work done as the owner', async () => {
    const paused = await track(sequenceOn('lead_created', { active: false }));
    const empty = await track(sequenceOn('lead_created', { steps: 0 }));
    const live = await track(sequenceOn('lead_created'));
    await createLead(sales, { last_name: 'No address', owner_id: sales.userId });
    await db().insertInto('leads').values({ org_id: northwind, last_name: 'Imported', email: `owner-${randomUUID().slice(0, 8)}@example.com`, created_at: new Date() }).execute();
    const someone = await createLead(sales, { last_name: 'Twice', email: `twice-${randomUUID().slice(0, 8)}@example.com`, owner_id: sales.userId });
    expect(await joined(paused)).toEqual([]);
    expect(await joined(empty)).toEqual([]);
    expect((await joined(live)).map((r) => r.lead_id)).toEqual([someone.id]);
    // Another organisation's new lead joins none of northwind's sequences.
    await createLead(contosoAdmin, { last_name: 'Elsewhere', email: `contoso-${randomUUID().slice(0, 8)}@example.com` });
    expect((await joined(live)).map((r) => r.lead_id)).toEqual([someone.id]);
  });

  it('refuses an event it does not know, naming the field', async () => {
    const error = await createSequence(session(marketing), { name: `Bad ${randomUUID().slice(0, 6)}`, enroll_on: 'birthday' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmError);
    expect((error as CrmError).fieldErrors?.enroll_on?.[0]).toBe('Choose one of the listed events.');
  });
});
