/**
 * What GET /api/health concludes (lib/ops/health.ts) from the database, the worker heartbeats
 * and the functions host of the suite — and that no client role can ask the database for it
 * (private.ops_status and private.worker_beat are for service work only).
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ownerDb } from '../../lib/db/owner';
import { asService, withUser } from '../../lib/db/session';
import { checkHealth } from '../../lib/ops/health';
import { metricsText } from '../../lib/ops/metrics';
import { type Staff, staff } from './support';

const db = () => ownerDb();
let admin: Staff;

beforeAll(async () => {
  admin = await staff('admin@northwind.example');
});

const beat = (worker: string) => asService('test: a worker beats', (tx) => sql`select private.worker_beat(${worker}, 4242, 'test-host', now())`.execute(tx));

describe('health', () => {
  it('is ok with the database, its schema, a worker that beat just now and the functions host', async () => {
    await beat('test:health:now');
    const health = await checkHealth();
    expect(health.checks.database.ok).toBe(true);
    expect(health.checks.migrations).toMatchObject({ ok: true });
    expect(health.checks.worker.ok).toBe(true);
    expect(health.checks.functions).toMatchObject({ ok: true });
    expect(health.status).toBe('ok');
  });

  it('is degraded, saying so, when every worker has been silent for over a minute or the schema is behind', async () => {
    await beat('test:health:silent');
    await db().transaction().execute(async (tx) => {
      await sql`update private.worker_heartbeats set beat_at = now() - interval '2 minutes'`.execute(tx);
    });
    const silent = await checkHealth();
    expect(silent.status).toBe('degraded');
    expect(silent.checks.worker).toMatchObject({ ok: false });
    expect(silent.checks.worker.detail).toMatch(/last beat 1\d\d s ago; 0 alive/);

    // A migration this code has that the database lacks.
    const newest = (await sql<{ v: string }>`select max(version) as v from supabase_migrations.schema_migrations`.execute(db())).rows[0]?.v as string;
    await sql`update supabase_migrations.schema_migrations set version = '00000000000000' where version = ${newest}`.execute(db());
    try {
      const behind = await checkHealth();
      expect(behind.checks.migrations.ok).toBe(false);
      expect(behind.checks.migrations.detail).toContain(`this code expects ${newest}`);
    } finally {
      await sql`update supabase_migrations.schema_migrations set version = ${newest} where version = '00000000000000'`.execute(db());
      await beat('test:health:after');
    }
  });

  it('cannot be asked of the database by a signed-in user, nor a heartbeat faked', async () => {
    for (const attempt of [sql`select private.ops_status()`, sql`select private.worker_beat('fake', 1, 'x', now())`]) {
      const error = await withUser(admin, (tx) => attempt.execute(tx)).catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('42501');
    }
  });
});

describe('metrics', () => {
  it('are Prometheus text with the database’s numbers and this process’s pool', async () => {
    const { contentType, body } = await metricsText();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('cohort_database_up 1');
    expect(body).toMatch(/cohort_workers_alive \d+/);
    expect(body).toMatch(/cohort_db_pool_connections\{state="total"\} \d+/);
    expect(body).toMatch(/cohort_db_connections\{application="[^"]+"\} \d+/);
    expect(body).toContain('# TYPE cohort_http_request_duration_seconds histogram');
  });
});
