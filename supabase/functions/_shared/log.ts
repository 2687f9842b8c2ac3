/**
 * Structured logs, one JSON object per line, for the app, the worker and the edge functions
 * alike (this file is plain TypeScript both Node and Deno run). Each line carries the id of the
 * request (or job) it belongs to, which travels with the work: the web server takes it from a
 * trusted proxy's X-Request-Id or makes one, hands it to the edge functions it calls in the same
 * header, and every database transaction sets it as `application_name` and `cohort.request_id`
 * (visible in pg_stat_activity and in Postgres's own log with %a), so one id finds a request's
 * lines in every process.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller may pass as an id: short, and nothing a log line or a header could be bent by. */
const WELL_FORMED_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,99}$/;

const context = new AsyncLocalStorage<{ requestId: string }>();

/** The id given, when it is well formed; else a new one. */
export function requestIdFrom(given: string | null | undefined): string {
  return given && WELL_FORMED_ID.test(given) ? given : crypto.randomUUID();
}

/** Runs `fn` (and everything it starts) as part of the request or job `requestId`. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return context.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}

/** The header that hands the current request's id on to a service it calls (none outside a request). */
export function requestIdHeaders(): Record<string, string> {
  const id = currentRequestId();
  return id ? { [REQUEST_ID_HEADER]: id } : {};
}

/**
 * The connection's application_name while it works for the current request: `<base> <id>`
 * (Postgres keeps 63 bytes of it), or just `base` outside a request.
 */
export function applicationNameFor(base: string): string {
  const id = currentRequestId();
  return (id ? `${base} ${id}` : base).slice(0, 63);
}

type Level = 'info' | 'warn' | 'error';

/** An error as fields a log line can hold (a pg error's code and constraint included). */
function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const { code, constraint } = error as Error & { code?: unknown; constraint?: unknown };
  return { error: { name: error.name, message: error.message, ...(code ? { code } : {}), ...(constraint ? { constraint } : {}), stack: error.stack } };
}

/** One log line: `{ time, level, msg, request_id, ...fields }`; `fields.error` may be any thrown value. */
export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  const { error, ...rest } = fields;
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    msg,
    request_id: currentRequestId(),
    ...rest,
    ...('error' in fields ? errorFields(error) : {}),
  });
  if (level === 'info') console.log(line);
  else console.error(line);
}
