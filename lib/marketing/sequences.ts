/**
 * Sequences under the signed-in user's RLS: builders (marketing, managers, admins) edit
 * sequences and steps, enroll people (one by one or a whole segment) and take them out. The
 * worker's sequence ticker (lib/jobs/sequence-tick.ts) sends the steps as they come due.
 */
import { sql } from 'kysely';
import type { EmailTemplateName } from '../../supabase/functions/_shared/emails/index.ts';
import { conflict, notFound, parseInput, validationError } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import type { Tx } from '../db/session';
import type { JsonObject } from '../db/types';
import { segmentMembers } from './segment-query';
import { sequenceEnrollSchema, sequenceExitSchema, sequenceInputSchema, sequenceStepInputSchema } from './sequence.schema';
import { storedFilter } from './segments';
import { templatePropsIssues } from './template-props';

export async function listSequences(session: CrmSession) {
  return inUserTransaction(session, (tx) =>
    tx
      .selectFrom('sequences as q')
      .select([
        'q.id', 'q.name', 'q.description', 'q.is_active', 'q.exit_on_conversion', 'q.enroll_on',
        (eb) => eb.selectFrom('sequence_steps as s').select(eb.fn.countAll<number>().as('n')).whereRef('s.sequence_id', '=', 'q.id').as('steps'),
        (eb) => eb.selectFrom('sequence_enrollments as e').select(eb.fn.countAll<number>().as('n')).whereRef('e.sequence_id', '=', 'q.id').where('e.status', '=', 'active').as('active'),
      ])
      .where('q.org_id', '=', session.orgId)
      .orderBy('q.name')
      .execute(),
  );
}

export async function getSequence(session: CrmSession, sequenceId: string) {
  return inUserTransaction(session, async (tx) => {
    const sequence = await tx.selectFrom('sequences').selectAll().where('org_id', '=', session.orgId).where('id', '=', sequenceId).executeTakeFirst();
    if (!sequence) throw notFound('Sequence');
    const steps = await tx.selectFrom('sequence_steps').selectAll().where('sequence_id', '=', sequenceId).orderBy('position').execute();
    const counts = await tx
      .selectFrom('sequence_enrollments')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('sequence_id', '=', sequenceId)
      .groupBy('status')
      .execute();
    const enrollments = await tx
      .selectFrom('sequence_enrollments as e')
      .leftJoin('contacts as c', 'c.id', 'e.contact_id')
      .leftJoin('leads as l', 'l.id', 'e.lead_id')
      .select([
        'e.id', 'e.status', 'e.source', 'e.current_step', 'e.next_run_at', 'e.exit_reason', 'e.exited_at', 'e.completed_at', 'e.created_at', 'e.contact_id', 'e.lead_id',
        sql<string>`coalesce(nullif(concat_ws(' ', coalesce(c.first_name, l.first_name), coalesce(c.last_name, l.last_name)), ''), coalesce(c.email, l.email)::text, 'Unnamed')`.as('person'),
      ])
      .where('e.sequence_id', '=', sequenceId)
      .orderBy('e.created_at', 'desc')
      .limit(50)
      .execute();
    return { sequence, steps, enrollments, counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) };
  });
}

export async function createSequence(session: CrmSession, input: unknown) {
  const values = parseInput(sequenceInputSchema, input);
  return inUserTransaction(session, (tx) =>
    tx
      .insertInto('sequences')
      .values({ ...values, description: values.description || null, org_id: session.orgId })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
}

export async function updateSequence(session: CrmSession, sequenceId: string, input: unknown) {
  const values = parseInput(sequenceInputSchema, input);
  return inUserTransaction(session, async (tx) => {
    const row = await tx
      .updateTable('sequences')
      .set({ ...values, description: values.description || null })
      .where('org_id', '=', session.orgId)
      .where('id', '=', sequenceId)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw notFound('Sequence');
    return row;
  });
}

function checkedStep(input: unknown) {
  const step = parseInput(sequenceStepInputSchema, input);
  const issues = templatePropsIssues(step.template as EmailTemplateName, step.props);
  if (Object.keys(issues).length) {
    throw validationError('The props do not fit this template: see the fields listed.', { props: Object.entries(issues).map(([path, messages]) => `${path}: ${messages.join(', ')}`) });
  }
  return step;
}

export async function addSequenceStep(session: CrmSession, sequenceId: string, input: unknown) {
  const step = checkedStep(input);
  return inUserTransaction(session, async (tx) => {
    const sequence = await tx.selectFrom('sequences').select('id').where('org_id', '=', session.orgId).where('id', '=', sequenceId).forUpdate().executeTakeFirst();
    if (!sequence) throw notFound('Sequence');
    const last = await tx.selectFrom('sequence_steps').select((eb) => eb.fn.max('position').as('position')).where('sequence_id', '=', sequenceId).executeTakeFirst();
    return tx
      .insertInto('sequence_steps')
      .values({ org_id: session.orgId, sequence_id: sequenceId, position: (last?.position ?? 0) + 1, template: step.template, props: step.props as JsonObject, delay_minutes: step.delay_minutes })
      .returning('id')
      .executeTakeFirstOrThrow();
  });
}

/** Removes a step and closes the gap, so people further on simply get the next one. */
export async function removeSequenceStep(session: CrmSession, stepId: string) {
  return inUserTransaction(session, async (tx) => {
    const step = await tx.deleteFrom('sequence_steps').where('org_id', '=', session.orgId).where('id', '=', stepId).returning(['sequence_id', 'position']).executeTakeFirst();
    if (!step) throw notFound('Step');
    await tx.updateTable('sequence_steps').set((eb) => ({ position: eb('position', '-', 1) })).where('sequence_id', '=', step.sequence_id).where('position', '>', step.position).execute();
  });
}

async function firstDelay(tx: Tx, sequenceId: string): Promise<number> {
  const first = await tx.selectFrom('sequence_steps').select('delay_minutes').where('sequence_id', '=', sequenceId).where('position', '=', 1).executeTakeFirst();
  if (!first) throw conflict('Add a step to the sequence before enrolling anyone.');
  return first.delay_minutes;
}

/** Enrolls one person or a whole segment; people already active in the sequence are left as they are. Returns how many were enrolled. */
export async function enrollInSequence(session: CrmSession, sequenceId: string, input: unknown): Promise<number> {
  const target = parseInput(sequenceEnrollSchema, input);
  return inUserTransaction(session, async (tx) => {
    const sequence = await tx.selectFrom('sequences').select('id').where('org_id', '=', session.orgId).where('id', '=', sequenceId).executeTakeFirst();
    if (!sequence) throw notFound('Sequence');
    const nextRunAt = sql<Date>`now() + make_interval(mins => ${await firstDelay(tx, sequenceId)})`;
    if ('segment_id' in target) {
      const segment = await tx.selectFrom('segments').select(['audience', 'filter']).where('org_id', '=', session.orgId).where('id', '=', target.segment_id).executeTakeFirst();
      if (!segment) throw notFound('Segment');
      const column = segment.audience === 'contacts' ? 'contact_id' : 'lead_id';
      const members = segmentMembers(tx, session.orgId, segment.audience, storedFilter(segment.filter));
      const result = await tx
        .insertInto('sequence_enrollments')
        .columns(['org_id', 'sequence_id', column, 'source', 'next_run_at'])
        .expression(
          tx
            .selectFrom(members.as('m'))
            .select([sql<string>`${session.orgId}::uuid`.as('org_id'), sql<string>`${sequenceId}::uuid`.as('sequence_id'), 'm.id', sql<string>`'segment'`.as('source'), nextRunAt.as('next_run_at')]),
        )
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    const result = await tx
      .insertInto('sequence_enrollments')
      .values({ org_id: session.orgId, sequence_id: sequenceId, ...target, source: 'manual', next_run_at: nextRunAt })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  });
}

/** Takes someone out of a sequence: they replied, or staff decided so. */
export async function exitSequenceEnrollment(session: CrmSession, input: unknown) {
  const { enrollment_id, reason } = parseInput(sequenceExitSchema, input);
  return inUserTransaction(session, async (tx) => {
    const row = await tx
      .updateTable('sequence_enrollments')
      .set({ status: 'exited', exit_reason: reason, exited_at: new Date() })
      .where('org_id', '=', session.orgId)
      .where('id', '=', enrollment_id)
      .where('status', '=', 'active')
      .returning('id')
      .executeTakeFirst();
    if (!row) throw conflict('This person is no longer active in the sequence.');
    return row;
  });
}
