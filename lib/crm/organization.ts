/**
 * Organisation settings: the profile (its postal address goes in every email footer) and the
 * pipelines' stages. Only admins may change the profile and admins or managers the stages —
 * RLS refuses everyone else.
 */
import { sql } from 'kysely';
import type { MemberRole } from '../db/types';
import { forbidden, notFound, parseInput, validationError } from './errors';
import { exportRolesOf, newPipelineSchema, newStageSchema, organizationProfileSchema, stageSchema } from './organization.schema';
import { type CrmSession, inUserTransaction } from './session';

export async function getOrganization(session: CrmSession) {
  return inUserTransaction(session, async (tx) => {
    const org = await tx
      .selectFrom('organizations')
      .select(['id', 'name', 'postal_address', 'brand_color', 'logo_url', 'default_currency', 'export_alert_rows', 'learner_change_cutoff_hours', 'learner_contact_email', 'require_two_factor'])
      .select(sql<MemberRole[]>`export_roles::text[]`.as('export_roles'))
      .where('id', '=', session.orgId)
      .executeTakeFirst();
    if (!org) throw notFound('Organisation');
    return org;
  });
}

export async function updateOrganization(session: CrmSession, input: unknown) {
  const { export_roles, learner_contact_email, ...values } = parseInput(organizationProfileSchema, input);
  return inUserTransaction(session, async (tx) => {
    const updated = await tx
      .updateTable('organizations')
      .set({ ...values, ...(learner_contact_email !== undefined ? { learner_contact_email } : {}), ...(export_roles ? { export_roles: sql<MemberRole[]>`${exportRolesOf(export_roles)}::public.member_role[]` } : {}) }).where('id', '=', session.orgId).returning('id').executeTakeFirst();
    if (!updated) throw forbidden('Only admins can change the organisation profile.');
  });
}

export async function updateStage(session: CrmSession, input: unknown) {
  const { id, ...values } = parseInput(stageSchema, input);
  return inUserTransaction(session, async (tx) => {
    const updated = await tx.updateTable('pipeline_stages').set(values).where('id', '=', id).returning('id').executeTakeFirst();
    if (!updated) throw forbidden('Only admins and managers can edit pipeline stages.');
  });
}

/** Adds an open stage just before the won and lost stages. */
export async function addStage(session: CrmSession, input: unknown) {
  const stage = parseInput(newStageSchema, input);
  return inUserTransaction(session, async (tx) => {
    const closing = await tx
      .selectFrom('pipeline_stages')
      .select(sql<number>`coalesce(min(position) filter (where is_won or is_lost), max(position) + 1, 0)`.as('at'))
      .where('pipeline_id', '=', stage.pipeline_id)
      .executeTakeFirstOrThrow();
    const at = Number(closing.at);
    // Shift the closing stages down one place; the position constraint is deferrable.
    await sql`set constraints all deferred`.execute(tx);
    await tx.updateTable('pipeline_stages').set({ position: sql`position + 1` }).where('pipeline_id', '=', stage.pipeline_id).where('position', '>=', at).execute();
    await tx.insertInto('pipeline_stages').values({ ...stage, org_id: session.orgId, position: at }).execute();
  });
}

/** Swaps a stage with its neighbour above or below (won/lost stages stay last). */
export async function moveStage(session: CrmSession, stageId: string, direction: 'up' | 'down') {
  return inUserTransaction(session, async (tx) => {
    const stage = await tx.selectFrom('pipeline_stages').select(['id', 'pipeline_id', 'position']).where('id', '=', stageId).executeTakeFirst();
    if (!stage) throw notFound('Stage');
    const neighbour = await tx
      .selectFrom('pipeline_stages')
      .select(['id', 'position', 'is_won', 'is_lost'])
      .where('pipeline_id', '=', stage.pipeline_id)
      .where('position', direction === 'up' ? '<' : '>', stage.position)
      .orderBy('position', direction === 'up' ? 'desc' : 'asc')
      .limit(1)
      .executeTakeFirst();
    if (!neighbour) return;
    if (neighbour.is_won || neighbour.is_lost) throw validationError('Won and lost stages stay at the end of the pipeline.');
    await sql`set constraints all deferred`.execute(tx);
    await tx.updateTable('pipeline_stages').set({ position: neighbour.position }).where('id', '=', stage.id).execute();
    const swapped = await tx.updateTable('pipeline_stages').set({ position: stage.position }).where('id', '=', neighbour.id).returning('id').executeTakeFirst();
    if (!swapped) throw forbidden('Only admins and managers can reorder pipeline stages.');
  });
}

/** A new pipeline starts with one open stage and the won and lost stages every deal ends in. */
export async function addPipeline(session: CrmSession, input: unknown) {
  const { name } = parseInput(newPipelineSchema, input);
  return inUserTransaction(session, async (tx) => {
    const pipeline = await tx.insertInto('pipelines').values({ org_id: session.orgId, name }).returning('id').executeTakeFirstOrThrow();
    await tx
      .insertInto('pipeline_stages')
      .values([
        { org_id: session.orgId, pipeline_id: pipeline.id, name: 'New', position: 0, probability: 10 },
        { org_id: session.orgId, pipeline_id: pipeline.id, name: 'Won', position: 1, probability: 100, is_won: true },
        { org_id: session.orgId, pipeline_id: pipeline.id, name: 'Lost', position: 2, probability: 0, is_lost: true },
      ])
      .execute();
    return pipeline;
  });
}
