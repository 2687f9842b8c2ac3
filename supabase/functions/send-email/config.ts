/**
 * Settings of send-email, from the environment of the functions host (or `supabase secrets`
 * on a hosted project). Read per request: they are a handful of lookups, and a host started
 * with different settings (tests) never serves stale ones.
 */
import { optionalEnv, requiredEnv } from '../_shared/env.ts';

export type SendConfig = {
  /** Public base URL of the web app, for unsubscribe links. */
  appUrl: string;
  /** Sender address; the organisation's name is the display name. */
  fromAddress: string;
  /** Mailbox named in List-Unsubscribe's mailto: alternative. */
  unsubscribeMailbox: string;
  /** Signs unsubscribe tokens; the web app verifies them with the same secret. */
  linkSecret: string;
  /** Resend when an API key is set; otherwise the local outbox table. */
  resend: { apiKey: string; baseUrl: string | undefined } | null;
};

export function sendConfig(): SendConfig {
  const fromAddress = optionalEnv('EMAIL_FROM') ?? 'no-reply@cohort.localhost';
  const apiKey = optionalEnv('RESEND_API_KEY');
  return {
    appUrl: (optionalEnv('APP_URL') ?? 'http://localhost:3000').replace(/\/+$/, ''),
    fromAddress,
    unsubscribeMailbox: optionalEnv('EMAIL_UNSUBSCRIBE_MAILTO') ?? `unsubscribe@${fromAddress.split('@')[1]}`,
    linkSecret: requiredEnv('EMAIL_LINK_SECRET'),
    resend: apiKey ? { apiKey, baseUrl: optionalEnv('RESEND_BASE_URL') } : null,
  };
}

/**
 * How long a send attempt holds its message (email_messages.locked_until): longer than the
 * provider call may take (transport.ts times out at 15 s). A message whose attempt died — the
 * worker, the host or the database killed mid-send — is sendable again once it lapses.
 * EMAIL_SEND_LEASE_SECONDS (whole seconds, 1–3600; tests shorten it), default 60.
 */
export function leaseSeconds(): number {
  const given = Number(optionalEnv('EMAIL_SEND_LEASE_SECONDS') ?? 60);
  return Number.isInteger(given) && given >= 1 && given <= 3600 ? given : 60;
}
