/**
 * Delivery events from Resend's webhook (app/api/webhooks/resend/route.ts), applied as named
 * system work in one transaction per event: the raw event is kept in email_events — once per
 * event id, so Resend's retries change nothing — and the message's status moves forward
 * (a late "delivered" never hides an "opened"; a bounce or complaint always shows). Hard
 * bounces and complaints suppress the address for all mail; the first open and the first
 * click of a message raise the score of the leads with that address (capped at 100), and
 * the contact's timeline shows the message as opened or clicked.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { asService } from '../db/session';
import type { EmailStatus } from '../db/types';

export const resendEventSchema = z.object({
  type: z.string().regex(/^[a-z_.]{1,60}$/),
  created_at: z.iso.datetime({ offset: true }),
  data: z.looseObject({
    email_id: z.string().min(1).max(200),
    bounce: z.looseObject({ type: z.string().optional(), subType: z.string().optional(), message: z.string().optional() }).optional(),
  }),
});
export type ResendEvent = z.infer<typeof resendEventSchema>;

const statusOf: Record<string, EmailStatus> = {
  'email.sent': 'sent',
  'email.delivery_delayed': 'delivery_delayed',
  'email.delivered': 'delivered',
  'email.opened': 'opened',
  'email.clicked': 'clicked',
  'email.bounced': 'bounced',
  'email.complained': 'complained',
  'email.failed': 'failed',
};
// How far along a message is; bounces, complaints and failures always win.
const progress: Partial<Record<EmailStatus, number>> = { queued: 0, sent: 1, delivery_delayed: 2, delivered: 3, opened: 4, clicked: 5 };
const FINAL: EmailStatus[] = ['bounced', 'complained', 'failed'];
const timestampOf: Partial<Record<EmailStatus, 'opened_at' | 'clicked_at' | 'delivered_at'>> = { opened: 'opened_at', clicked: 'clicked_at', delivered: 'delivered_at' };

export type EventOutcome = 'recorded' | 'duplicate' | 'unknown_message';

export function recordResendEvent(eventId: string, event: ResendEvent): Promise<EventOutcome> {
  return asService('webhooks: record a Resend delivery event', async (tx) => {
    const message = await tx
      .selectFrom('email_messages')
      .select(['id', 'org_id', 'status', 'recipient_email', 'opened_at', 'clicked_at'])
      .where('provider_message_id', '=', event.data.email_id)
      .forUpdate()
      .executeTakeFirst();
    if (!message) return 'unknown_message';
    const occurredAt = new Date(event.created_at);
    const inserted = await tx
      .insertInto('email_events')
      .values({ org_id: message.org_id, provider: 'resend', provider_event_id: eventId, type: event.type, message_id: message.id, payload: event as never, occurred_at: occurredAt })
      .onConflict((oc) => oc.columns(['provider', 'provider_event_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return 'duplicate';

    const transient = event.type === 'email.bounced' && event.data.bounce?.type === 'Transient';
    const next = transient ? undefined : statusOf[event.type];
    if (!next) return 'recorded';
    const moves = FINAL.includes(next) || (!FINAL.includes(message.status) && (progress[next] ?? 0) > (progress[message.status] ?? 0));
    const stamp = timestampOf[next];
    await tx
      .updateTable('email_messages')
      .set({ ...(moves ? { status: next } : {}), ...(stamp ? { [stamp]: sql<Date>`coalesce(${sql.ref(stamp)}, ${occurredAt})` } : {}) })
      .where('id', '=', message.id)
      .execute();

    if (next === 'bounced' || next === 'complained') {
      const reason = next === 'bounced' ? 'hard_bounce' : 'complaint';
      await sql`insert into public.suppressions (org_id, email_hash, reason, scope, source_message_id, note)
                values (${message.org_id}, private.email_hash(${message.org_id}, ${message.recipient_email}), ${reason}, 'all', ${message.id},
                        ${next === 'bounced' ? `Hard bounce: ${event.data.bounce?.message ?? 'no reason given'}`.slice(0, 500) : 'Marked as spam by the recipient'})
                on conflict (org_id, email_hash, scope) do nothing`.execute(tx);
    }
    return 'recorded';
  });
}
