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
import {
  type SendEmailError,
  type SendEmailRequest,
  type SendEmailResult,
  sendEmailErrorSchema,
  sendEmailRequestSchema,
  sendEmailResultSchema,
} from '../../supabase/functions/send-email/contract.ts';
import type { Actor } from '../db/session';

export type { SendEmailError, SendEmailRequest, SendEmailResult };

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

export function createEmailSender(options: EmailSenderOptions): EmailSender {
  let client: Promise<SupabaseClient> | undefined;
  const functions = async () => {
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

  return async (as, request) => {
    const body = sendEmailRequestSchema.safeParse(request);
    if (!body.success) {
      const issues = body.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
      return failure(400, { code: 'invalid_request', message: 'The email request is not valid.', retryable: false, issues });
    }
    const token = await callerToken(as, options.jwtSecret);
    const { data, error } = await (await functions()).invoke('send-email', {
      body: body.data,
      headers: { Authorization: `Bearer ${token}` },
      timeout: options.timeoutMs ?? 30_000,
    });
    if (error instanceof FunctionsHttpError) return errorFromResponse(error.context as Response);
    if (error) {
      console.error('[email] send-email could not be reached', options.supabaseUrl, error);
      return failure(503, { code: 'internal', message: 'The email service is not reachable. Please try again later.', retryable: true });
    }
    const result = sendEmailResultSchema.safeParse(data);
    if (result.success) return { ok: true, result: result.data };
    console.error('[email] send-email answered 200 with an unexpected body', data);
    return failure(502, { code: 'internal', message: 'The email service failed. Please try again later.', retryable: true });
  };
}

let defaultSender: EmailSender | undefined;

/** Sends with the process's configuration (SUPABASE_URL, SUPABASE_JWT_SECRET, SUPABASE_ANON_KEY). */
export function sendEmail(as: SendAs, request: SendEmailRequest): Promise<SendOutcome> {
  if (!defaultSender) {
    const jwtSecret = process.env.SUPABASE_JWT_SECRET;
    if (!jwtSecret) throw new Error('SUPABASE_JWT_SECRET is not set: start Cohort with `npm start`, or set it to the project’s JWT secret.');
    defaultSender = createEmailSender({
      supabaseUrl: process.env.SUPABASE_URL ?? 'http://127.0.0.1:54321',
      jwtSecret,
      anonKey: process.env.SUPABASE_ANON_KEY,
    });
  }
  return defaultSender(as, request);
}
