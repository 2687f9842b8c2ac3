/** Activities and tasks: log on a record, complete and reopen tasks, list my open tasks, the activity log. */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Tx } from '../db/session';
import type { ActivityKind } from '../db/types';
import { activityListSchema, activityLogSchema } from './activities.schema';
import { convertedLeads } from './conversion';
import { parseInput } from './errors';
import { id } from './fields';
import { countMatches, filterByOwner, type ListSource, listPage } from './list-query';
import { containsPattern, type ListTotal, type Page } from './pagination';
import { updateLive } from './records';
import { type CrmSession, inUserTransaction } from './session';

/** Logs an activity owned by the signed-in user. */
export async function logActivity(session: CrmSession, input: unknown) {
  const values = parseInput(activityLogSchema, input);
  return inUserTransaction(session, (tx) =>
    tx
      .insertInto('activities')
      .values({ ...values, org_id: session.orgId, owner_id: session.userId })
      .returning(['id', 'updated_at'])
      .executeTakeFirstOrThrow(),
  );
}

export async function setTaskCompleted(session: CrmSession, taskId: string, completed: boolean) {
  parseInput(id('Task'), taskId);
  return inUserTransaction(session, (tx) =>
    updateLive(tx, 'activities', taskId, { completed_at: completed ? sql`now()` : null }),
  );
}

/** The signed-in user's open tasks, overdue first. */
export async function listMyOpenTasks(session: CrmSession, limit = 50) {
  return inUserTransaction(session, (tx) =>
    tx
      .selectFrom('activities')
      .select(['id', 'subject', 'due_at', 'lead_id', 'contact_id', 'account_id', 'opportunity_id'])
      .where('org_id', '=', session.orgId)
      .where('owner_id', '=', session.userId)
      .where('kind', '=', 'task')
      .where('completed_at', 'is', null)
      .where('deleted_at', 'is', null)
      .orderBy('due_at', (ob) => ob.asc().nullsLast())
      .limit(limit)
      .execute(),
  );
}

export type ActivityTarget = { lead_id?: string; contact_id?: string; account_id?: string; opportunity_id?: string };

/**
 * The timeline of one record, newest first (RLS decides which activities the user sees). A
 * contact's timeline includes what was logged on the leads converted into it: a lead's history
 * does not end at conversion.
 */
export async function listActivities(session: CrmSession, target: ActivityTarget, limit = 100) {
  const [column, value] = Object.entries(target).find(([, v]) => v) ?? [];
  if (!column || !value) return [];
  parseInput(id('Record'), value);
  return inUserTransaction(session, (tx) =>
    tx
      .selectFrom('activities')
      .leftJoin('memberships as owner', (join) =>
        join.onRef('owner.org_id', '=', 'activities.org_id').onRef('owner.user_id', '=', 'activities.owner_id'),
      )
      .select([
        'activities.id',
        'activities.kind',
        'activities.subject',
        'activities.body',
        'activities.occurred_at',
        'activities.due_at',
        'activities.completed_at',
        'activities.owner_id',
        'owner.display_name as owner_name',
      ])
      .where((eb) =>
        column === 'contact_id'
          ? eb.or([eb('activities.contact_id', '=', value), eb('activities.lead_id', 'in', convertedLeads(tx, session.orgId, value))])
          : eb(`activities.${column}` as 'activities.contact_id', '=', value),
      )
      .where('activities.org_id', '=', session.orgId)
      .where('activities.deleted_at', 'is', null)
      .orderBy('activities.occurred_at', 'desc')
      .limit(limit)
      .execute(),
  );
}

/** A row of the activity log, with the record it is about. */
export type ActivityListRow = {
  id: string;
  kind: ActivityKind;
  subject: string;
  occurred_at: Date;
  due_at: Date | null;
  completed_at: Date | null;
  owner_id: string | null;
  owner_name: string | null;
  /** The record it is logged on (the first of contact, lead, account, opportunity), its name (or a person's email) if visible. */
  record_type: 'contact' | 'lead' | 'account' | 'opportunity' | null;
  record_id: string | null;
  record_name: string | null;
  created_at: Date;
  updated_at: Date;
};

/** The activity log's query with its filters (the page reads it, the total counts it, an export walks it). */
async function activityQuery(tx: Tx, session: CrmSession, p: z.output<typeof activityListSchema>) {
  let query = tx
    .selectFrom('activities')
    .leftJoin('memberships as owner', (join) => join.onRef('owner.org_id', '=', 'activities.org_id').onRef('owner.user_id', '=', 'activities.owner_id'))
    // A name the person may not see (RLS) stays empty: the row says only what kind of record it is.
    .leftJoin('contacts', 'contacts.id', 'activities.contact_id')
    .leftJoin('leads', 'leads.id', 'activities.lead_id')
    .leftJoin('accounts', 'accounts.id', 'activities.account_id')
    .leftJoin('opportunities', 'opportunities.id', 'activities.opportunity_id')
    .select([
      'activities.id',
      'activities.kind',
      'activities.subject',
      'activities.occurred_at',
      'activities.due_at',
      'activities.completed_at',
      'activities.owner_id',
      'owner.display_name as owner_name',
      'activities.created_at',
      'activities.updated_at',
    ])
    .select(
      sql<ActivityListRow['record_type']>`case when activities.contact_id is not null then 'contact' when activities.lead_id is not null then 'lead'
        when activities.account_id is not null then 'account' when activities.opportunity_id is not null then 'opportunity' end`.as('record_type'),
    )
    .select(sql<string | null>`coalesce(activities.contact_id, activities.lead_id, activities.account_id, activities.opportunity_id)`.as('record_id'))
    .select(
      sql<string | null>`case when activities.contact_id is not null then coalesce(nullif(trim(concat_ws(' ', contacts.first_name, contacts.last_name)), ''), contacts.email::text)
        when activities.lead_id is not null then coalesce(nullif(trim(concat_ws(' ', leads.first_name, leads.last_name)), ''), leads.email::text)
        when activities.account_id is not null then accounts.name else opportunities.name end`.as('record_name'),
    )
    .where('activities.org_id', '=', session.orgId)
    .where('activities.deleted_at', 'is', null);
  if (p.q) query = query.where('activities.subject', 'ilike', containsPattern(p.q));
  if (p.kind) query = query.where('activities.kind', '=', p.kind);
  return filterByOwner(query, 'activities', p.owner, session);
}

export const activityListSource: ListSource<z.output<typeof activityListSchema>> = { table: 'activities', object: null, query: activityQuery };

/** One page of the activity log, newest first by default. */
export async function listActivityLog(session: CrmSession, params: unknown): Promise<Page<ActivityListRow>> {
  const p = parseInput(activityListSchema, params);
  return inUserTransaction(session, (tx) => listPage<ActivityListRow, typeof p>(tx, session, activityListSource, p));
}

/** How many activities the log's filters match (capped like every list's total). */
export async function countActivityLog(session: CrmSession, params: unknown): Promise<ListTotal> {
  const p = parseInput(activityListSchema, params);
  return inUserTransaction(session, async (tx) => countMatches(tx, await activityQuery(tx, session, p), 'activities', session, null));
}
