/**
 * A local HTTP server that speaks the part of Resend's API Cohort uses — POST /emails and
 * POST /emails/batch — so tests run the real SDK and the real send-email function against
 * it (RESEND_BASE_URL). It records every request (headers including Idempotency-Key, parsed
 * body, batch size), honours idempotency keys as Resend does (same key, same answer, no
 * second email), and can be told to answer the next requests with 429 + retry-after or 500 —
 * optionally only requests for some recipients, so mail another test left queued (drained by
 * the same worker) cannot use up the failures meant for this one.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  /** Number of emails in a /emails/batch call; null for single sends. */
  batchSize: number | null;
  /** The status the stand-in answered. */
  status: number;
  /** When the request arrived (ms since the epoch). */
  at: number;
};

export type Failure = { status: 429; retryAfterSeconds?: number } | { status: 500 | 503 };
type PendingFailure = { failure: Failure; forRecipient?: (email: string) => boolean };

export type ResendStandIn = {
  url: string;
  requests: RecordedRequest[];
  /**
   * Answer the next `times` requests with this failure instead of accepting them; with
   * `forRecipient`, only requests with a recipient it accepts count.
   */
  failNext: (failure: Failure, times?: number, forRecipient?: (email: string) => boolean) => void;
  /** Emails accepted (a repeated idempotency key counts once, as in Resend). */
  accepted: () => number;
  /** Answer every request this many milliseconds late (a slow provider), until set back to 0. */
  setLatency: (ms: number) => void;
  reset: () => void;
  close: () => Promise<void>;
};

const failureBodies = {
  429: { name: 'rate_limit_exceeded', message: 'Too many requests. You can only make 2 requests per second.' },
  500: { name: 'application_error', message: 'An unexpected error occurred.' },
  503: { name: 'application_error', message: 'Service unavailable.' },
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The `to` addresses of one email in a request body (a string or a list, as Resend takes). */
function recipientsOf(email: unknown): string[] {
  const to = (email as { to?: unknown } | null)?.to;
  return (Array.isArray(to) ? to : [to]).filter((t): t is string => typeof t === 'string');
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

export async function startResendStandIn(): Promise<ResendStandIn> {
  const requests: RecordedRequest[] = [];
  const failures: PendingFailure[] = [];
  // Idempotency-Key → the answer first given for it.
  const answered = new Map<string, unknown>();
  let acceptedEmails = 0;
  let latency = 0;

  const server = createServer(async (request, response) => {
    const raw = await readBody(request);
    if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const record = (status: number) =>
      requests.push({ method: request.method ?? '', path, headers, body, status, batchSize: Array.isArray(body) ? body.length : null, at: Date.now() });

    if (request.method !== 'POST' || (path !== '/emails' && path !== '/emails/batch')) {
      record(404);
      return send(response, 404, { statusCode: 404, name: 'not_found', message: 'The requested endpoint does not exist.' });
    }
    if (!headers.authorization?.startsWith('Bearer re_')) {
      record(401);
      return send(response, 401, { statusCode: 401, name: 'missing_api_key', message: 'Missing API key in the authorization header.' });
    }
    const recipients = (Array.isArray(body) ? body : [body]).flatMap(recipientsOf);
    const index = failures.findIndex((f) => !f.forRecipient || recipients.some(f.forRecipient));
    const failure = index >= 0 ? failures.splice(index, 1)[0]?.failure : undefined;
    if (failure) {
      record(failure.status);
      const retryAfter: Record<string, string> = failure.status === 429 ? { 'retry-after': String(failure.retryAfterSeconds ?? 1) } : {};
      return send(response, failure.status, { statusCode: failure.status, ...failureBodies[failure.status] }, retryAfter);
    }
    const key = headers['idempotency-key'];
    const previous = key ? answered.get(key) : undefined;
    record(200);
    if (previous) return send(response, 200, previous);
    const answer = Array.isArray(body) ? { data: body.map(() => ({ id: randomUUID() })) } : { id: randomUUID() };
    acceptedEmails += Array.isArray(body) ? body.length : 1;
    if (key) answered.set(key, answer);
    return send(response, 200, answer);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (failure, times = 1, forRecipient) => {
      for (let i = 0; i < times; i++) failures.push({ failure, forRecipient });
    },
    accepted: () => acceptedEmails,
    setLatency: (ms) => {
      latency = ms;
    },
    reset: () => {
      requests.length = 0;
      failures.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
