/**
 * A batch of sends (system work: campaigns), start to finish, with the single path's rules
 * applied message by message: validate → find the recipients → validate props → record the
 * messages and check consent and suppressions → render (once per distinct content,
 * _shared/email/merge.ts) → deliver in one transport call → answer each message on its own.
 */
import type { EmailTemplateName } from '../_shared/emails/index.ts';
import { renderForEach } from '../_shared/email/merge.ts';
import type { Caller } from '../_shared/auth.ts';
import { HttpError, issuesOf } from '../_shared/http.ts';
import { buildOutgoing, composeProps, findTemplate, type UnsubscribeLinks, unsubscribeLinks, validateProps } from './compose.ts';
import type { SendConfig } from './config.ts';
import { type ParsedSendEmailRequest, type SendEmailBatchItem, sendEmailRequestSchema } from './contract.ts';
import type { Recipient } from './recipient.ts';
import { resolveRecipients } from './recipients.ts';
import type { Claim, MessageRow } from './record.ts';
import { markAttemptFailed, resultOf } from './record.ts';
import { type ClaimInput, claimMessages } from './record-batch.ts';
import type { Delivery } from './transport.ts';
import { type BatchDelivery, deliverBatchToOutbox, deliverBatchViaResend } from './transport-batch.ts';

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';
const failureStatus = { rate_limited: 429, in_progress: 409, provider_unavailable: 503, provider_rejected: 502 } as const;

function errorItem(error: HttpError): SendEmailBatchItem {
  const { retryable = false, ...details } = error.details;
  return { ok: false, status: error.status, error: { code: error.code, message: error.message, retryable, ...details } as never };
}

type Prepared = { index: number; request: ParsedSendEmailRequest; recipient: Recipient; name: EmailTemplateName; category: 'transactional' | 'marketing' };

/** Steps 1–3: every message that can be sent, and an answer for every one that cannot. */
async function prepare(caller: Caller, messages: unknown[], config: SendConfig, answers: SendEmailBatchItem[]): Promise<Prepared[]> {
  const parsed: { index: number; request: ParsedSendEmailRequest }[] = [];
  const seenKeys = new Set<string>();
  messages.forEach((raw, index) => {
    const result = sendEmailRequestSchema.safeParse(raw);
    if (!result.success) {
      answers[index] = errorItem(new HttpError(400, 'invalid_request', 'The message is not valid.', { issues: issuesOf(result.error) }));
    } else if (seenKeys.has(result.data.idempotency_key)) {
      answers[index] = errorItem(new HttpError(400, 'invalid_request', 'This idempotency key appears twice in the batch.'));
    } else {
      seenKeys.add(result.data.idempotency_key);
      parsed.push({ index, request: result.data });
    }
  });
  const orgId = parsed[0]?.request.org_id;
  if (!orgId) return [];
  if (parsed.some((p) => p.request.org_id !== orgId)) {
    throw new HttpError(400, 'invalid_request', 'A batch sends for one organisation.');
  }
  const recipients = await resolveRecipients(orgId, parsed.map((p) => p.request));
  const placeholderLinks = await unsubscribeLinks(config, PLACEHOLDER_ID);
  const prepared: Prepared[] = [];
  parsed.forEach(({ index, request }, i) => {
    const recipient = recipients[i] as Recipient | HttpError;
    try {
      if (recipient instanceof HttpError) throw recipient;
      const { name, category } = findTemplate(request, caller, 'batch');
      validateProps(name, composeProps(request, recipient, category === 'marketing' ? placeholderLinks : null));
      prepared.push({ index, request, recipient, name, category });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      answers[index] = errorItem(error);
    }
  });
  return prepared;
}

function claimAnswer(claim: Claim): SendEmailBatchItem | null {
  switch (claim.kind) {
    case 'recorded':
      return { ok: true, result: resultOf(claim.message, true) };
    case 'blocked':
      return { ok: true, result: resultOf(claim.message, false) };
    case 'busy':
      return errorItem(new HttpError(409, 'in_progress', 'This message is being sent right now; try again shortly.', { retryable: true, message_id: claim.message.id }));
    case 'conflict':
      return errorItem(new HttpError(409, 'idempotency_conflict', 'This idempotency key was already used for another message.', { message_id: claim.message.id }));
    case 'send':
      return null;
  }
}

function deliveryAnswer(delivery: Delivery, message: MessageRow): SendEmailBatchItem {
  if (delivery.ok) return { ok: true, result: resultOf(delivery.message, false) };
  const { failure } = delivery;
  const retryAfter = failure.retryAfterSeconds;
  return errorItem(
    new HttpError(
      failureStatus[failure.code],
      failure.code,
      failure.retryable ? 'The email provider did not accept the message yet; retry later.' : 'The email provider refused the message.',
      { retryable: failure.retryable, message_id: message.id, ...(retryAfter ? { retry_after_seconds: retryAfter } : {}) },
    ),
  );
}

export async function sendEmailBatch(caller: Caller, messages: unknown[], config: SendConfig): Promise<SendEmailBatchItem[]> {
  if (caller.kind !== 'service') {
    throw new HttpError(403, 'forbidden', 'Batch sending is system work; staff send one message at a time.');
  }
  const answers: SendEmailBatchItem[] = new Array(messages.length);
  const prepared = await prepare(caller, messages, config, answers);
  if (prepared.length === 0) return answers;

  const orgId = prepared[0]?.request.org_id as string;
  const claims = await claimMessages(orgId, prepared.map((p): ClaimInput => ({ request: p.request, recipient: p.recipient, category: p.category })));
  const toSend: { item: Prepared; message: MessageRow; links: UnsubscribeLinks | null }[] = [];
  for (const [i, claim] of claims.entries()) {
    const item = prepared[i] as Prepared;
    const answer = claimAnswer(claim);
    if (answer) answers[item.index] = answer;
    else toSend.push({ item, message: claim.message, links: item.category === 'marketing' ? await unsubscribeLinks(config, claim.message.id) : null });
  }
  if (toSend.length === 0) return answers;

  const deliveries: BatchDelivery[] = [];
  const answerIndex: number[] = [];
  try {
    for (const name of new Set(toSend.map((s) => s.item.name))) {
      const group = toSend.filter((s) => s.item.name === name);
      const rendered = await renderForEach(name, group.map((s) => composeProps(s.item.request, s.item.recipient, s.links)));
      group.forEach((s, i) => {
        const { request, recipient, category } = s.item;
        const email = buildOutgoing({ config, recipient, messageId: s.message.id, category, template: name, rendered: rendered[i] as never, links: s.links, tags: request.tags });
        deliveries.push({ message: s.message, email, idempotencyKey: `${orgId}/${request.idempotency_key}` });
        answerIndex.push(s.item.index);
      });
    }
  } catch (error) {
    // Unexpected (the props were validated): free the leases so a retry can try again.
    await Promise.all(toSend.map((s) => markAttemptFailed(s.message, { permanent: false, detail: String(error) }).catch(() => undefined)));
    throw error;
  }
  const delivered = config.resend ? await deliverBatchViaResend(config.resend, deliveries) : await deliverBatchToOutbox(deliveries);
  for (const [i, delivery] of delivered.entries()) {
    const { message, email } = deliveries[i] as BatchDelivery;
    if (!delivery.ok) await markAttemptFailed(message, { permanent: !delivery.failure.retryable, detail: delivery.failure.detail, subject: email.subject });
    answers[answerIndex[i] as number] = deliveryAnswer(delivery, message);
  }
  return answers;
}
