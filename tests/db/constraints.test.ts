/**
 * Bad data is impossible at the database, whoever writes it: each case below is refused by a
 * constraint or trigger even for the table owner, which bypasses RLS.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ownerDb } from '../../lib/db/owner';
import { CONTOSO, NORTHWIND, orgId } from './support';

let northwind: string;
let contoso: string;
let contosoAccount: string;
let stage: { id: string; pipeline_id: string };
let otherPipelineStage: string;

type Failure = { code?: string; constraint?: string; message: string };

/** Runs work inside the caller's transaction under a savepoint; returns the error it raised. */
async function inSavepoint(tx: Db, work: (db: Db) => Promise<unknown>): Promise<Failure> {
  await sql`savepoint attempt`.execute(tx);
  try {
    await work(tx);
    await sql`release savepoint attempt`.execute(tx);
    return { code: 'none', message: '' };
  } catch (error) {
    await sql`rollback to savepoint attempt`.execute(tx);
    return error as Failure;
  }
}

type Db = ReturnType<typeof ownerDb>;

const rollbackError = async (work: (db: ReturnType<typeof ownerDb>) => Promise<unknown>) => {
  try {
    await ownerDb().transaction().execute(async (tx) => {
      await work(tx);
      throw Object.assign(new Error('no error'), { code: 'none' });
    });
  } catch (error) {
    return (error as { code?: string; constraint?: string; message: string });
  }
  return { code: 'none', message: '' };
};

beforeAll(async () => {
  northwind = await orgId(NORTHWIND);
  contoso = await orgId(CONTOSO);
  const db = ownerDb();
  contosoAccount = (await db.insertInto('accounts').values({ org_id: contoso, name: 'Contoso Client' }).returning('id').executeTakeFirstOrThrow()).id;
  const pipelines = await db.selectFrom('pipelines').select('id').where('org_id', '=', northwind).limit(2).execute();
  const stages = await db.selectFrom('pipeline_stages').select(['id', 'pipeline_id']).where('org_id', '=', northwind).execute();
  stage = stages.find((s) => s.pipeline_id === pipelines[0]?.id) as typeof stage;
  otherPipelineStage = (stages.find((s) => s.pipeline_id !== stage.pipeline_id) as typeof stage).id;
});

describe('database constraints', () => {
  it('refuses a contact pointing at another organisation’s account', async () => {
    const error = await rollbackError((db) =>
      db.insertInto('contacts').values({ org_id: northwind, last_name: 'Cross', account_id: contosoAccount }).execute(),
    );
    expect(error.code).toBe('23503');
  });

  it('allows one live contact per email per organisation, and reuse after soft delete', async () => {
    const email = `dup-${randomUUID()}@example.com`;
    const error = await rollbackError(async (db) => {
      await db.insertInto('contacts').values({ org_id: northwind, last_name: 'One', email }).execute();
      await db.insertInto('contacts').values({ org_id: northwind, last_name: 'Two', email: email.toUpperCase() }).execute();
    });
    expect(error.constraint).toBe('contacts_email_unique_live');
    const reused = await rollbackError(async (db) => {
      await db.insertInto('contacts').values({ org_id: northwind, last_name: 'One', email, deleted_at: new Date() }).execute();
      await db.insertInto('contacts').values({ org_id: northwind, last_name: 'Two', email }).execute();
      await db.insertInto('contacts').values({ org_id: contoso, last_name: 'Elsewhere', email }).execute();
    });
    expect(reused.code).toBe('none');
  });

  it.each([
    ['a malformed email', { last_name: 'X', email: 'not-an-email' }],
    ['an empty last name', { last_name: '   ' }],
    ['custom fields that are not an object', { last_name: 'X', custom: JSON.stringify([1, 2]) }],
  ])('refuses a contact with %s', async (_, values) => {
    const error = await rollbackError((db) => db.insertInto('contacts').values({ org_id: northwind, ...values } as never).execute());
    expect(error.code).toBe('23514');
  });

  it.each([
    ['a score above 100', { last_name: 'X', score: 101 }],
    ['neither a name nor an email', { company_name: 'Nameless Ltd' }],
    ['disqualification without a reason', { last_name: 'X', status: 'disqualified' }],
    ['conversion without a contact', { last_name: 'X', status: 'converted' }],
  ])('refuses a lead with %s', async (_, values) => {
    const error = await rollbackError((db) => db.insertInto('leads').values({ org_id: northwind, ...values } as never).execute());
    expect(error.code).toBe('23514');
  });

  it('refuses an opportunity whose stage belongs to another pipeline', async () => {
    const error = await rollbackError((db) =>
      db.insertInto('opportunities').values({ org_id: northwind, name: 'Wrong stage', pipeline_id: stage.pipeline_id, stage_id: otherPipelineStage }).execute(),
    );
    expect(error.code).toBe('23503');
  });

  it('refuses a negative amount and a made-up currency', async () => {
    for (const values of [{ amount: -1 }, { currency: 'eur' }]) {
      const error = await rollbackError((db) =>
        db.insertInto('opportunities').values({ org_id: northwind, name: 'Bad', pipeline_id: stage.pipeline_id, stage_id: stage.id, ...values }).execute(),
      );
      expect(error.code).toBe('23514');
    }
  });

  it('refuses moving a row to another organisation', async () => {
    const error = await rollbackError(async (db) => {
      const contact = await db.insertInto('contacts').values({ org_id: northwind, last_name: 'Mover' }).returning('id').executeTakeFirstOrThrow();
      await db.updateTable('contacts').set({ org_id: contoso }).where('id', '=', contact.id).execute();
    });
    expect(error.code).toBe('42501');
  });

  it('refuses an activity linked to nothing, and a due date on a note', async () => {
    const unlinked = await rollbackError((db) => db.insertInto('activities').values({ org_id: northwind, kind: 'note', subject: 'Floating' }).execute());
    expect(unlinked.code).toBe('23514');
    const lead = await ownerDb().selectFrom('leads').select('id').where('org_id', '=', northwind).executeTakeFirstOrThrow();
    const dated = await rollbackError((db) =>
      db.insertInto('activities').values({ org_id: northwind, kind: 'note', subject: 'Dated note', lead_id: lead.id, due_at: new Date() }).execute(),
    );
    expect(dated.code).toBe('23514');
  });

  it('refuses a seat beyond a session’s capacity and promotes the waitlist when a seat frees', async () => {
    const result = await rollbackError(async (db) => {
      const course = await db.selectFrom('courses').select('id').where('org_id', '=', northwind).executeTakeFirstOrThrow();
      const session = await db
        .insertInto('course_sessions')
        .values({ org_id: northwind, course_id: course.id, starts_at: '2027-05-01T09:00Z', ends_at: '2027-05-01T17:00Z', delivery: 'in_person', location: 'Leeds', capacity: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      const people = await db.selectFrom('contacts').select('id').where('org_id', '=', northwind).limit(3).execute();
      const [first, second, third] = people.map((p) => p.id) as [string, string, string];
      const seat = await db.insertInto('enrollments').values({ org_id: northwind, session_id: session.id, contact_id: first }).returning('id').executeTakeFirstOrThrow();
      const waiting = await db
        .insertInto('enrollments')
        .values({ org_id: northwind, session_id: session.id, contact_id: second, status: 'waitlisted', waitlisted_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      const overbooked = await inSavepoint(db, (inner) =>
        inner.insertInto('enrollments').values({ org_id: northwind, session_id: session.id, contact_id: third }).execute(),
      );
      expect(overbooked.constraint).toBe('enrollments_session_capacity');
      await db.updateTable('enrollments').set({ status: 'cancelled', cancelled_at: new Date() }).where('id', '=', seat.id).execute();
      const promoted = await db.selectFrom('enrollments').select('status').where('id', '=', waiting.id).executeTakeFirstOrThrow();
      expect(promoted.status).toBe('enrolled');
    });
    expect(result.code).toBe('none');
  });

  it('derives won and lost from the stage, and a lost deal needs a reason', async () => {
    const stages = await ownerDb().selectFrom('pipeline_stages').selectAll().where('pipeline_id', '=', stage.pipeline_id).execute();
    const won = stages.find((s) => s.is_won);
    const lost = stages.find((s) => s.is_lost);
    const result = await rollbackError(async (db) => {
      const deal = await db
        .insertInto('opportunities')
        .values({ org_id: northwind, name: 'Stage sync', pipeline_id: stage.pipeline_id, stage_id: won?.id as string })
        .returning(['id', 'status', 'closed_at', 'probability'])
        .executeTakeFirstOrThrow();
      expect(deal.status).toBe('won');
      expect(deal.closed_at).not.toBeNull();
      expect(deal.probability).toBe(100);
      const noReason = await inSavepoint(db, (inner) =>
        inner.updateTable('opportunities').set({ stage_id: lost?.id as string }).where('id', '=', deal.id).execute(),
      );
      expect(noReason.code).toBe('23514');
    });
    expect(result.code).toBe('none');
  });

  it('refuses a certificate that expires before it is issued, and duplicate certificate numbers', async () => {
    const contact = await ownerDb().selectFrom('contacts').select('id').where('org_id', '=', northwind).executeTakeFirstOrThrow();
    const course = await ownerDb().selectFrom('courses').select('id').where('org_id', '=', northwind).executeTakeFirstOrThrow();
    const base = { org_id: northwind, contact_id: contact.id, course_id: course.id };
    const backwards = await rollbackError((db) =>
      db.insertInto('certifications').values({ ...base, certificate_number: 'TEST-000001', issued_at: '2026-05-01', expires_at: '2026-04-01' }).execute(),
    );
    expect(backwards.code).toBe('23514');
    const duplicate = await rollbackError(async (db) => {
      await db.insertInto('certifications').values({ ...base, certificate_number: 'TEST-000002', issued_at: '2026-05-01' }).execute();
      await db.insertInto('certifications').values({ ...base, certificate_number: 'TEST-000002', issued_at: '2026-05-02' }).execute();
    });
    expect(duplicate.code).toBe('23505');
  });
});
