/**
 * send-email: renders a registered template and sends it through Resend, or into the local
 * outbox when no RESEND_API_KEY is set. Callers: lib/email/send.ts (the app and jobs), with a
 * user's token or a service token.
 *
 *   POST /functions/v1/send-email   body: sendEmailRequestSchema (./contract.ts)
 *     200 SendEmailResult (sent, suppressed, or the recorded outcome of a repeated key)
 *     400 invalid_request | invalid_props · 401 unauthorized · 403 forbidden · 404 not_found
 *     409 in_progress (retryable) | idempotency_conflict · 429 rate_limited (retryable)
 *     502 provider_rejected · 503 provider_unavailable (retryable)
 *
 *   POST /functions/v1/send-email   body: { messages: [...] } (sendEmailBatchRequestSchema; service token only)
 *     200 { results } — one answer per message, in order, each a result or an error as above
 */
import type { z } from 'zod';
import { requireCaller } from '../_shared/auth.ts';
import { handle, HttpError, issuesOf, json } from '../_shared/http.ts';
import { sendEmailBatch } from './batch.ts';
import { sendConfig } from './config.ts';
import { sendEmailBatchRequestSchema, sendEmailRequestSchema } from './contract.ts';
import { sendEmail } from './send.ts';

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', 'The request is not valid.', { issues: issuesOf(parsed.error) });
  return parsed.data;
}

export const handler = handle('send-email', ['POST'], async (request) => {
  const caller = await requireCaller(request);
  const body: unknown = await request.json().catch(() => {
    throw new HttpError(400, 'invalid_request', 'The request body must be JSON.');
  });
  // A body with `messages` is a batch; anything else is one message.
  if (typeof body === 'object' && body !== null && 'messages' in body) {
    const { messages } = parse(sendEmailBatchRequestSchema, body);
    return json({ results: await sendEmailBatch(caller, messages, sendConfig()) });
  }
  return json(await sendEmail(caller, parse(sendEmailRequestSchema, body), sendConfig()));
});

if (import.meta.main) Deno.serve(handler);
