/**
 * The dashboard's figures, each computed under the user's RLS: a sales rep's dashboard sums
 * only the deals and leads they can see, a manager's the whole organisation.
 */
import { sql } from 'kysely';
import { type CrmSession, inUserTransaction } from './session';

export async function loadDashboard(session: CrmSession) {
  return inUserTransaction(session, async (tx) => {
    const org = session.orgId;
    const tasks = await tx
      .selectFrom('activities')
      .select(['id', 'subject', 'due_at', 'lead_id', 'contact_id', 'account_id', 'opportunity_id'])
      .where('org_id', '=', org)
      .where('owner_id', '=', session.userId)
      .where('kind', '=', 'task')
      .where('completed_at', 'is', null)
      .where('deleted_at', 'is', null)
      .orderBy('due_at', (ob) => ob.asc().nullsLast())
      .limit(10)
      .execute();
    const myOpportunities = await tx
      .selectFrom('opportunities')
      .select(['id', 'name', 'amount', 'currency', 'expected_close_date'])
      .where('org_id', '=', org)
      .where('owner_id', '=', session.userId)
      .where('status', '=', 'open')
      .where('deleted_at', 'is', null)
      .orderBy('expected_close_date', (ob) => ob.asc().nullsLast())
      .limit(10)
      .execute();
    const pipelineByStage = await tx
      .selectFrom('pipeline_stages as stage')
      .innerJoin('pipelines', 'pipelines.id', 'stage.pipeline_id')
      .leftJoin('opportunities as o', (join) => join.onRef('o.stage_id', '=', 'stage.id').on('o.deleted_at', 'is', null))
      .select([
        'stage.id',
        'stage.name',
        'stage.position',
        sql<number>`count(o.id)`.as('deals'),
        sql<string>`coalesce(sum(o.amount), 0)`.as('total'),
        sql<string>`coalesce(sum(o.amount * coalesce(o.probability, stage.probability) / 100.0), 0)`.as('weighted'),
      ])
      .where('stage.org_id', '=', org)
      .where('pipelines.is_default', '=', true)
      .groupBy(['stage.id', 'stage.name', 'stage.position'])
      .orderBy('stage.position')
      .execute();
    const leadsByStatus = await tx
      .selectFrom('leads')
      .select(['status', sql<number>`count(*)`.as('count')])
      .where('org_id', '=', org)
      .where('deleted_at', 'is', null)
      .groupBy('status')
      .execute();
    const leadsBySource = await tx
      .selectFrom('leads')
      .select([sql<string>`coalesce(source::text, 'unknown')`.as('source'), sql<number>`count(*)`.as('count')])
      .where('org_id', '=', org)
      .where('deleted_at', 'is', null)
      .groupBy('source')
      .orderBy(sql`count(*)`, 'desc')
      .execute();
    const expiring = await tx
      .selectFrom('certifications')
      .innerJoin('contacts', 'contacts.id', 'certifications.contact_id')
      .innerJoin('courses', 'courses.id', 'certifications.course_id')
      .select(['certifications.id', 'certifications.expires_at', 'courses.title', 'contacts.id as contact_id', 'contacts.first_name', 'contacts.last_name'])
      .where('certifications.org_id', '=', org)
      .where('certifications.status', '=', 'active')
      .where('certifications.expires_at', '<=', sql<string>`(current_date + 90)`)
      .where('certifications.expires_at', '>=', sql<string>`current_date`)
      .orderBy('certifications.expires_at')
      .limit(20)
      .execute();
    const recent = await tx
      .selectFrom('activities')
      .leftJoin('memberships as owner', (join) => join.onRef('owner.org_id', '=', 'activities.org_id').onRef('owner.user_id', '=', 'activities.owner_id'))
      .select(['activities.id', 'activities.kind', 'activities.subject', 'activities.occurred_at', 'activities.contact_id', 'activities.lead_id', 'owner.display_name as owner_name'])
      .where('activities.org_id', '=', org)
      .where('activities.deleted_at', 'is', null)
      .orderBy('activities.occurred_at', 'desc')
      .limit(10)
      .execute();
    return { tasks, myOpportunities, pipelineByStage, leadsByStatus, leadsBySource, expiring, recent };
  });
}
