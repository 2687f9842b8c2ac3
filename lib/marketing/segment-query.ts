/**
 * A segment as SQL: the ids of the live contacts or leads with an email address that match
 * every condition of the filter. The same query counts a segment for a user (under their
 * RLS, through withUser) and enumerates it for a campaign or a sequence (as the worker).
 */
import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Tx } from '../db/session';
import type { DB, SegmentAudience } from '../db/types';
import type { SegmentFilter } from './segment.schema';

type ContactsEb = ExpressionBuilder<DB & { p: DB['contacts'] }, 'p'>;
type LeadsEb = ExpressionBuilder<DB & { p: DB['leads'] }, 'p'>;

/** Custom property conditions: the value, or among the values of a multi-select. */
function propertyConditions(filter: SegmentFilter): Expression<SqlBool>[] {
  return Object.entries(filter.properties ?? {}).map(
    ([key, value]) => sql<SqlBool>`((p.custom ->> ${key}) = ${value} or (jsonb_typeof(p.custom -> ${key}) = 'array' and (p.custom -> ${key}) ? ${value}))`,
  );
}

function contactConditions(eb: ContactsEb, filter: SegmentFilter): Expression<SqlBool>[] {
  const all: Expression<SqlBool>[] = [...propertyConditions(filter)];
  if (filter.lifecycleStages?.length) all.push(eb('p.lifecycle_stage', 'in', filter.lifecycleStages));
  if (filter.accountIds?.length) all.push(eb('p.account_id', 'in', filter.accountIds));
  if (filter.tagIds?.length) {
    const tagIds = filter.tagIds;
    all.push(eb.exists(eb.selectFrom('taggings as t').select('t.id').whereRef('t.contact_id', '=', 'p.id').where('t.tag_id', 'in', tagIds)));
  }
  if (filter.courseIds?.length) {
    const courseIds = filter.courseIds;
    all.push(
      eb.exists(
        eb
          .selectFrom('enrollments as e')
          .innerJoin('course_sessions as s', 's.id', 'e.session_id')
          .select('e.id')
          .whereRef('e.contact_id', '=', 'p.id')
          .where('e.status', '<>', 'cancelled')
          .where('s.course_id', 'in', courseIds),
      ),
    );
  }
  if (filter.certificationExpiringWithinDays) {
    const days = filter.certificationExpiringWithinDays;
    all.push(
      eb.exists(
        eb
          .selectFrom('certifications as c')
          .select('c.id')
          .whereRef('c.contact_id', '=', 'p.id')
          .where('c.status', '=', 'active')
          .where(sql<SqlBool>`c.expires_at between current_date and current_date + ${days}::integer`),
      ),
    );
  }
  if (filter.marketingConsent) all.push(sql<SqlBool>`private.has_marketing_consent(p.org_id, p.id, null)`);
  return all;
}

function leadConditions(eb: LeadsEb, filter: SegmentFilter): Expression<SqlBool>[] {
  // A converted lead is the same person as its contact: only targeted when asked for.
  const all: Expression<SqlBool>[] = [filter.leadStatuses?.length ? eb('p.status', 'in', filter.leadStatuses) : eb('p.status', '<>', 'converted'), ...propertyConditions(filter)];
  if (filter.tagIds?.length) {
    const tagIds = filter.tagIds;
    all.push(eb.exists(eb.selectFrom('taggings as t').select('t.id').whereRef('t.lead_id', '=', 'p.id').where('t.tag_id', 'in', tagIds)));
  }
  if (filter.marketingConsent) all.push(sql<SqlBool>`private.has_marketing_consent(p.org_id, null, p.id)`);
  return all;
}

/** Either audience's query, seen through what they share: `p.id` and `p.email`. */
type PeopleQuery = SelectQueryBuilder<DB & { p: { id: string; email: string | null } }, 'p', { id: string; email: string | null }>;

/**
 * Everyone the segment's conditions select, with or without an address: `p.id` and `p.email`.
 * The audience panel starts here (people without an address are one of its reasons).
 */
export function segmentPeople(tx: Tx, orgId: string, audience: SegmentAudience, filter: SegmentFilter) {
  if (audience === 'contacts') {
    return tx
      .selectFrom('contacts as p')
      .select(['p.id', sql<string | null>`p.email::text`.as('email')])
      .where('p.org_id', '=', orgId)
      .where('p.deleted_at', 'is', null)
      .where((eb) => eb.and(contactConditions(eb, filter))) as unknown as PeopleQuery;
  }
  return tx
    .selectFrom('leads as p')
    .select(['p.id', sql<string | null>`p.email::text`.as('email')])
    .where('p.org_id', '=', orgId)
    .where('p.deleted_at', 'is', null)
    .where((eb) => eb.and(leadConditions(eb as unknown as LeadsEb, filter))) as unknown as PeopleQuery;
}

/** `select p.id, p.email from <people> p where …` for the segment's people with an address, ordered by nothing (callers add order and limits). */
export function segmentMembers(tx: Tx, orgId: string, audience: SegmentAudience, filter: SegmentFilter) {
  return segmentPeople(tx, orgId, audience, filter).where('p.email', 'is not', null);
}

export async function countSegment(tx: Tx, orgId: string, audience: SegmentAudience, filter: SegmentFilter): Promise<number> {
  const row = await tx
    .selectFrom(segmentMembers(tx, orgId, audience, filter).as('m'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
