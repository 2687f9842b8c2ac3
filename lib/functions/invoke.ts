/**
 * Calling an edge function as a signed-in staff member: supabase-js `functions.invoke` with a
 * short-lived HS256 token carrying the user's claims (the same shape Supabase Auth issues),
 * against the local functions host or a hosted Supabase project (SUPABASE_URL).
 */
import { createClient, FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js';
import { signJwt } from '../../supabase/functions/_shared/jwt.ts';
import { log, requestIdHeaders } from '../../supabase/functions/_shared/log.ts';
import type { Actor } from '../db/session';

export type FunctionResult = { ok: true; data: unknown } | { ok: false; status: number; code: string; message: string };

let client: Promise<SupabaseClient> | undefined;

function jwtSecret(): string {
  const secret = process.env.SUPABASE_JWT_SECRET;
  if (!secret) throw new Error('SUPABASE_JWT_SECRET is not set: start Cohort with `npm start`, or set it to the project’s JWT secret.');
  return secret;
}

function functionsClient() {
  client ??= (async () => {
    const anonKey = process.env.SUPABASE_ANON_KEY ?? (await signJwt({ role: 'anon' }, jwtSecret(), { expiresInSeconds: 10 * 365 * 86_400 }));
    return createClient(process.env.SUPABASE_URL ?? 'http://127.0.0.1:54321', anonKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    });
  })();
  return client;
}

export async function invokeEdgeFunction(actor: Actor, name: string, body: unknown, timeoutMs = 60_000): Promise<FunctionResult> {
  const token = await signJwt({ sub: actor.userId, role: 'authenticated', email: actor.email }, jwtSecret(), { expiresInSeconds: 120 });
  const { data, error } = await (await functionsClient()).functions.invoke(name, {
    body: body as Record<string, unknown>,
    headers: { Authorization: `Bearer ${token}`, ...requestIdHeaders() },
    timeout: timeoutMs,
  });
  if (error instanceof FunctionsHttpError) {
    const response = error.context as Response;
    const payload = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    return { ok: false, status: response.status, code: payload?.error?.code ?? 'internal', message: payload?.error?.message ?? 'The service failed. Please try again later.' };
  }
  if (error) {
    log('error', 'edge function could not be reached', { function: name, error });
    return { ok: false, status: 503, code: 'unreachable', message: 'The service is not reachable. Please try again later.' };
  }
  return { ok: true, data };
}
