/**
 * Reading the local outbox (the Dev inbox): messages the send-email function wrote instead of
 * handing them to Resend, as they would have been sent — security mail with the links that act
 * for its recipient withheld. Runs as the signed-in user: RLS shows the outbox to admins (and
 * compliance officers, for subject exports); everyone else gets an empty list.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { afterCursor, decodeCursor, PAGE_SIZE_MAX, type Page, toPage } from '../crm/pagination';
import { type CrmSession, inUserTransaction } from '../crm/session';
import type { Tx } from '../db/session';
import type { MemberRole } from '../db/types';

export type OutboxSummary = {
  id: string;
  created_at: Date;
  to_address: string;
  subject: string;
  template: string | null;
  category: string | null;
  status: string | null;
  /** created_at to the microsecond, for the page cursor (a JS Date keeps only milliseconds). */
  sort_key: string;
};

export type OutboxMessage = OutboxSummary & {
  message_id: string;
  from_address: string;
  reply_to: string | null;
  html: string;
  text: string;
  headers: Record<string, string>;
  attachments: { filename: string; contentType: string; content: string }[];
  tags: { name: string; value: string }[];
};

/**
 * The Dev inbox exists only where no email provider is configured (the functions write to the
 * outbox exactly then), and only admins see it.
 */
export const devInboxAvailable = (role: MemberRole) => role === 'admin' && !process.env.RESEND_API_KEY;

export const outboxListParams = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(25),
});

function baseQuery(tx: Tx, session: CrmSession) {
  return tx
    .selectFrom('email_outbox as o')
    .leftJoin('email_messages as m', 'm.id', 'o.message_id')
    .where('o.org_id', '=', session.orgId)
    .select([
      'o.id',
      'o.created_at',
      'o.to_address',
      'o.subject',
      'm.template',
      'm.category',
      'm.status',
      sql<string>`to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('sort_key'),
    ]);
}

/** Newest first, keyset-paginated. */
export async function listOutbox(session: CrmSession, input: unknown): Promise<Page<OutboxSummary>> {
  const params = outboxListParams.parse(input);
  const cursor = params.cursor ? decodeCursor(params.cursor) : undefined;
  return inUserTransaction(session, async (tx) => {
    let query = baseQuery(tx, session);
    if (cursor) query = query.where(afterCursor('o.created_at', 'o.id', 'desc', cursor));
    const rows = await query.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(params.limit + 1).execute();
    return toPage(rows, params.limit, (row) => row.sort_key);
  });
}

/** One message as sent, or null when it does not exist or the user may not see it. */
export async function getOutboxMessage(session: CrmSession, id: string): Promise<OutboxMessage | null> {
  if (!z.uuid().safeParse(id).success) return null;
  return inUserTransaction(session, async (tx) => {
    const row = await baseQuery(tx, session)
      .select(['o.message_id', 'o.from_address', 'o.reply_to', 'o.html', 'o.text', 'o.headers', 'o.attachments', 'o.tags'])
      .where('o.id', '=', id)
      .executeTakeFirst();
    return (row as OutboxMessage | undefined) ?? null;
  });
}
