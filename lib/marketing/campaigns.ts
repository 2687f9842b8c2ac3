/**
 * Campaigns under the signed-in user's RLS. Users write content and status; sending is the
 * worker's (lib/jobs): a scheduled campaign that comes due, or a resumed one, wakes it
 * through the database (NOTIFY), so nothing here talks to the queue.
 */
import { sql } from 'kysely';
import { conflict, notFound, parseInput, validationError } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import type { Tx } from '../db/session';
import type { JsonObject } from '../db/types';
import { type EmailTemplateName, emailTemplates } from '../../supabase/functions/_shared/emails/index.ts';
import { campaignProps, startingProps } from './campaign-content';
import { messageOutcome } from './outcomes';
import { type CampaignCommand, type CampaignOutput, campaignCommandSchema, campaignCommands, campaignInputSchema, campaignScheduleSchema, campaignStartSchema } from './campaign.schema';
import { templatePropsIssues } from './template-props';

const COLUMNS = [
  'c.id', 'c.name', 'c.template', 'c.props', 'c.status', 'c.segment_id', 'c.scheduled_at', 'c.started_at', 'c.paused_at',
  'c.completed_at', 'c.cancelled_at', 'c.recipients_total', 'c.sent_count', 'c.suppressed_count', 'c.failed_count',
  'c.cancelled_count', 'c.fanout_done_at', 'c.last_error', 'c.created_at', 'c.updated_at', 'c.subject', 'c.preheader', 'c.checked_at',
  'c.ab_subject_b', 'c.ab_test_percent', 'c.ab_metric', 'c.ab_wait_minutes', 'c.ab_decide_after', 'c.ab_winner', 'c.ab_decided_at',
] as const;

/** Recipients not yet answered: the worker's remaining work. */
export const queuedOf = (c: { recipients_total: number; sent_count: number; suppressed_count: number; failed_count: number; cancelled_count: number }) =>
  c.recipients_total - c.sent_count - c.suppressed_count - c.failed_count - c.cancelled_count;

/** The A/B columns of a campaign's content (all null without a test). */
function abColumns(ab: CampaignOutput['ab']) {
  return {
    ab_subject_b: ab?.subject_b ?? null,
    ab_test_percent: ab?.percent ?? null,
    ab_metric: ab?.metric ?? null,
    ab_wait_minutes: ab ? ab.wait_hours * 60 : null,
  };
}

function checkedContent(input: unknown) {
  const content = parseInput(campaignInputSchema, input);
  const issues = templatePropsIssues(content.template as EmailTemplateName, campaignProps(content));
  if (Object.keys(issues).length) throw validationError('Some fields need attention: see the messages beside them.', issues);
  return content;
}

/**
 * The campaigns, newest first, with what the provider reported for each (compared side by
 * side on the list), and the marketing list's growth per month.
 */
export async function listCampaigns(session: CrmSession) {
  return inUserTransaction(session, async (tx) => {
    const campaigns = await tx
      .selectFrom('campaigns as c')
      .innerJoin('segments as s', 's.id', 'c.segment_id')
      .select([...COLUMNS, 's.name as segment_name'])
      .where('c.org_id', '=', session.orgId)
      .orderBy('c.created_at', 'desc')
      .limit(200)
      .execute();
    const ids = campaigns.map((c) => c.id);
    const engagement = ids.length
      ? await tx
          .selectFrom('email_messages as m')
          .select([
            'm.campaign_id',
            sql<number>`count(*) filter (where ${messageOutcome.delivered})`.as('delivered'),
            sql<number>`count(*) filter (where ${messageOutcome.opened})`.as('opened'),
            sql<number>`count(*) filter (where ${messageOutcome.clicked})`.as('clicked'),
          ])
          .where('m.org_id', '=', session.orgId)
          .where('m.campaign_id', 'in', ids)
          .groupBy('m.campaign_id')
          .execute()
      : [];
    const byId = new Map(engagement.map((e) => [e.campaign_id, { delivered: Number(e.delivered), opened: Number(e.opened), clicked: Number(e.clicked) }]));
    return campaigns.map((c) => ({ ...c, engagement: byId.get(c.id) ?? { delivered: 0, opened: 0, clicked: 0 } }));
  });
}

/** Marketing consents given and withdrawn in each of the last six months. */
export async function marketingListGrowth(session: CrmSession) {
  return inUserTransaction(session, async (tx) => {
    const { rows } = await sql<{ month: Date; granted: number; withdrawn: number }>`select * from private.marketing_list_growth(${session.orgId}::uuid, 6)`.execute(tx);
    return rows.map((r) => ({ month: new Date(r.month).toISOString().slice(0, 7), granted: Number(r.granted), withdrawn: Number(r.withdrawn) }));
  });
}

async function campaignRow(tx: Tx, session: CrmSession, campaignId: string) {
  const row = await tx
    .selectFrom('campaigns as c')
    .innerJoin('segments as s', 's.id', 'c.segment_id')
    .select([...COLUMNS, 's.name as segment_name', 's.audience'])
    .where('c.org_id', '=', session.orgId)
    .where('c.id', '=', campaignId)
    .executeTakeFirst();
  if (!row) throw notFound('Campaign');
  return row;
}

/** A campaign with its progress and the latest failures (delivery outcomes: campaign-report.ts). */
export async function getCampaign(session: CrmSession, campaignId: string) {
  return inUserTransaction(session, async (tx) => {
    const campaign = await campaignRow(tx, session, campaignId);
    const failures = await tx
      .selectFrom('campaign_recipients as r')
      .leftJoin('contacts as ct', 'ct.id', 'r.contact_id')
      .leftJoin('leads as l', 'l.id', 'r.lead_id')
      .select(['r.id', 'r.contact_id', 'r.lead_id', 'r.last_error', 'r.updated_at', sql<string | null>`coalesce(ct.email, l.email)::text`.as('email')])
      .where('r.org_id', '=', session.orgId)
      .where('r.campaign_id', '=', campaignId)
      .where('r.status', '=', 'failed')
      .orderBy('r.updated_at', 'desc')
      .limit(20)
      .execute();
    return { campaign: { ...campaign, queued: queuedOf(campaign) }, failures };
  });
}

export async function createCampaign(session: CrmSession, input: unknown) {
  const content = checkedContent(input);
  return inUserTransaction(session, (tx) =>
    tx
      .insertInto('campaigns')
      .values({ org_id: session.orgId, name: content.name, segment_id: content.segment_id, template: content.template, props: content.props as JsonObject, subject: content.subject, preheader: content.preheader, ...abColumns(content.ab) })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
}

/**
 * "Use this template" in the gallery: a draft named after the template, to the first segment
 * (chosen again in the editor), with content that starts from the organisation's own data.
 */
export async function startCampaign(session: CrmSession, input: unknown) {
  const { template } = parseInput(campaignStartSchema, input);
  return inUserTransaction(session, async (tx) => {
    const segment = await tx.selectFrom('segments').select('id').where('org_id', '=', session.orgId).orderBy('created_at').limit(1).executeTakeFirst();
    if (!segment) throw validationError('Build a segment first: a campaign is sent to one.');
    const name = `${emailTemplates[template as EmailTemplateName].title} — ${new Date().toISOString().slice(0, 10)}`;
    const props = await startingProps(tx, session.orgId, template as EmailTemplateName);
    return tx
      .insertInto('campaigns')
      .values({ org_id: session.orgId, name, segment_id: segment.id, template, props: props as JsonObject })
      .returning('id')
      .executeTakeFirstOrThrow();
  });
}

export async function updateCampaign(session: CrmSession, campaignId: string, input: unknown) {
  const content = checkedContent(input);
  return inUserTransaction(session, async (tx) => {
    const row = await tx
      .updateTable('campaigns')
      .set({ name: content.name, segment_id: content.segment_id, template: content.template, props: content.props as JsonObject, subject: content.subject, preheader: content.preheader, ...abColumns(content.ab) })
      .where('org_id', '=', session.orgId)
      .where('id', '=', campaignId)
      .where('status', '=', 'draft')
      .returning('id')
      .executeTakeFirst();
    if (!row) throw conflict('Only a draft campaign can be edited.');
    return row;
  });
}

/**
 * Schedules a draft (now or later); the worker starts it when it comes due. The database
 * refuses content that has not passed the final check (lib/marketing/campaign-editor.ts).
 */
export async function scheduleCampaign(session: CrmSession, campaignId: string, input: unknown) {
  const { scheduledAt } = parseInput(campaignScheduleSchema, input);
  return inUserTransaction(session, async (tx) => {
    const row = await tx
      .updateTable('campaigns')
      .set({ status: 'scheduled', scheduled_at: scheduledAt })
      .where('org_id', '=', session.orgId)
      .where('id', '=', campaignId)
      .where('status', '=', 'draft')
      .returning('id')
      .executeTakeFirst();
    if (!row) throw conflict('Only a draft campaign can be scheduled.');
    return row;
  });
}

/** Pause, resume, cancel or unschedule. Refused (and nothing changes) when the campaign has moved on. */
export async function commandCampaign(session: CrmSession, campaignId: string, command: CampaignCommand) {
  const { from, to } = campaignCommands[parseInput(campaignCommandSchema, command)];
  return inUserTransaction(session, async (tx) => {
    const row = await tx
      .updateTable('campaigns')
      .set({ status: to })
      .where('org_id', '=', session.orgId)
      .where('id', '=', campaignId)
      .where('status', 'in', [...from])
      .returning(['id', 'status'])
      .executeTakeFirst();
    if (!row) {
      const current = await tx.selectFrom('campaigns').select('status').where('id', '=', campaignId).executeTakeFirst();
      if (!current) throw notFound('Campaign');
      throw conflict(`This campaign is ${current.status} now, so it cannot be ${command === 'unschedule' ? 'unscheduled' : `${command}d`}.`);
    }
    return row;
  });
}

export async function deleteCampaign(session: CrmSession, campaignId: string) {
  return inUserTransaction(session, async (tx) => {
    const row = await tx.deleteFrom('campaigns').where('org_id', '=', session.orgId).where('id', '=', campaignId).returning('id').executeTakeFirst();
    if (!row) throw conflict('Only drafts and campaigns cancelled before sending can be deleted.');
  });
}
