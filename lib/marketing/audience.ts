/**
 * The audience panel: who in a campaign's segment will receive it, and who will be left out
 * and why — the same rules the send path applies, evaluated now under the user's RLS:
 * no address (the segment's people without one), a duplicate address (one message per
 * address, the first person in id order, as the fan-out does), and what send-email would
 * block (private.marketing_block_reason: no consent, or a suppression).
 */
import { sql } from 'kysely';
import { notFound, parseInput } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import type { Tx } from '../db/session';
import { segmentMembers, segmentPeople } from './segment-query';
import type { SegmentFilter } from './segment.schema';
import { storedFilter } from './segments';
import { z } from 'zod';
import { id } from '../crm/fields';

/** Every reason, in the order the panel shows them, with what it says. */
export const exclusionReasons = {
  no_email: 'No email address',
  duplicate: 'Same address as another person in the segment',
  no_consent: 'No marketing consent',
  unsubscribed: 'Unsubscribed',
  hard_bounce: 'Suppressed: the address bounced',
  complaint: 'Suppressed: marked an email as spam',
  erased: 'Suppressed: data erased (GDPR)',
  manual: 'Suppressed by a compliance officer',
} as const;
export type ExclusionReason = keyof typeof exclusionReasons;
const reasonNames = Object.keys(exclusionReasons) as [ExclusionReason, ...ExclusionReason[]];

/** Each person of the segment with the reason they will not receive it (null: they will). */
function audienceQuery(tx: Tx, orgId: string, audience: 'contacts' | 'leads', filter: SegmentFilter) {
  const people = segmentPeople(tx, orgId, audience, filter);
  const contact = audience === 'contacts' ? sql`m.id` : sql`null::uuid`;
  const lead = audience === 'leads' ? sql`m.id` : sql`null::uuid`;
  return tx
    .selectFrom(
      tx
        .selectFrom(people.as('p0'))
        .select(['p0.id', 'p0.email', sql<number>`row_number() over (partition by lower(btrim(p0.email)) order by p0.id)`.as('nth')])
        .as('m'),
    )
    .select([
      'm.id',
      'm.email',
      sql<ExclusionReason | null>`case
        when m.email is null then 'no_email'
        when m.nth > 1 then 'duplicate'
        else private.marketing_block_reason(${orgId}::uuid, ${contact}, ${lead})
      end`.as('reason'),
    ]);
}

async function segmentOf(tx: Tx, session: CrmSession, campaignId: string) {
  const row = await tx
    .selectFrom('campaigns as c')
    .innerJoin('segments as s', 's.id', 'c.segment_id')
    .select(['s.id', 's.name', 's.audience', 's.filter'])
    .where('c.org_id', '=', session.orgId)
    .where('c.id', '=', campaignId)
    .executeTakeFirst();
  if (!row) throw notFound('Campaign');
  return row;
}

export type AudienceSummary = { segment: { id: string; name: string; audience: 'contacts' | 'leads' }; total: number; receiving: number; excluded: Record<ExclusionReason, number> };

/** Counts for the panel: everyone in the segment, who receives it, and who is left out by reason. */
export async function campaignAudience(session: CrmSession, campaignId: string): Promise<AudienceSummary> {
  parseInput(id('Campaign'), campaignId);
  return inUserTransaction(session, (tx) => audienceSummary(tx, session, campaignId));
}

/** The same, inside a transaction the caller holds (the final check's). */
export async function audienceSummary(tx: Tx, session: CrmSession, campaignId: string): Promise<AudienceSummary> {
  const segment = await segmentOf(tx, session, campaignId);
  const rows = await tx
    .selectFrom(audienceQuery(tx, session.orgId, segment.audience, storedFilter(segment.filter)).as('a'))
    .select(['a.reason', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('a.reason')
    .execute();
  const excluded = Object.fromEntries(reasonNames.map((r) => [r, 0])) as Record<ExclusionReason, number>;
  let receiving = 0;
  for (const row of rows) {
    if (row.reason === null) receiving += Number(row.n);
    else if (row.reason in excluded) excluded[row.reason] += Number(row.n);
  }
  const total = receiving + Object.values(excluded).reduce((a, b) => a + b, 0);
  return { segment: { id: segment.id, name: segment.name, audience: segment.audience }, total, receiving, excluded };
}

export const audienceListSchema = z.object({
  reason: z.enum(reasonNames, { error: 'Choose a reason from the audience panel.' }),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export const AUDIENCE_PAGE_SIZE = 50;

/** The people left out for one reason (what a number in the panel opens), a page at a time. */
export async function campaignAudiencePeople(session: CrmSession, campaignId: string, input: unknown) {
  parseInput(id('Campaign'), campaignId);
  const { reason, page } = parseInput(audienceListSchema, input);
  return inUserTransaction(session, async (tx) => {
    const segment = await segmentOf(tx, session, campaignId);
    const matching = tx
      .selectFrom(audienceQuery(tx, session.orgId, segment.audience, storedFilter(segment.filter)).as('a'))
      .select(['a.id', 'a.email'])
      .where(sql<boolean>`a.reason = ${reason}`);
    const [count, found] = await Promise.all([
      tx.selectFrom(matching.as('x')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      tx.selectFrom(matching.as('x')).select(['x.id', 'x.email']).orderBy('x.id').limit(AUDIENCE_PAGE_SIZE).offset((page - 1) * AUDIENCE_PAGE_SIZE).execute(),
    ]);
    const people = await withNames(tx, segment.audience, found);
    return { segment, reason, page, total: Number(count.n), people, pageSize: AUDIENCE_PAGE_SIZE };
  });
}

/**
 * A few people of the segment who will receive the campaign: the preview's sample recipients.
 * In id order and stopping at `limit`, so it costs the same on a segment of millions.
 */
export async function sampleRecipients(tx: Tx, orgId: string, segment: { audience: 'contacts' | 'leads'; filter: unknown }, limit = 20) {
  const contact = segment.audience === 'contacts' ? sql`p.id` : sql`null::uuid`;
  const lead = segment.audience === 'leads' ? sql`p.id` : sql`null::uuid`;
  const people = await segmentMembers(tx, orgId, segment.audience, storedFilter(segment.filter))
    .where(sql<boolean>`private.marketing_block_reason(${orgId}::uuid, ${contact}, ${lead}) is null`)
    .orderBy('p.id')
    .limit(limit)
    .execute();
  return withNames(tx, segment.audience, people);
}

/** The people's names beside their ids and addresses, in the same order. */
async function withNames(tx: Tx, audience: 'contacts' | 'leads', people: { id: string; email: string | null }[]) {
  if (people.length === 0) return [];
  const ids = people.map((p) => p.id);
  const names =
    audience === 'contacts'
      ? await tx.selectFrom('contacts').select(['id', 'first_name', 'last_name']).where('id', 'in', ids).execute()
      : await tx.selectFrom('leads').select(['id', 'first_name', 'last_name']).where('id', 'in', ids).execute();
  const byId = new Map(names.map((n) => [n.id, n]));
  return people.map((p) => ({ id: p.id, email: p.email, first_name: byId.get(p.id)?.first_name ?? null, last_name: byId.get(p.id)?.last_name ?? null }));
}
