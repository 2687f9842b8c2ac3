/**
 * Cohort's web server: Next.js behind the few rules that must hold before any page, action or
 * route handler runs, because they concern the connection rather than the app:
 *
 *   - the client address comes from the socket, or from X-Forwarded-For only as far as the
 *     hops of TRUSTED_PROXIES (lib/http/client-address.ts); the header is rewritten to that
 *     one address, so a client cannot choose its address for rate limits or consent proofs;
 *   - a request body larger than MAX_REQUEST_BODY_BYTES is answered 413 before it is read,
 *     one without a declared length 411 (lib/http/limits.ts);
 *   - every response carries the security headers, with a fresh script nonce
 *     (lib/http/security-headers.ts); a public form may be framed by the sites its owner lists;
 *   - GET /api/health and GET /api/metrics are answered here, for this machine or OPS_TOKEN
 *     only (lib/ops/), and every request is counted and timed for the metrics;
 *   - a stop (SIGTERM, a rolling restart) takes no new connection and lets the requests in
 *     flight finish (live streams are ended: their browsers reconnect to another instance);
 *   - past MAX_IN_FLIGHT requests at once (default 100) a new one is answered 503 with
 *     Retry-After at once instead of queueing, so an overload cannot slow every request into a
 *     timeout (lib/http/in-flight.ts);
 *   - every request has an id (a trusted proxy's X-Request-Id, else a new one), answered in
 *     X-Request-Id, carried by everything the request does — its database transactions and the
 *     edge functions it calls — and logged as one JSON line when it ends (path, status, time;
 *     the path with ids and tokens as placeholders — a link's token is a key — and never the
 *     query string, which can hold a search or an email address).
 *
 *   node --import tsx server/web-server.ts [--dev]     (PORT, default 3000)
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import next from 'next';
import { formEmbedOrigins } from '../lib/compliance/lead-forms';
import { resolveClient, trustedProxies } from '../lib/http/client-address';
import { gracefulClose } from '../lib/http/graceful-close';
import { inFlightGate, maxInFlight, notCounted } from '../lib/http/in-flight';
import { MAX_REQUEST_BODY_BYTES } from '../lib/http/limits';
import { type Framing, newNonce, securityHeaders } from '../lib/http/security-headers';
import { opsAccess } from '../lib/ops/access';
import { checkHealth } from '../lib/ops/health';
import { metricsText, pathLabel, recordRequest } from '../lib/ops/metrics';
import { log, REQUEST_ID_HEADER, requestIdFrom, withRequestId } from '../supabase/functions/_shared/log.ts';

const FORM_PAGE = /^\/forms\/([0-9a-f-]{36})\/?$/i;
/** Headers only a trusted proxy may set; from anyone else they are dropped. */
const PROXY_HEADERS = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip', 'forwarded'];

/** How long a stop waits for requests in flight before it cuts them off. */
const SHUTDOWN_GRACE_MS = 25_000;

/** How much of a refused body we read and throw away, so that its sender can read the answer. */
const DISCARD_AT_MOST_BYTES = 16 * 1024 * 1024;

function refuse(request: IncomingMessage, response: ServerResponse, status: 411 | 413, message: string): void {
  const answer = () => {
    if (response.headersSent) return;
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
    response.end(JSON.stringify({ error: { message } }));
  };
  // Answering while the client is still uploading races its writes: once the answer is out the
  // socket closes and the client meets EPIPE before it reads the 413. So the body is read and
  // dropped first (never buffered) and the answer follows its end; a sender of more than
  // DISCARD_AT_MOST_BYTES gets the answer and is then cut off.
  if (request.readableEnded) {
    answer();
    return;
  }
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_AT_MOST_BYTES) {
      answer();
      request.destroy();
    }
  });
  request.on('end', answer);
  request.on('error', () => response.destroy());
}

/** The request's path; a target no URL parser accepts counts as "/" (Next answers it as it will). */
function pathOf(request: IncomingMessage): string {
  try {
    return new URL(request.url ?? '/', 'http://cohort').pathname;
  } catch {
    return '/';
  }
}

/** Who may frame the page: nobody, except a public form's listed sites. */
async function framingFor(request: IncomingMessage): Promise<Framing> {
  const form = request.method === 'GET' ? FORM_PAGE.exec(pathOf(request))?.[1] : undefined;
  if (!form) return { kind: 'none' };
  return { kind: 'origins', origins: await formEmbedOrigins(form) };
}

export async function startWebServer(options: { port: number; dev: boolean }): Promise<{ close: () => Promise<void> }> {
  const app = next({ dev: options.dev, dir: path.resolve(import.meta.dirname, '..'), port: options.port, hostname: 'localhost' });
  const handle = app.getRequestHandler();
  await app.prepare();
  const trust = trustedProxies();
  const gate = inFlightGate(maxInFlight());

  const server = createServer(async (request, response) => {
    const started = process.hrtime.bigint();
    const pathname = pathOf(request);
    let requestId = requestIdFrom(null);
    response.on('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      recordRequest(request.method ?? 'GET', pathname, response.statusCode, seconds);
      // Build assets are counted, not logged: a page view would otherwise be a dozen lines.
      if (pathname.startsWith('/_next/static/')) return;
      const line = { method: request.method, path: pathLabel(pathname), status: response.statusCode, ms: Math.round(seconds * 1000), ...(response.writableFinished ? {} : { aborted: true }) };
      withRequestId(requestId, () => log('info', 'request', line));
    });
    try {
      const client = resolveClient(request, trust);
      if (!client.viaTrustedProxy) for (const name of [...PROXY_HEADERS, REQUEST_ID_HEADER]) delete request.headers[name];
      request.headers['x-forwarded-for'] = client.address;
      requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER] as string | undefined);
      request.headers[REQUEST_ID_HEADER] = requestId;
      response.setHeader('X-Request-Id', requestId);

      if (pathname === '/api/health' || pathname === '/api/metrics') return await answerOps(request, response, pathname, client.address);

      if (!notCounted(pathname)) {
        if (!gate.tryEnter()) return shed(request, response);
        response.on('close', gate.leave);
      }

      const length = request.headers['content-length'];
      if (length !== undefined && Number(length) > MAX_REQUEST_BODY_BYTES) {
        return refuse(request, response, 413, `The request is larger than ${MAX_REQUEST_BODY_BYTES / 1024 / 1024} MB. Send less at a time.`);
      }
      if (length === undefined && request.headers['transfer-encoding']) {
        return refuse(request, response, 411, 'Send the request with a Content-Length.');
      }

      const nonce = newNonce();
      const headers = securityHeaders({ nonce, framing: await framingFor(request), https: client.https, development: options.dev });
      // Next.js takes the nonce for its own scripts from the request's policy header.
      request.headers['content-security-policy'] = headers['Content-Security-Policy'];
      for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
      await withRequestId(requestId, () => handle(request, response));
    } catch (error) {
      withRequestId(requestId, () => log('error', 'request failed', { method: request.method, path: pathLabel(pathname), error }));
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Something went wrong on our side.');
    }
  });
  const stop = gracefulClose(server, SHUTDOWN_GRACE_MS);
  await new Promise<void>((resolve) => server.listen(options.port, resolve));
  return { close: stop };
}

/** Too busy: answered at once, with when to try again, and nothing of the request read or run. */
function shed(request: IncomingMessage, response: ServerResponse): void {
  const wantsPage = (request.headers.accept ?? '').includes('text/html');
  response.writeHead(503, {
    'content-type': wantsPage ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    'retry-after': '1',
    'cache-control': 'no-store',
    connection: 'close',
  });
  response.end(
    wantsPage
      ? '<!doctype html><html lang="en"><meta charset="utf-8"><meta http-equiv="refresh" content="2"><title>Cohort is busy</title><p>Cohort is very busy right now. This page will try again in a moment.</p></html>'
      : JSON.stringify({ error: { code: 'busy', message: 'Cohort is very busy right now. Try again in a moment.', retryable: true } }),
  );
  request.resume();
}

async function answerOps(request: IncomingMessage, response: ServerResponse, pathname: string, clientAddress: string): Promise<void> {
  const send = (status: number, type: string, body: string) => {
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    response.end(body);
  };
  if (request.method !== 'GET') return send(405, 'application/json; charset=utf-8', JSON.stringify({ error: { message: 'Use GET.' } }));
  const access = opsAccess(request.headers.authorization, clientAddress);
  if (!access.allowed) return send(access.status, 'application/json; charset=utf-8', JSON.stringify({ error: { message: access.message } }));
  if (pathname === '/api/health') {
    const health = await checkHealth();
    return send(health.status === 'ok' ? 200 : 503, 'application/json; charset=utf-8', JSON.stringify(health));
  }
  const metrics = await metricsText();
  return send(200, metrics.contentType, metrics.body);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dev = process.argv.includes('--dev');
  const port = Number(process.env.PORT ?? 3000);
  const server = await startWebServer({ port, dev });
  log('info', 'listening', { url: `http://localhost:${port}`, development: dev });
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
