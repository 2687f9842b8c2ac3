/**
 * `npm run import` as an admin runs it (and as the bench does): the command itself, in its own
 * process, against the test database — the JSON summary the issue names, a dry run that writes
 * nothing, the real run, and a clear refusal of someone who is not a member.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ownerDb } from '../../lib/db/owner';
import { root } from '../../scripts/database';
import { adminOfOwnOrganisation, type Staff } from './support';

let folder: string;
let file: string;
let admin: Staff;
let orgName: string;

/** Runs `npm run import -- …args`; its exit code, what it printed, what it said on stderr. */
function importCommand(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'import', '--', ...args], { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}
const summaryOf = (out: string) => JSON.parse(out.trim().split('\n').pop() as string);

beforeAll(async () => {
  admin = await adminOfOwnOrganisation('Import Command Training');
  orgName = (await ownerDb().selectFrom('organizations').select('name').where('id', '=', admin.orgId).executeTakeFirstOrThrow()).name;
  folder = await mkdtemp(path.join(tmpdir(), 'cohort-import-command-'));
  file = path.join(folder, 'hubspot-contacts.csv');
  await writeFile(
    file,
    [
      'Record ID,First Name,Last Name,Email,Lifecycle Stage,Contact owner',
      '101,Ada,Lovelace,ada@command.example,Customer,',
      '102,Ada,L.,ADA@command.example ,Lead,',
      '103,Grace,Hopper,grace@command.example,Unknown stage,',
      '104,No,Address,,Lead,',
      '105,Bad,Address,not-an-address,Lead,',
    ].join('\n'),
  );
}, 60_000);

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

it('dry-runs, then imports a HubSpot file from the command line, printing the summary as JSON', async () => {
  const args = ['--org', orgName, '--as', admin.email, '--object', 'contacts', '--file', file, '--source', 'hubspot', '--json'];
  const contacts = () => ownerDb().selectFrom('contacts').select(['email', 'first_name', 'lifecycle_stage', 'external_ids']).where('org_id', '=', admin.orgId).orderBy('email').execute();

  const dry = await importCommand([...args, '--dry-run']);
  expect(dry.code, dry.err).toBe(0);
  const expected = { rows: 5, created: 2, updated: 0, unchanged: 0, duplicates_in_file: 1, refused: { missing_email: 1, invalid_email: 1 }, warnings: { unknown_stage: 1 } };
  expect(summaryOf(dry.out)).toMatchObject({ dry_run: true, ...expected });
  expect(await contacts()).toEqual([]);

  const real = await importCommand(args);
  expect(real.code, real.err).toBe(0);
  const summary = summaryOf(real.out);
  expect(summary).toMatchObject({ dry_run: false, ...expected });
  expect(summary.peak_memory_mb).toBeGreaterThan(0);
  // The file's twin rows folded into the first; its id kept per source; the unknown stage left at the default.
  expect(await contacts()).toEqual([
    { email: 'ada@command.example', first_name: 'Ada', lifecycle_stage: 'customer', external_ids: expect.arrayContaining(['hubspot:101']) },
    { email: 'grace@command.example', first_name: 'Grace', lifecycle_stage: expect.any(String), external_ids: ['hubspot:103'] },
  ]);
}, 120_000);

it('refuses someone who is not a member of the organisation, and imports nothing', async () => {
  const { code, err } = await importCommand(['--org', orgName, '--as', 'stranger@example.com', '--object', 'contacts', '--file', file, '--json']);
  expect(code).toBe(2);
  expect(err).toContain('stranger@example.com is not an active member of');
}, 60_000);
