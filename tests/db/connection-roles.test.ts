/**
 * Nothing goes around row-level security: no client role holds a privilege that policies do
 * not govern (TRUNCATE, TRIGGER, REFERENCES), now or on tables created later, and the app's
 * connections log in as a role that is not a superuser and reads nothing once `reset role`
 * undoes the per-transaction switch — so an injected statement cannot escape the policies.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { appPoolConfig, closeDb, handles } from '../../lib/db/client';
import { ownerDatabaseUrl, ownerDb } from '../../lib/db/owner';
import { BOSS_ROLE } from '../../lib/jobs/boss';

const API_ROLES = ['anon', 'authenticated', 'trainee', 'service_role'];
const UNGOVERNED = ['TRUNCATE', 'TRIGGER', 'REFERENCES'];

afterAll(() => closeDb());

describe('privileges of the API roles', () => {
  it('no API role holds TRUNCATE, TRIGGER or REFERENCES on any table of any schema', async () => {
    const { rows } = await sql<{ grantee: string; table_schema: string; table_name: string; privilege_type: string }>`
      select grantee, table_schema, table_name, privilege_type
        from information_schema.role_table_grants
       where grantee = any (${API_ROLES}) and privilege_type = any (${UNGOVERNED})`.execute(ownerDb());
    expect(rows).toEqual([]);
  });

  it('a table created later is born without those privileges (default privileges)', async () => {
    const owner = new pg.Client({ connectionString: ownerDatabaseUrl() });
    await owner.connect();
    try {
      await owner.query('begin');
      await owner.query('create table public.cohort_default_privileges_probe (id int)');
      const { rows } = await owner.query<{ role: string; privilege: string; held: boolean }>(
        `select r as role, p as privilege, has_table_privilege(r, 'public.cohort_default_privileges_probe', p) as held
           from unnest($1::text[]) r cross join unnest($2::text[]) p`,
        [API_ROLES, [...UNGOVERNED, 'SELECT']],
      );
      // SELECT arrives for Supabase's roles (RLS decides the rows); the three ungoverned privileges
      // never do. The trainee gets nothing by default: only the columns the portal grants it.
      expect(rows.filter((g) => g.held && g.privilege !== 'SELECT')).toEqual([]);
      expect(rows.filter((g) => g.privilege === 'SELECT' && g.role !== 'trainee').every((g) => g.held)).toBe(true);
      expect(rows.filter((g) => g.role === 'trainee' && g.held)).toEqual([]);
    } finally {
      await owner.query('rollback');
      await owner.end();
    }
  });

  it('anon cannot truncate even the tables it could once truncate', async () => {
    const client = await handles().pool.connect();
    try {
      await client.query('begin');
      await client.query(`set local role anon`);
      await expect(client.query('truncate public.tags cascade')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});

describe('the runtime login role', () => {
  it('is not a superuser, cannot create roles or databases, and inherits nothing', async () => {
    const { rows } = await handles().pool.query<{ session_user: string; rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean; rolinherit: boolean; rolbypassrls: boolean }>(
      `select session_user, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolinherit, r.rolbypassrls
         from pg_roles r where r.rolname = session_user`,
    );
    expect(rows[0]).toEqual({ session_user: 'authenticator', rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolinherit: false, rolbypassrls: false });
  });

  it.each(['public.contacts', 'public.audit_log', 'identity."user"', 'identity."session"', 'private.email_hash_keys'])(
    'reads nothing from %s after `reset role`',
    async (table) => {
      const client = await handles().pool.connect();
      try {
        await client.query('begin');
        await client.query(`select set_config('role', 'authenticated', true)`);
        await client.query('reset role');
        await expect(client.query(`select 1 from ${table} limit 1`)).rejects.toMatchObject({ code: '42501' });
      } finally {
        await client.query('rollback');
        client.release();
      }
    },
  );

  it('the queue and identity connections reach only their own schema', async () => {
    for (const [role, schema] of [
      [BOSS_ROLE, 'pgboss'],
      ['cohort_identity', 'identity'],
    ] as const) {
      const client = new pg.Client(appPoolConfig({ applicationName: 'cohort-test-roles', role }));
      await client.connect();
      try {
        expect((await client.query('select current_user')).rows[0].current_user).toBe(role);
        // It owns its schema: it may create a table there (rolled back).
        await client.query('begin');
        await client.query(`create table ${schema}.cohort_ownership_probe (id int)`);
        await client.query('rollback');
        await expect(client.query('select 1 from public.contacts limit 1')).rejects.toMatchObject({ code: '42501' });
        // `reset role` returns to the role the connection started as, never to more.
        await client.query('reset role');
        await expect(client.query('select 1 from public.contacts limit 1')).rejects.toMatchObject({ code: '42501' });
      } finally {
        await client.end();
      }
    }
  });
});
