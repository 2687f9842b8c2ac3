/** Opportunities: list, read, create, edit, stage moves, trash and restore — under RLS. */
import type { z } from 'zod';
import { sql } from 'kysely';
import type { Tx } from '../db/session';
import type { OpportunityStatus } from '../db/types';
import { customValuesForCreate, customValuesPatch } from './custom-properties';
import { notFound, parseInput, validationError } from './errors';
import { id } from './fields';
import { countMatches, filterByCustom, filterByOwner, filterBySearch, type ListSource, listPage } from './list-query';
import {
  opportunityCreateSchema,
  opportunityListSchema,
  opportunityMoveSchema,
  opportunityUpdateSchema,
} from './opportunities.schema';
import type { ListTotal, Page } from './pagination';
import { restore, softDelete, updateLive, updateVersioned } from './records';
import { type CrmSession, inUserTransaction } from './session';

export type OpportunityListRow = {
  /** Custom property values by key (see custom-properties.schema.ts). */
  custom: unknown;
  id: string;
  name: string;
  amount: string;
  currency: string;
  status: OpportunityStatus;
  stage_id: string;
  stage_name: string;
  account_name: string | null;
  owner_id: string | null;
  owner_name: string | null;
  expected_close_date: string | null;
  created_at: Date;
  updated_at: Date;
};

/** The list's query with its filters applied (one query: the page reads it, the total counts it). */
async function opportunityQuery(tx: Tx, session: CrmSession, p: z.output<typeof opportunityListSchema>) {
  let query = tx
    .selectFrom('opportunities')
    .innerJoin('pipeline_stages as stage', 'stage.id', 'opportunities.stage_id')
    .leftJoin('accounts', 'accounts.id', 'opportunities.account_id')
    .leftJoin('memberships as owner', (join) =>
      join.onRef('owner.org_id', '=', 'opportunities.org_id').onRef('owner.user_id', '=', 'opportunities.owner_id'),
    )
    .select([
      'opportunities.id',
      'opportunities.name',
      'opportunities.amount',
      'opportunities.currency',
      'opportunities.status',
      'opportunities.stage_id',
      'stage.name as stage_name',
      'accounts.name as account_name',
      'opportunities.owner_id',
      'owner.display_name as owner_name',
      'opportunities.expected_close_date',
      'opportunities.custom',
    'opportunities.created_at',
      'opportunities.updated_at',
    ])
    .where('opportunities.org_id', '=', session.orgId)
    .where('opportunities.deleted_at', 'is', null);
  query = filterBySearch(query, 'opportunities', p.q, session);
  query = filterByOwner(query, 'opportunities', p.owner, session);
  query = await filterByCustom(tx, query, 'opportunities', 'opportunity', p.custom, session);
  if (p.pipeline_id) query = query.where('opportunities.pipeline_id', '=', p.pipeline_id);
  if (p.stage_id) query = query.where('opportunities.stage_id', '=', p.stage_id);
  if (p.status) query = query.where('opportunities.status', '=', p.status);
  return query;
}

/** The list for readers of every page (exports): the same filtered query. */
export const opportunityListSource: ListSource<z.output<typeof opportunityListSchema>> = { table: 'opportunities', object: 'opportunity', query: opportunityQuery };

export async function listOpportunities(session: CrmSession, params: unknown): Promise<Page<OpportunityListRow>> {
  const p = parseInput(opportunityListSchema, params);
  return inUserTransaction(session, (tx) => opportunityPage(tx, session, p));
}

/** One page of the list inside an open transaction (the list page, and exports walking every page). */
export async function opportunityPage(tx: Tx, session: CrmSession, p: z.output<typeof opportunityListSchema>): Promise<Page<OpportunityListRow>> {
  return listPage<OpportunityListRow, typeof p>(tx, session, opportunityListSource, p);
}

/** How many rows the list's filters match (capped, see countMatches), for its total. */
export async function countOpportunities(session: CrmSession, params: unknown): Promise<ListTotal> {
  const p = parseInput(opportunityListSchema, params);
  return inUserTransaction(session, async (tx) => countMatches(tx, await opportunityQuery(tx, session, p), 'opportunities', session, { q: p.q, object: 'opportunity', custom: p.custom }));
}

export async function getOpportunity(session: CrmSession, opportunityId: string) {
  parseInput(id('Opportunity'), opportunityId);
  return inUserTransaction(session, async (tx) => {
    // The linked account and contact by name, as far as the user may see them.
    const opportunity = await tx
      .selectFrom('opportunities')
      .leftJoin('accounts', 'accounts.id', 'opportunities.account_id')
      .leftJoin('contacts', 'contacts.id', 'opportunities.primary_contact_id')
      .selectAll('opportunities')
      .select(['accounts.name as account_name', 'contacts.first_name as contact_first_name', 'contacts.last_name as contact_last_name', 'contacts.email as contact_email'])
      .where('opportunities.id', '=', opportunityId)
      .where('opportunities.org_id', '=', session.orgId)
      .executeTakeFirst();
    if (!opportunity) throw notFound('Opportunity');
    return opportunity;
  });
}

export async function createOpportunity(session: CrmSession, input: unknown) {
  const { custom, ...values } = parseInput(opportunityCreateSchema, input);
  return inUserTransaction(session, async (tx) =>
    tx
      .insertInto('opportunities')
      .values({ ...values, org_id: session.orgId, custom: await customValuesForCreate(tx, session.orgId, 'opportunity', custom) })
      .returning(['id', 'status', 'updated_at'])
      .executeTakeFirstOrThrow(),
  );
}

export async function updateOpportunity(session: CrmSession, input: unknown) {
  const { id: opportunityId, expected_updated_at, custom, ...values } = parseInput(opportunityUpdateSchema, input);
  return inUserTransaction(session, async (tx) =>
    updateVersioned(tx, 'opportunities', opportunityId, expected_updated_at, custom ? { ...values, custom: await customValuesPatch(tx, session.orgId, 'opportunity', custom) } : values),
  );
}

/**
 * Moves an opportunity to another stage of its pipeline. The database derives won/lost from
 * the stage; a lost stage needs a reason, which we ask for before touching anything.
 */
export async function moveOpportunity(session: CrmSession, input: unknown) {
  const move = parseInput(opportunityMoveSchema, input);
  return inUserTransaction(session, async (tx) => {
    const stage = await tx
      .selectFrom('pipeline_stages')
      .innerJoin('opportunities', 'opportunities.pipeline_id', 'pipeline_stages.pipeline_id')
      .select(['pipeline_stages.is_lost'])
      .where('pipeline_stages.id', '=', move.stage_id)
      .where('opportunities.id', '=', move.id)
      .executeTakeFirst();
    if (!stage) throw validationError('That stage is not part of this opportunity’s pipeline.', { stage_id: ['Choose a stage of this pipeline.'] });
    if (stage.is_lost && !move.lost_reason) {
      throw validationError('Say why this opportunity was lost.', { lost_reason: ['Say why this opportunity was lost.'] });
    }
    await updateLive(tx, 'opportunities', move.id, {
      stage_id: move.stage_id,
      lost_reason: stage.is_lost ? move.lost_reason : null,
    });
    return tx
      .selectFrom('opportunities')
      .select(['id', 'stage_id', 'status', 'probability', 'closed_at', 'updated_at'])
      .where('id', '=', move.id)
      .executeTakeFirstOrThrow();
  });
}

export async function trashOpportunity(session: CrmSession, opportunityId: string) {
  return inUserTransaction(session, (tx) => softDelete(tx, 'opportunities', opportunityId, session.userId));
}

export async function restoreOpportunity(session: CrmSession, opportunityId: string) {
  return inUserTransaction(session, (tx) => restore(tx, 'opportunities', opportunityId));
}

/** Pipelines with their ordered stages, for boards and forms. */
export async function listPipelines(session: CrmSession) {
  return inUserTransaction(session, async (tx) => {
    const pipelines = await tx
      .selectFrom('pipelines')
      .select(['id', 'name', 'is_default'])
      .where('org_id', '=', session.orgId)
      .orderBy('is_default', 'desc')
      .orderBy('name')
      .execute();
    const stages = await tx
      .selectFrom('pipeline_stages')
      .select(['id', 'pipeline_id', 'name', 'position', 'probability', 'is_won', 'is_lost'])
      .where('org_id', '=', session.orgId)
      .orderBy('position')
      .execute();
    return pipelines.map((pipeline) => ({ ...pipeline, stages: stages.filter((s) => s.pipeline_id === pipeline.id) }));
  });
}

export type BoardCard = {
  id: string;
  name: string;
  amount: string;
  currency: string;
  stage_id: string;
  probability: number | null;
  status: OpportunityStatus;
  account_name: string | null;
  owner_name: string | null;
  updated_at: Date;
};

/** What a board shows: every open deal, and deals closed within this many days. */
export const BOARD_CLOSED_DAYS = 90;
/** Cards loaded per column; the column's count and totals always cover all of its deals. */
const BOARD_CARDS_PER_STAGE = 100;

export type BoardTotal = { stage_id: string; currency: string; deals: number; amount: string; weighted: string };

/** The board's deals of one pipeline, per column (at most BOARD_CARDS_PER_STAGE each, newest first). */
function boardDeals(tx: Tx, session: CrmSession, pipelineId: string) {
  return tx
    .selectFrom('opportunities')
    .where('opportunities.org_id', '=', session.orgId)
    .where('opportunities.pipeline_id', '=', pipelineId)
    .where('opportunities.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([eb('opportunities.status', '=', 'open'), eb('opportunities.closed_at', '>', sql<Date>`now() - make_interval(days => ${BOARD_CLOSED_DAYS})`)]),
    );
}

/**
 * Count, amount and weighted amount of every column of a board, per currency, summed in the
 * database over all of the column's deals the user may see (not over the cards loaded).
 */
export async function boardTotals(session: CrmSession, pipelineId: string): Promise<BoardTotal[]> {
  parseInput(id('Pipeline'), pipelineId);
  return inUserTransaction(session, (tx) =>
    boardDeals(tx, session, pipelineId)
      .innerJoin('pipeline_stages as stage', 'stage.id', 'opportunities.stage_id')
      .select([
        'opportunities.stage_id',
        'opportunities.currency',
        sql<number>`count(*)::int`.as('deals'),
        sql<string>`sum(opportunities.amount)::text`.as('amount'),
        sql<string>`round(sum(opportunities.amount * coalesce(opportunities.probability, stage.probability) / 100.0), 2)::text`.as('weighted'),
      ])
      .groupBy(['opportunities.stage_id', 'opportunities.currency'])
      .orderBy('opportunities.currency')
      .execute(),
  );
}

/** Cards of one pipeline's board: open deals and those closed in the last BOARD_CLOSED_DAYS days, newest first per column. */
export async function listBoard(session: CrmSession, pipelineId: string): Promise<BoardCard[]> {
  parseInput(id('Pipeline'), pipelineId);
  return inUserTransaction(session, async (tx) => {
    const ranked = boardDeals(tx, session, pipelineId).select([
      'opportunities.id',
      sql<number>`row_number() over (partition by opportunities.stage_id order by opportunities.updated_at desc, opportunities.id)`.as('rank'),
    ]);
    return tx
      .selectFrom('opportunities')
      .leftJoin('accounts', 'accounts.id', 'opportunities.account_id')
      .leftJoin('memberships as owner', (join) =>
        join.onRef('owner.org_id', '=', 'opportunities.org_id').onRef('owner.user_id', '=', 'opportunities.owner_id'),
      )
      .select([
        'opportunities.id',
        'opportunities.name',
        'opportunities.amount',
        'opportunities.currency',
        'opportunities.stage_id',
        'opportunities.probability',
        'opportunities.status',
        'accounts.name as account_name',
        'owner.display_name as owner_name',
        'opportunities.updated_at',
      ])
      .where('opportunities.id', 'in', tx.selectFrom(ranked.as('ranked')).select('ranked.id').where('ranked.rank', '<=', BOARD_CARDS_PER_STAGE))
      .orderBy('opportunities.updated_at', 'desc')
      .execute();
  });
}
