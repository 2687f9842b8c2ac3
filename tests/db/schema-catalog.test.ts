/**
 * Catalog checks that keep later migrations honest: every table in `public` has an org_id,
 * RLS enabled and at least one policy; every policy helper is a security-definer function
 * with a fixed search_path; and lib/db/types.ts matches the migrated schema.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ownerDb } from '../../lib/db/owner';
import { codegenArgs, root } from '../../scripts/database';
import { coveredTables } from './rls-specs';

const run = promisify(execFile);

describe('public schema', () => {
  it('has RLS enabled, at least one policy and an org_id column on every table', async () => {
    const { rows } = await sql<{ table_name: string; rls: boolean; policies: number; has_org_id: boolean }>`
      select c.relname as table_name,
             c.relrowsecurity as rls,
             (select count(*) from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname)::int as policies,
             exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped) as has_org_id
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')
       order by 1`.execute(ownerDb());
    expect(rows.length).toBeGreaterThanOrEqual(17);
    const offenders = rows.filter((r) => !r.rls || r.policies === 0 || !r.has_org_id);
    expect(offenders).toEqual([]);
  });

  it('has a row-level security matrix for every table, and no matrix for a table that is gone (tests/db/rls-specs.ts)', async () => {
    const { rows } = await sql<{ table_name: string }>`
      select c.relname as table_name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`.execute(ownerDb());
    const tables = rows.map((r) => r.table_name);
    expect(tables.filter((t) => !coveredTables.includes(t)), 'tables without a matrix').toEqual([]);
    expect(coveredTables.filter((t) => !tables.includes(t)), 'matrices of no table').toEqual([]);
    expect(new Set(coveredTables).size).toBe(coveredTables.length);
  });

  it('gives every policy to authenticated (staff) or to trainee (the learner portal, named *_trainee), never to anon or public', async () => {
    const { rows } = await sql<{ policyname: string; roles: string[] }>`
      select policyname, roles::text[] as roles from pg_policies where schemaname = 'public'`.execute(ownerDb());
    const trainee = rows.filter((r) => r.policyname.endsWith('_trainee'));
    expect(rows.filter((r) => !r.policyname.endsWith('_trainee') && r.roles.join() !== 'authenticated')).toEqual([]);
    expect(trainee.filter((r) => r.roles.join() !== 'trainee')).toEqual([]);
    expect(trainee.map((r) => r.policyname).sort()).toEqual([
      'certifications_select_trainee', 'consent_events_select_trainee', 'contacts_select_trainee', 'course_sessions_select_trainee',
      'courses_select_trainee', 'email_messages_select_trainee', 'enrollments_select_trainee', 'exam_results_select_trainee',
      'organizations_select_trainee',
    ]);
  });

  it('lets the trainee role read only the columns the portal shows, and write nothing', async () => {
    const { rows } = await sql<{ privilege: string; table_name: string }>`
      select privilege_type as privilege, table_name from information_schema.role_table_grants
       where grantee = 'trainee' and table_schema in ('public', 'private')`.execute(ownerDb());
    expect(rows).toEqual([]);
    const { rows: columns } = await sql<{ privilege: string }>`
      select distinct privilege_type as privilege from information_schema.role_column_grants where grantee = 'trainee'`.execute(ownerDb());
    expect(columns).toEqual([{ privilege: 'SELECT' }]);
  });

  it('has no `using (true)` policy', async () => {
    const { rows } = await sql<{ policyname: string }>`
      select policyname from pg_policies where schemaname = 'public' and (qual = 'true' or with_check = 'true')`.execute(ownerDb());
    expect(rows).toEqual([]);
  });

  it('keeps security-definer functions out of public, each with a fixed search_path', async () => {
    const { rows } = await sql<{ schema: string; name: string; config: string[] | null }>`
      select n.nspname as schema, p.proname as name, p.proconfig as config
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where p.prosecdef and n.nspname in ('public', 'private')`.execute(ownerDb());
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.schema !== 'private')).toEqual([]);
    expect(rows.filter((r) => !r.config?.some((c) => c.startsWith('search_path=')))).toEqual([]);
  });

  it('gives API roles no access to the identity schema (password hashes, sessions)', async () => {
    const { rows } = await sql<{ role: string; usable: boolean }>`
      select r as role, has_schema_privilege(r, 'identity', 'usage') as usable
        from unnest(array['anon', 'authenticated', 'trainee']) r`.execute(ownerDb());
    expect(rows.every((r) => !r.usable)).toBe(true);
  });
});

describe('generated database types', () => {
  it('lib/db/types.ts matches the migrated schema (run `npm run db:types` when this fails)', async () => {
    const url = process.env.DATABASE_URL as string;
    const committed = await readFile(path.join(root, 'lib/db/types.ts'), 'utf8');
    const args = codegenArgs(url).filter((arg, i, all) => arg !== '--out-file' && all[i - 1] !== '--out-file');
    const { stdout } = await run(path.join(root, 'node_modules/.bin/kysely-codegen'), [...args, '--print', '--log-level', 'silent'], {
      cwd: root,
    });
    expect(stdout.trim()).toBe(committed.trim());
  });
});
