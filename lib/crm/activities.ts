/** Activities and tasks: log on a record, complete and reopen tasks, list my open tasks. */
import { sql } from 'kysely';
import { activityLogSchema } from './activities.schema';
import { convertedLeads } from './conversion';
import { parseInput } from './errors';
import { id } from './fields';
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
