/**
 * GET /api/metrics in Prometheus's text format (prom-client): requests by route and status and
 * their durations (recorded by server/web-server.ts for every request), this process's CPU,
 * memory and event loop, its database pool, and — asked of the database at each scrape — jobs
 * by queue and state, the last hour's emails by status, the workers alive and the database's
 * connections. One registry per process, kept on globalThis like the pool.
 */
import client from 'prom-client';
import { handles } from '../db/client';
import { opsStatus } from './status';

type Metrics = {
  registry: client.Registry;
  requests: client.Counter<'method' | 'route' | 'status'>;
  durations: client.Histogram<'method' | 'route'>;
  jobs: client.Gauge<'queue' | 'state'>;
  emails: client.Gauge<'status'>;
  workers: client.Gauge;
  connections: client.Gauge<'application'>;
  databaseUp: client.Gauge;
  routes: Set<string>;
};

/** Distinct route labels kept; past it, "other" (a label per URL would grow without end). */
const MAX_ROUTES = 300;
const cache = globalThis as typeof globalThis & { __cohortMetrics?: Metrics };

function create(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'cohort_' });
  const registers = [registry];
  new client.Gauge({
    name: 'cohort_db_pool_connections',
    help: 'Connections of this process’s database pool, by state.',
    labelNames: ['state'],
    registers,
    collect() {
      const pool = handles().pool;
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  return {
    registry,
    requests: new client.Counter({ name: 'cohort_http_requests_total', help: 'HTTP requests answered, by method, route and status.', labelNames: ['method', 'route', 'status'], registers }),
    durations: new client.Histogram({
      name: 'cohort_http_request_duration_seconds',
      help: 'Time to the end of the response, by method and route.',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    jobs: new client.Gauge({ name: 'cohort_jobs', help: 'pg-boss jobs by queue and state (pg-boss’s own counts).', labelNames: ['queue', 'state'], registers }),
    emails: new client.Gauge({ name: 'cohort_emails_last_hour', help: 'Emails created in the last hour, by delivery status.', labelNames: ['status'], registers }),
    workers: new client.Gauge({ name: 'cohort_workers_alive', help: 'pg-boss worker processes that beat within the last minute.', registers }),
    connections: new client.Gauge({ name: 'cohort_db_connections', help: 'Connections to the database, by application name.', labelNames: ['application'], registers }),
    databaseUp: new client.Gauge({ name: 'cohort_database_up', help: '1 when the database answered this scrape.', registers }),
    routes: new Set(),
  };
}

function metrics(): Metrics {
  cache.__cohortMetrics ??= create();
  return cache.__cohortMetrics;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path with its ids, numbers and tokens as placeholders — what a log line or a metric may say
 * of a request: an unsubscribe or sign-in link's token in a path is a key, not a name.
 */
export function pathLabel(pathname: string): string {
  if (pathname.startsWith('/_next/static/')) return '/_next/static/*';
  const segments = pathname.split('/').filter(Boolean).slice(0, 5);
  return `/${segments.map((s) => (UUID.test(s) ? ':id' : /^\d+$/.test(s) ? ':n' : s.length > 24 || /[^A-Za-z0-9_-]/.test(s) ? ':token' : s)).join('/')}`;
}

/** A path as a metrics route label (pathLabel), with at most MAX_ROUTES labels: the rest are "other". */
export function routeOf(pathname: string): string {
  const label = pathLabel(pathname);
  const { routes } = metrics();
  if (routes.has(label)) return label;
  if (routes.size >= MAX_ROUTES) return 'other';
  routes.add(label);
  return label;
}

export function recordRequest(method: string, pathname: string, status: number, seconds: number): void {
  const { requests, durations } = metrics();
  const route = routeOf(pathname);
  requests.inc({ method, route, status: String(status) });
  durations.observe({ method, route }, seconds);
}

/** The text a Prometheus scrape gets, with the database's numbers asked for now. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  try {
    const status = await opsStatus();
    m.databaseUp.set(1);
    m.jobs.reset();
    for (const q of status.queues) {
      for (const state of ['deferred', 'queued', 'active', 'failed', 'total'] as const) m.jobs.set({ queue: q.name, state }, q[state]);
    }
    m.emails.reset();
    for (const [emailStatus, n] of Object.entries(status.emails_last_hour)) m.emails.set({ status: emailStatus }, n);
    m.workers.set(status.workers_alive);
    m.connections.reset();
    for (const [application, n] of Object.entries(status.connections)) m.connections.set({ application }, n);
  } catch {
    m.databaseUp.set(0);
  }
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
