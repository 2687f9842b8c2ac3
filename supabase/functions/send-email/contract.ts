/**
 * The wire contract of the send-email function: request body, success body and error codes.
 * One schema shared by the function (Deno) and its only client, lib/email/send.ts (Node).
 */
import { z } from 'zod';

export const emailCategories = ['transactional', 'marketing'] as const;
export const emailStatuses = [
  'queued',
  'sent',
  'delivered',
  'delivery_delayed',
  'bounced',
  'complained',
  'opened',
  'clicked',
  'failed',
  'suppressed',
] as const;

// Resend's rule for tag names and values: ASCII letters, digits, underscores and dashes.
const tagPart = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'Use letters, digits, _ and - only (at most 256).');
export const emailTagSchema = z.object({ name: tagPart, value: tagPart });

export const sendEmailRequestSchema = z
  .object({
    org_id: z.uuid(),
    /** A key of the emails/ registry. */
    template: z.string().min(1).max(100),
    /** The template's props. Brand, recipient and (marketing) unsubscribe links are filled in by the function. */
    props: z.record(z.string(), z.unknown()).default({}),
    /** Required when no contact or lead is named (service callers only); otherwise must match their address. */
    to: z.email().max(254).optional(),
    contact_id: z.uuid().optional(),
    lead_id: z.uuid().optional(),
    /** Same key, same message: a retry never sends twice. E.g. `enrollment-confirmation:<enrollment id>`. */
    idempotency_key: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\x21-\x7E]+$/, 'Use visible ASCII characters without spaces.'),
    /** Asserts the template's category; a mismatch is refused rather than sent under the wrong rules. */
    category: z.enum(emailCategories).optional(),
    trigger_key: z.string().min(1).max(200).optional(),
    campaign_id: z.uuid().optional(),
    tags: z.array(emailTagSchema).max(8).default([]),
    /**
     * A test of a marketing email (the campaign editor's "Send a test"): service callers only,
     * to an address and never to a person, so no consent applies; the subject says [Test], its
     * unsubscribe links lead to a page saying so, and no statistic counts it.
     */
    test: z.literal(true).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.test && (body.contact_id || body.lead_id || body.campaign_id || !body.to)) {
      ctx.addIssue({ code: 'custom', path: ['test'], message: 'A test goes to an address (to), not to a contact, a lead or a campaign’s recipients.' });
    }
    if (body.contact_id && body.lead_id) {
      ctx.addIssue({ code: 'custom', path: ['lead_id'], message: 'Name a contact or a lead, not both.' });
    }
    if (!body.to && !body.contact_id && !body.lead_id) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Name a contact, a lead or a recipient address.' });
    }
  });

export type SendEmailRequest = z.input<typeof sendEmailRequestSchema>;
export type ParsedSendEmailRequest = z.output<typeof sendEmailRequestSchema>;

export const sendEmailResultSchema = z.object({
  message_id: z.uuid(),
  status: z.enum(emailStatuses),
  /** True when this idempotency key was seen before: nothing was sent this time. */
  duplicate: z.boolean(),
  transport: z.enum(['resend', 'outbox']).nullable(),
  provider_message_id: z.string().nullable(),
  /** Why nothing was sent when status is `suppressed`: `no_consent` or a suppression reason. */
  blocked_reason: z.string().nullable(),
});
export type SendEmailResult = z.infer<typeof sendEmailResultSchema>;

export const sendEmailErrorCodes = [
  'invalid_request',
  'invalid_props',
  'unauthorized',
  'forbidden',
  'not_found',
  'idempotency_conflict',
  'in_progress',
  'rate_limited',
  'provider_unavailable',
  'provider_rejected',
  'method_not_allowed',
  'internal',
] as const;
export type SendEmailErrorCode = (typeof sendEmailErrorCodes)[number];

export const sendEmailErrorSchema = z.object({
  error: z.object({
    code: z.enum(sendEmailErrorCodes),
    message: z.string(),
    retryable: z.boolean(),
    retry_after_seconds: z.number().optional(),
    message_id: z.uuid().optional(),
    issues: z.array(z.object({ path: z.array(z.string()), message: z.string() })).optional(),
  }),
});
export type SendEmailError = z.infer<typeof sendEmailErrorSchema>['error'];

/**
 * Batch mode (system work only: campaigns): up to SEND_EMAIL_BATCH_MAX messages of one
 * organisation in one call. Each message is validated, recorded and answered on its own —
 * one bad message does not fail the others — and sent through Resend's batch endpoint (or
 * one outbox write), so a batch costs one render per distinct content, not one per person.
 */
export const SEND_EMAIL_BATCH_MAX = 100;
export const sendEmailBatchRequestSchema = z.object({
  messages: z.array(z.unknown()).min(1).max(SEND_EMAIL_BATCH_MAX, `At most ${SEND_EMAIL_BATCH_MAX} messages per batch.`),
});

export const sendEmailBatchItemSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: sendEmailResultSchema }),
  z.object({ ok: z.literal(false), status: z.number().int(), error: sendEmailErrorSchema.shape.error }),
]);
export type SendEmailBatchItem = z.infer<typeof sendEmailBatchItemSchema>;
/** results[i] answers messages[i]. */
export const sendEmailBatchResultSchema = z.object({ results: z.array(sendEmailBatchItemSchema) });
