/**
 * A campaign's report, under the user's RLS: sent, delivered, opened (unique and total),
 * clicked (unique, total and per link), bounced (hard and soft), complained, unsubscribed —
 * counts and rates — and opens and clicks by hour. Test sends are never part of it (they have
 * no campaign). Opens are as the provider reports them: Apple Mail Privacy Protection opens
 * every message it downloads, so opens overstate reading; clicks do not.
 */
import { sql } from 'kysely';
import { notFound, parseInput } from '../crm/errors';
import { id } from '../crm/fields';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { messageOutcome } from './outcomes';

export type CampaignReport = {
  sent: number;
  delivered: number;
  openedUnique: number;
  opensTotal: number;
  clickedUnique: number;
  clicksTotal: number;
  hardBounced: number;
  softBounced: number;
  complained: number;
  unsubscribed: number;
  links: { url: string; clicks: number; people: number }[];
  timeline: { hour: string; opens: number; clicks: number }[];
  /** The A/B test of the subject line, when the campaign has one. */
  ab: {
    metric: 'opens' | 'clicks';
    winner: 'a' | 'b' | null;
    decideAfter: Date | null;
    groups: { group: 'a' | 'b'; subject: string | null; sent: number; opened: number; clicked: number }[];
    rest: number;
  } | null;
};

const n = (value: unknown) => Number(value ?? 0);

export async function campaignReport(session: CrmSession, campaignId: string): Promise<CampaignReport> {
  parseInput(id('Campaign'), campaignId);
  return inUserTransaction(session, async (tx) => {
    const campaign = await tx
      .selectFrom('campaigns')
      .select(['id', 'subject', 'ab_subject_b', 'ab_metric', 'ab_winner', 'ab_decide_after'])
      .where('org_id', '=', session.orgId)
      .where('id', '=', campaignId)
      .executeTakeFirst();
    if (!campaign) throw notFound('Campaign');
    const groups = campaign.ab_metric
      ? await tx
          .selectFrom('campaign_recipients as r')
          .leftJoin('email_messages as m', 'm.id', 'r.message_id')
          .select([
            'r.ab_group',
            sql<number>`count(*) filter (where r.status = 'sent')`.as('sent'),
            sql<number>`count(*) filter (where r.status = 'sent' and ${messageOutcome.opened})`.as('opened'),
            sql<number>`count(*) filter (where r.status = 'sent' and ${messageOutcome.clicked})`.as('clicked'),
            sql<number>`count(*)`.as('people'),
          ])
          .where('r.org_id', '=', session.orgId)
          .where('r.campaign_id', '=', campaignId)
          .where('r.ab_group', 'is not', null)
          .groupBy('r.ab_group')
          .execute()
      : [];
    const messages = await tx
      .selectFrom('email_messages as m')
      .select([
        sql<number>`count(*) filter (where m.status not in ('queued', 'failed', 'suppressed'))`.as('sent'),
        sql<number>`count(*) filter (where ${messageOutcome.delivered})`.as('delivered'),
        sql<number>`count(*) filter (where ${messageOutcome.opened})`.as('opened'),
        sql<number>`count(*) filter (where ${messageOutcome.clicked})`.as('clicked'),
        sql<number>`count(*) filter (where ${messageOutcome.bounced})`.as('bounced'),
        sql<number>`count(*) filter (where ${messageOutcome.complained})`.as('complained'),
      ])
      .where('m.org_id', '=', session.orgId)
      .where('m.campaign_id', '=', campaignId)
      .executeTakeFirstOrThrow();
    const events = tx
      .selectFrom('email_events as e')
      .innerJoin('email_messages as m', 'm.id', 'e.message_id')
      .where('m.org_id', '=', session.orgId)
      .where('m.campaign_id', '=', campaignId);
    const [totals, links, timeline, unsubscribed] = await Promise.all([
      events
        .select([
          sql<number>`count(*) filter (where e.type = 'email.opened')`.as('opens'),
          sql<number>`count(*) filter (where e.type = 'email.clicked')`.as('clicks'),
          sql<number>`count(distinct e.message_id) filter (where e.type = 'email.bounced' and e.payload -> 'data' -> 'bounce' ->> 'type' = 'Transient')`.as('soft'),
        ])
        .executeTakeFirstOrThrow(),
      events
        .select([
          sql<string>`e.payload -> 'data' -> 'click' ->> 'link'`.as('url'),
          sql<number>`count(*)`.as('clicks'),
          sql<number>`count(distinct e.message_id)`.as('people'),
        ])
        .where('e.type', '=', 'email.clicked')
        .where(sql<boolean>`e.payload -> 'data' -> 'click' ->> 'link' is not null`)
        .groupBy(sql`e.payload -> 'data' -> 'click' ->> 'link'`)
        .orderBy('clicks', 'desc')
        .limit(50)
        .execute(),
      events
        .select([
          sql<Date>`date_trunc('hour', e.occurred_at)`.as('hour'),
          sql<number>`count(*) filter (where e.type = 'email.opened')`.as('opens'),
          sql<number>`count(*) filter (where e.type = 'email.clicked')`.as('clicks'),
        ])
        .where('e.type', 'in', ['email.opened', 'email.clicked'])
        .groupBy(sql`date_trunc('hour', e.occurred_at)`)
        .orderBy('hour')
        .limit(24 * 14)
        .execute(),
      sql<{ n: number }>`select private.campaign_unsubscribes(${session.orgId}::uuid, ${campaignId}::uuid) as n`.execute(tx),
    ]);
    return {
      sent: n(messages.sent),
      delivered: n(messages.delivered),
      openedUnique: n(messages.opened),
      opensTotal: n(totals.opens),
      clickedUnique: n(messages.clicked),
      clicksTotal: n(totals.clicks),
      hardBounced: n(messages.bounced),
      softBounced: n(totals.soft),
      complained: n(messages.complained),
      unsubscribed: n(unsubscribed.rows[0]?.n),
      links: links.map((l) => ({ url: l.url, clicks: n(l.clicks), people: n(l.people) })),
      timeline: timeline.map((t) => ({ hour: new Date(t.hour).toISOString(), opens: n(t.opens), clicks: n(t.clicks) })),
      ab: campaign.ab_metric
        ? {
            metric: campaign.ab_metric as 'opens' | 'clicks',
            winner: (campaign.ab_winner as 'a' | 'b' | null) ?? null,
            decideAfter: campaign.ab_decide_after,
            groups: (['a', 'b'] as const).map((group) => {
              const row = groups.find((g) => g.ab_group === group);
              return { group, subject: group === 'a' ? campaign.subject : campaign.ab_subject_b, sent: n(row?.sent), opened: n(row?.opened), clicked: n(row?.clicked) };
            }),
            rest: n(groups.find((g) => g.ab_group === 'rest')?.people),
          }
        : null,
    };
  });
}
