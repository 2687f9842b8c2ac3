/**
 * The one way the app and jobs send email: invoke the `send-email` edge function with
 * supabase-js, as a signed-in staff member (the function checks, under RLS, that they may
 * email that person) or as named system work (a service token). The function renders, checks
 * consent and suppressions, records the message and picks the transport.
 *
 * Where: SUPABASE_URL (default the local functions host, http://127.0.0.1:54321) — or a
 * hosted Supabase project. Tokens are HS256 JWTs signed with SUPABASE_JWT_SECRET, the
 * project's JWT secret, exactly like the ones Supabase issues.
 *
 * Never throws for a failed send: the result says what happened and whether a retry can
 * help (`retryable`), which is what a job needs to decide between retrying and failing.
 */
import { createClient, FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js';
import { signJwt } from '../../supabase/functions/_shared/jwt.ts';
import { log, requestIdHeaders } from '../../supabase/functions/_shared/log.ts';
import {
  SEND_EMAIL_BATCH_MAX,
  type SendEmailBatchItem,
  type SendEmailError,
  type SendEmailRequest,
  type SendEmailResult,
  sendEmailBatchResultSchema,
  sendEmailErrorSchema,
  sendEmailRequestSchema,
  sendEmailResultSchema,
} from '../../supabase/functions/send-email/contract.ts';
import type { Actor } from '../db/session';

export type { SendEmailBatchItem, SendEmailError, SendEmailRequest, SendEmailResult };
export { SEND_EMAIL_BATCH_MAX };

/** Who the function should see as the caller. */
export type SendAs = { user: Actor } | { system: string };

export type SendOutcome = { ok: true; result: SendEmailResult } | { ok: false; status: number; error: SendEmailError };

export type EmailSenderOptions = {
  /** Base URL of the Supabase API or the local functions host. */
  supabaseUrl: string;
  jwtSecret: string;
  /** The project's anon (publishable) key; minted from the JWT secret when not given. */
  anonKey?: string;
  timeoutMs?: number;
};

export type EmailSender = (as: SendAs, request: SendEmailRequest) => Promise<SendOutcome>;

/** A batch either reached the function (one answer per message, in order) or did not at all. */
export type BatchOutcome = { ok: true; results: SendEmailBatchItem[] } | { ok: false; status: number; error: SendEmailError };
/** Batches are system work (campaigns): the function refuses them from staff tokens. */
export type EmailBatchSender = (as: { system: string }, requests: SendEmailRequest[]) => Promise<BatchOutcome>;

const failure = (status: number, error: SendEmailError): SendOutcome => ({ ok: false, status, error });

async function errorFromResponse(response: Response): Promise<SendOutcome> {
  const body: unknown = await response.json().catch(() => null);
  const parsed = sendEmailErrorSchema.safeParse(body);
  if (parsed.success) return failure(response.status, parsed.data.error);
  console.error('[email] send-email answered with an unexpected body', response.status, body);
  return failure(response.status, { code: 'internal', message: 'The email service failed. Please try again later.', retryable: true });
}

function callerToken(as: SendAs, secret: string): Promise<string> {
  if ('user' in as) return signJwt({ sub: as.user.userId, role: 'authenticated', email: as.user.email }, secret, { expiresInSeconds: 60 });
  if (!as.system) throw new Error('System sends must name their purpose.');
  return signJwt({ role: 'service_role', purpose: as.system }, secret, { expiresInSeconds: 60 });
}

function functionsClient(options: EmailSenderOptions) {
  let client: Promise<SupabaseClient> | undefined;
  return async () => {
    client ??= (async () => {
      // Like Supabase's own anon key: a long-lived token with role anon. It identifies the
      // project to the gateway; the Authorization header below says who is calling.
      const anonKey = options.anonKey ?? (await signJwt({ role: 'anon' }, options.jwtSecret, { expiresInSeconds: 10 * 365 * 86_400 }));
      return createClient(options.supabaseUrl, anonKey, {
        auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      });
    })();
    return (await client).functions;
  };
}

/** Calls send-email with `body`; the raw answer, or the failure to reach it. */
async function invokeSendEmail(
  options: EmailSenderOptions,
  functions: ReturnType<typeof functionsClient>,
  as: SendAs,
  body: Record<string, unknown>,
): Promise<{ ok: true; data: unknown } | Extract<SendOutcome, { ok: false }>> {
  const token = await callerToken(as, options.jwtSecret);
  const { data, error } = await (await functions()).invoke('send-email', {
    body,
    headers: { Authorization: `Bearer ${token}`, ...requestIdHeaders() },
    timeout: options.timeoutMs ?? 30_000,
  });
  if (error instanceof FunctionsHttpError) return (await errorFromResponse(error.context as Response)) as Extract<SendOutcome, { ok: false }>;
  if (error) {
    log('error', 'send-email could not be reached', { url: options.supabaseUrl, error });
    return { ok: false, status: 503, error: { code: 'internal', message: 'The email service is not reachable. Please try again later.', retryable: true } };
  }
  return { ok: true, data };
}

const unexpectedBody = (data: unknown) => {
  log('error', 'send-email answered 200 with an unexpected body', { body: data });
  return failure(502, { code: 'internal', message: 'The email service failed. Please try again later.', retryable: true });
};

export function createEmailSender(options: EmailSenderOptions): EmailSender {
  const functions = functionsClient(options);
  return async (as, request) => {
    const body = sendEmailRequestSchema.safeParse(request);
    if (!body.success) {
      const issues = body.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
      return failure(400, { code: 'invalid_request', message: 'The email request is not valid.', retryable: false, issues });
    }
    const answer = await invokeSendEmail(options, functions, as, body.data);
    if (!answer.ok) return answer;
    const result = sendEmailResultSchema.safeParse(answer.data);
    return result.success ? { ok: true, result: result.data } : unexpectedBody(answer.data);
  };
}

/**
 * Up to SEND_EMAIL_BATCH_MAX messages of one organisation in one call (rendered once per
 * distinct content, delivered through Resend's batch endpoint or one outbox write). Messages
 * are validated by the function, each on its own: one bad message never fails the others.
 */
export function createEmailBatchSender(options: EmailSenderOptions): EmailBatchSender {
  const functions = functionsClient(options);
  return async (as, requests) => {
    if (requests.length === 0) return { ok: true, results: [] };
    if (requests.length > SEND_EMAIL_BATCH_MAX) throw new Error(`At most ${SEND_EMAIL_BATCH_MAX} messages per batch.`);
    const answer = await invokeSendEmail(options, functions, as, { messages: requests });
    if (!answer.ok) return answer;
    const parsed = sendEmailBatchResultSchema.safeParse(answer.data);
    if (!parsed.success || parsed.data.results.length !== requests.length) return unexpectedBody(answer.data) as Extract<BatchOutcome, { ok: false }>;
    return { ok: true, results: parsed.data.results };
  };
}

/** The process's configuration: SUPABASE_URL, SUPABASE_JWT_SECRET, SUPABASE_ANON_KEY. */
export function senderOptionsFromEnv(): EmailSenderOptions {
  const jwtSecret = process.env.SUPABASE_JWT_SECRET;
  if (!jwtSecret) throw new Error('SUPABASE_JWT_SECRET is not set: start Cohort with `npm start`, or set it to the project’s JWT secret.');
  return { supabaseUrl: process.env.SUPABASE_URL ?? 'http://127.0.0.1:54321', jwtSecret, anonKey: process.env.SUPABASE_ANON_KEY };
}

let defaultSender: EmailSender | undefined;
let defaultBatchSender: EmailBatchSender | undefined;

/** Sends with the process's configuration. */
export function sendEmail(as: SendAs, request: SendEmailRequest): Promise<SendOutcome> {
  defaultSender ??= createEmailSender(senderOptionsFromEnv());
  return defaultSender(as, request);
}

/** Sends a batch with the process's configuration. */
export function sendEmailBatch(as: { system: string }, requests: SendEmailRequest[]): Promise<BatchOutcome> {
  defaultBatchSender ??= createEmailBatchSender(senderOptionsFromEnv());
  return defaultBatchSender(as, requests);
}
