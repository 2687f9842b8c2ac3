/**
 * Segments, under the signed-in user's RLS: marketing, managers and admins build them;
 * compliance officers and viewers read them. Counts run as the user too, so a count never
 * includes people the user could not see.
 */
import { conflict, notFound, parseInput } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { countSegment } from './segment-query';
import { type SegmentFilter, segmentFilterSchema, segmentInputSchema, segmentPreviewSchema } from './segment.schema';

/** The stored filter, read back through the schema: an unknown key from an older version is dropped. */
export function storedFilter(filter: unknown): SegmentFilter {
  const parsed = segmentFilterSchema.strip().safeParse(filter);
  return parsed.success ? parsed.data : {};
}

export async function listSegments(session: CrmSession) {
  return inUserTransaction(session, async (tx) => {
    const rows = await tx
      .selectFrom('segments')
      .select(['id', 'name', 'description', 'audience', 'filter', 'updated_at'])
      .where('org_id', '=', session.orgId)
      .orderBy('name')
      .execute();
    const counted = [];
    for (const row of rows) counted.push({ ...row, count: await countSegment(tx, session.orgId, row.audience, storedFilter(row.filter)) });
    return counted;
  });
}

export async function getSegment(session: CrmSession, segmentId: string) {
  return inUserTransaction(session, async (tx) => {
    const row = await tx
      .selectFrom('segments')
      .select(['id', 'name', 'description', 'audience', 'filter', 'updated_at'])
      .where('org_id', '=', session.orgId)
      .where('id', '=', segmentId)
      .executeTakeFirst();
    if (!row) throw notFound('Segment');
    const filter = storedFilter(row.filter);
    return { ...row, filter, count: await countSegment(tx, session.orgId, row.audience, filter) };
  });
}

/** How many people a segment being built would hold right now. */
export async function previewSegmentCount(session: CrmSession, input: unknown): Promise<number> {
  return (await previewSegmentCounts(session, input)).count;
}

/**
 * The segment builder's live count and, when it asks for consent only, how many match
 * without that condition: "12 of 2,001 contacts have marketing consent" explains a small number.
 */
export async function previewSegmentCounts(session: CrmSession, input: unknown): Promise<{ count: number; withoutConsent: number | null }> {
  const { audience, filter } = parseInput(segmentPreviewSchema, input);
  return inUserTransaction(session, async (tx) => {
    const count = await countSegment(tx, session.orgId, audience, filter);
    const withoutConsent = filter.marketingConsent ? await countSegment(tx, session.orgId, audience, { ...filter, marketingConsent: undefined }) : null;
    return { count, withoutConsent };
  });
}

export async function createSegment(session: CrmSession, input: unknown) {
  const segment = parseInput(segmentInputSchema, input);
  return inUserTransaction(session, (tx) =>
    tx
      .insertInto('segments')
      .values({ org_id: session.orgId, name: segment.name, description: segment.description || null, audience: segment.audience, filter: segment.filter })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
}

export async function updateSegment(session: CrmSession, segmentId: string, input: unknown) {
  const segment = parseInput(segmentInputSchema, input);
  return inUserTransaction(session, async (tx) => {
    const row = await tx
      .updateTable('segments')
      .set({ name: segment.name, description: segment.description || null, audience: segment.audience, filter: segment.filter })
      .where('org_id', '=', session.orgId)
      .where('id', '=', segmentId)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw notFound('Segment');
    return row;
  });
}

export async function deleteSegment(session: CrmSession, segmentId: string) {
  return inUserTransaction(session, async (tx) => {
    const used = await tx.selectFrom('campaigns').select('name').where('org_id', '=', session.orgId).where('segment_id', '=', segmentId).executeTakeFirst();
    if (used) throw conflict(`This segment is the audience of the campaign “${used.name}”, so it is kept.`);
    const row = await tx.deleteFrom('segments').where('org_id', '=', session.orgId).where('id', '=', segmentId).returning('id').executeTakeFirst();
    if (!row) throw notFound('Segment');
  });
}
