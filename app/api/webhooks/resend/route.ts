/**
 * Resend's delivery webhook. The Svix signature is checked over the raw body with
 * RESEND_WEBHOOK_SECRET (a bad signature, or a timestamp more than five minutes off, is a
 * 401); each event is applied once per event id (svix-id), so Resend's retries are harmless.
 * Events about messages Cohort does not know are acknowledged and ignored. The body is read
 * only up to MAX_WEBHOOK_BODY_BYTES: anything larger is refused (413) before its signature is
 * even checked.
 */
import { Webhook, WebhookVerificationError } from 'svix';
import { recordResendEvent, resendEventSchema } from '@/lib/email/webhook';
import { BodyTooLargeError, MAX_WEBHOOK_BODY_BYTES, readBodyWithin } from '@/lib/http/limits';

export const dynamic = 'force-dynamic';

const answer = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

export async function POST(request: Request): Promise<Response> {
  const secret = process.env.RESEND_WEBHOOK_SECRET;
  if (!secret) {
    console.error('[webhooks] RESEND_WEBHOOK_SECRET is not set: Resend events are refused until it is');
    return answer(503, { error: 'Webhook not configured.' });
  }
  let raw: string;
  try {
    raw = await readBodyWithin(request, MAX_WEBHOOK_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return answer(413, { error: error.message });
    throw error;
  }
  const id = request.headers.get('svix-id') ?? '';
  try {
    new Webhook(secret).verify(raw, {
      'svix-id': id,
      'svix-timestamp': request.headers.get('svix-timestamp') ?? '',
      'svix-signature': request.headers.get('svix-signature') ?? '',
    });
  } catch (error) {
    if (error instanceof WebhookVerificationError) return answer(401, { error: 'Invalid signature.' });
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return answer(400, { error: 'The body is not JSON.' });
  }
  const event = resendEventSchema.safeParse(body);
  // Signed but not an email event we understand (e.g. a contact event): acknowledged, ignored.
  if (!event.success || !event.data.type.startsWith('email.')) return answer(200, { received: true, ignored: true });
  try {
    return answer(200, { received: true, outcome: await recordResendEvent(id, event.data) });
  } catch (error) {
    console.error(`[webhooks] Resend event ${id} (${event.data.type}) could not be recorded`, error);
    return answer(500, { error: 'Could not record the event; it will be retried.' });
  }
}
