/**
 * HTTP plumbing shared by every edge function: CORS, JSON responses, and one error shape
 * `{ error: { code, message, retryable, ... } }` that callers (lib/email/send.ts, browsers)
 * can rely on. Errors a caller can cause are HttpErrors with a message fit to show; anything
 * else is logged with context and answered with a generic 500.
 */
import type { z } from 'zod';
import { log, REQUEST_ID_HEADER, requestIdFrom, withRequestId } from './log.ts';

export type Handler = (request: Request) => Promise<Response>;

export const corsHeaders: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'authorization, x-client-info, apikey, content-type, x-request-id',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
};

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { retryable?: boolean } & Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...corsHeaders, 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });
}

export function errorResponse(error: unknown, context: string): Response {
  if (error instanceof HttpError) {
    const { retryable = false, ...details } = error.details;
    return json({ error: { code: error.code, message: error.message, retryable, ...details } }, error.status, error.headers);
  }
  log('error', 'unexpected failure', { function: context, error });
  return json({ error: { code: 'internal', message: 'Something went wrong. Please try again later.', retryable: true } }, 500);
}

/**
 * Wraps a function's handler: answers CORS preflight, allows only `methods`, shapes errors.
 * The work runs as part of the caller's request (its X-Request-Id, else a new id): logged with
 * it, its transactions marked with it (./db.ts), and the answer carrying it.
 */
export function handle(name: string, methods: string[], handler: Handler): Handler {
  return async (request) => {
    if (request.method === 'OPTIONS') return new Response('ok', { headers: corsHeaders });
    const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
    const response = await withRequestId(requestId, async () => {
      try {
        if (!methods.includes(request.method)) {
          throw new HttpError(405, 'method_not_allowed', `Use ${methods.join(' or ')}.`, {}, { Allow: methods.join(', ') });
        }
        return await handler(request);
      } catch (error) {
        return errorResponse(error, name);
      }
    });
    response.headers.set('X-Request-Id', requestId);
    return response;
  };
}

/** zod issues as plain `{ path, message }` pairs for error bodies. */
export function issuesOf(error: { issues: z.core.$ZodIssue[] }, prefix: PropertyKey[] = []) {
  return error.issues.map((issue) => ({ path: [...prefix, ...issue.path].map(String), message: issue.message }));
}

/** Reads and validates a JSON body; a malformed or invalid one is the caller's 400. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new HttpError(400, 'invalid_request', 'The request body must be JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new HttpError(400, 'invalid_request', 'The request is not valid.', { issues: issuesOf(parsed.error) });
  }
  return parsed.data;
}
