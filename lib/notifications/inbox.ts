/**
 * A staff member's notifications (the bell): the latest ones of the organisation they work in,
 * how many are unread, and marking them read. Rows are written by the database only
 * (migration 20261202000400); RLS shows each person their own.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import type { NotificationKind } from '../db/types';

export type Notification = { id: string; kind: NotificationKind; title: string; href: string | null; createdAt: Date; read: boolean };
export type Inbox = { unread: number; latest: Notification[] };

/** Kept this long (the task-notice job removes older ones). */
export const NOTIFICATION_DAYS = 90;
export const INBOX_SIZE = 20;

export async function myInbox(session: CrmSession): Promise<Inbox> {
  return inUserTransaction(session, async (tx) => {
    const recent = tx
      .selectFrom('notifications')
      .where('user_id', '=', session.userId)
      .where('org_id', '=', session.orgId)
      .where('created_at', '>', sql<Date>`now() - make_interval(days => ${NOTIFICATION_DAYS})`);
    const [rows, count] = await Promise.all([
      recent.select(['id', 'kind', 'title', 'href', 'created_at', 'read_at']).orderBy('created_at', 'desc').limit(INBOX_SIZE).execute(),
      recent.select(sql<number>`count(*)::int`.as('n')).where('read_at', 'is', null).executeTakeFirstOrThrow(),
    ]);
    return {
      unread: count.n,
      latest: rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, href: r.href, createdAt: r.created_at, read: r.read_at !== null })),
    };
  });
}

const markSchema = z.union([z.literal('all'), z.array(z.uuid()).min(1).max(INBOX_SIZE)], { error: 'Say which notifications to mark read.' });

/** Marks some (or all) of the person's notifications read. */
export async function markRead(session: CrmSession, which: unknown): Promise<void> {
  const target = parseInput(markSchema, which);
  await inUserTransaction(session, async (tx) => {
    let query = tx.updateTable('notifications').set({ read_at: sql`now()` }).where('user_id', '=', session.userId).where('org_id', '=', session.orgId).where('read_at', 'is', null);
    if (target !== 'all') query = query.where('id', 'in', target);
    await query.execute();
  });
}
