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
 */
import { requireCaller } from '../_shared/auth.ts';
import { handle, json, readJson } from '../_shared/http.ts';
import { sendConfig } from './config.ts';
import { sendEmailRequestSchema } from './contract.ts';
import { sendEmail } from './send.ts';

export const handler = handle('send-email', ['POST'], async (request) => {
  const caller = await requireCaller(request);
  const body = await readJson(request, sendEmailRequestSchema);
  return json(await sendEmail(caller, body, sendConfig()));
});

if (import.meta.main) Deno.serve(handler);
