/**
 * One send, start to finish: validate → authorise and find the recipient → record (or find
 * the recorded outcome of) the message and check consent and suppressions → render →
 * deliver → record the outcome. Nothing is recorded until the request and the template props
 * are known to be valid.
 */
import { renderEmail } from '../_shared/email/render.ts';
import type { Caller } from '../_shared/auth.ts';
import { HttpError } from '../_shared/http.ts';
import { buildOutgoing, composeProps, findTemplate, isSecurityMail, testLinks, unsubscribeLinks, validateProps, withholdBearerLinks } from './compose.ts';
import type { SendConfig } from './config.ts';
import type { ParsedSendEmailRequest, SendEmailResult } from './contract.ts';
import { resolveRecipient } from './recipient.ts';
import { claimMessage, markAttemptFailed, resultOf } from './record.ts';
import { deliverToOutbox, deliverViaResend } from './transport.ts';

// Validation needs well-formed links before the message (and so its token) exists.
const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

const failureStatus = { rate_limited: 429, in_progress: 409, provider_unavailable: 503, provider_rejected: 502 } as const;

export async function sendEmail(caller: Caller, request: ParsedSendEmailRequest, config: SendConfig): Promise<SendEmailResult> {
  const { name, category } = findTemplate(request, caller);
  const recipient = await resolveRecipient(caller, request);
  const marketing = category === 'marketing';
  validateProps(name, composeProps(request, recipient, marketing ? await unsubscribeLinks(config, PLACEHOLDER_ID) : null));

  const claim = await claimMessage(request, recipient, category);
  switch (claim.kind) {
    case 'recorded':
      return resultOf(claim.message, true);
    case 'blocked':
      return resultOf(claim.message, false);
    case 'busy':
      throw new HttpError(409, 'in_progress', 'This message is being sent right now; try again shortly.', {
        retryable: true,
        message_id: claim.message.id,
      });
    case 'conflict':
      throw new HttpError(409, 'idempotency_conflict', 'This idempotency key was already used for another message.', {
        message_id: claim.message.id,
      });
  }

  const { message } = claim;
  const links = marketing ? (request.test ? testLinks(config) : await unsubscribeLinks(config, message.id)) : null;
  let delivery: Awaited<ReturnType<typeof deliverToOutbox>>;
  let subject: string | undefined;
  try {
    const props = composeProps(request, recipient, links);
    const rendered = await renderEmail(name, props as never);
    subject = rendered.subject;
    const outgoing = (copy: typeof rendered) =>
      buildOutgoing({ config, recipient, messageId: message.id, category, template: name, rendered: copy, links, tags: request.tags, test: request.test });
    const email = outgoing(rendered);
    // Scoped by organisation: two tenants' keys may coincide, and Resend's are per account.
    if (config.resend) delivery = await deliverViaResend(config.resend, message, email, `${request.org_id}/${request.idempotency_key}`);
    else if (isSecurityMail(name)) {
      // Staff read the outbox: it keeps a copy without the links that act for the recipient.
      delivery = await deliverToOutbox(message, outgoing(await renderEmail(name, withholdBearerLinks(name, props) as never)), email);
    } else delivery = await deliverToOutbox(message, email);
  } catch (error) {
    // Unexpected (the props were validated): free the lease so a retry can try again.
    await markAttemptFailed(message, { permanent: false, detail: String(error), subject }).catch(() => undefined);
    throw error;
  }
  if (delivery.ok) return resultOf(delivery.message, false);

  const { failure } = delivery;
  await markAttemptFailed(message, { permanent: !failure.retryable, detail: failure.detail, subject });
  const retryAfter = failure.retryAfterSeconds;
  throw new HttpError(
    failureStatus[failure.code],
    failure.code,
    failure.retryable ? 'The email provider did not accept the message yet; retry later.' : 'The email provider refused the message.',
    { retryable: failure.retryable, message_id: message.id, ...(retryAfter ? { retry_after_seconds: retryAfter } : {}) },
    retryAfter ? { 'Retry-After': String(retryAfter) } : {},
  );
}
