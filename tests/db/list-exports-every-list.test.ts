/**
 * Every list exports — the activity log, enrollments, certificates and a campaign's recipients,
 * not only the four CRM objects — and each file holds exactly the rows its list shows the
 * requester, in its order, with its filters, under their RLS, with labels.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { PgBoss } from 'pg-boss';
import { beforeAll, describe, expect, it } from 'vitest';
import { listActivityLog } from '../../lib/crm/activities';
import type { Page } from '../../lib/crm/pagination';
import { listCertifications, listEnrollments } from '../../lib/crm/training-lists';
import { ownerDb } from '../../lib/db/owner';
import { listMyExports, openExportFile, requestListExport } from '../../lib/exports/list-export';
import type { ExportList } from '../../lib/exports/list-export.schema';
import { exportDrainer } from '../../lib/jobs/exports';
import { listRecipients } from '../../lib/marketing/campaign-recipients';
import { kindOf, type Staff, staff } from './support';

const boss = { send: async () => null } as unknown as PgBoss;
// Small chunks: every file here is written in several, each starting where the last ended.
const drain = () => exportDrainer({ boss }, { chunkRows: 7, chunksPerTurn: 1000 })({}, { id: 'test', attempt: 1, isLastAttempt: false, signal: new AbortController().signal });

let manager: Staff;
let sales1: Staff;
let marketer: Staff;
let contosoAdmin: Staff;
let campaignId: string;

type Lister = (who: Staff, params: Record<string, unknown>) => Promise<Page<{ id: string }>>;

/** Every id the list shows, page after page, in its order. */
async function listed(list: Lister, who: Staff, params: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(who, { ...params, limit: 10, ...(cursor ? { cursor } : {}) });
    ids.push(...page.rows.map((r) => r.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

/** The export of the list as `who` sees it, parsed: header and rows. */
async function exported(who: Staff, list: ExportList, params: Record<string, string>): Promise<{ header: string[]; rows: string[][]; id: string }> {
  const { id } = await requestListExport(who, { list, query: new URLSearchParams(params).toString(), columns: 'all' });
  await drain();
  expect((await listMyExports(who)).find((e) => e.id === id)?.status).toBe('done');
  const parts: Buffer[] = [];
  for await (const chunk of (await openExportFile(who, id)).chunks) parts.push(Buffer.from(chunk));
  const [header = [], ...rows] = parse(Buffer.concat(parts), { bom: true }) as string[][];
  return { header, rows, id };
}

const column = (file: { header: string[]; rows: string[][] }, name: string) => {
  const at = file.header.indexOf(name);
  expect(at, `${name} in ${file.header.join(', ')}`).toBeGreaterThanOrEqual(0);
  return file.rows.map((r) => r[at]);
};

beforeAll(async () => {
  manager = await staff('manager@northwind.example');
  sales1 = await staff('sales1@northwind.example');
  marketer = await staff('marketing@northwind.example');
  contosoAdmin = await staff('admin@contoso.example');
  // A campaign paused part-way through (no worker sends it meanwhile): recipients in every state.
  const db = ownerDb();
  const segment = await db.insertInto('segments').values({ org_id: manager.orgId, name: `Export ${randomUUID().slice(0, 6)}`, audience: 'contacts', filter: {} } as never).returning('id').executeTakeFirstOrThrow();
  const campaign = await db
    .insertInto('campaigns')
    .values({ org_id: manager.orgId, name: `Export ${randomUUID().slice(0, 6)}`, segment_id: segment.id, template: 'welcome', status: 'paused', paused_at: new Date(), fanout_done_at: new Date(), recipients_total: 16, run: 1 } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  campaignId = campaign.id;
  const people = await db.selectFrom('contacts').select('id').where('org_id', '=', manager.orgId).where('email', 'is not', null).where('deleted_at', 'is', null).orderBy('created_at').limit(16).execute();
  const statuses = ['pending', 'sent', 'suppressed', 'failed'] as const;
  await db
    .insertInto('campaign_recipients')
    .values(people.map((p, i) => ({ org_id: manager.orgId, campaign_id: campaignId, contact_id: p.id, enqueued_run: 1, status: statuses[i % 4], last_error: statuses[i % 4] === 'failed' ? '=cmd|calc' : null })))
    .execute();
});

describe('exporting every list', () => {
  const cases: { list: ExportList; lister: Lister; params: () => Record<string, string>; label: [string, string] }[] = [
    { list: 'activities', lister: listActivityLog as Lister, params: () => ({}), label: ['Kind', 'Note'] },
    { list: 'activities', lister: listActivityLog as Lister, params: () => ({ kind: 'call', sort: 'created_at' }), label: ['Kind', 'Call'] },
    { list: 'enrollments', lister: listEnrollments as Lister, params: () => ({}), label: ['Status', 'Enrolled'] },
    { list: 'enrollments', lister: listEnrollments as Lister, params: () => ({ status: 'waitlisted' }), label: ['Status', 'Waitlisted'] },
    { list: 'certifications', lister: listCertifications as Lister, params: () => ({}), label: ['Status', 'Active'] },
    { list: 'certifications', lister: listCertifications as Lister, params: () => ({ expires_before: '2099-12-31', status: 'active' }), label: ['Status', 'Active'] },
    { list: 'campaign_recipients', lister: listRecipients as Lister, params: () => ({ campaign_id: campaignId }), label: ['Status', 'Sent'] },
    { list: 'campaign_recipients', lister: listRecipients as Lister, params: () => ({ campaign_id: campaignId, status: 'failed' }), label: ['Status', 'Failed'] },
  ];

  for (const { list, lister, params, label } of cases) {
    it(`writes the ${list} list as shown (${JSON.stringify(params()).replace(/"/g, '') || 'no filter'}), row for row, for each role`, async () => {
      for (const who of list === 'campaign_recipients' ? [manager, marketer] : [manager, sales1]) {
        const ids = await listed(lister, who, params());
        const file = await exported(who, list, params());
        expect(column(file, 'Cohort ID')).toEqual(ids);
        if (ids.length > 0) expect(column(file, label[0])).toContain(label[1]);
      }
    });
  }

  it('shows a sales rep only the activities RLS shows them, and nobody another organisation’s', async () => {
    const everyone = await listed(listActivityLog as Lister, manager, {});
    const own = await listed(listActivityLog as Lister, sales1, {});
    expect(own.length).toBeGreaterThan(0);
    expect(own.length).toBeLessThan(everyone.length);
    expect(everyone).toEqual(expect.arrayContaining(own));
    // Another organisation's admin asking for this campaign's recipients gets none of them.
    const file = await exported(contosoAdmin, 'campaign_recipients', { campaign_id: campaignId });
    expect(file.rows).toEqual([]);
  });

  it('makes a formula in a recipient’s last error inert, and names the file’s rows as the app does', async () => {
    const file = await exported(marketer, 'campaign_recipients', { campaign_id: campaignId, status: 'failed' });
    expect(column(file, 'Last error')).toEqual(['\'=cmd|calc', '\'=cmd|calc', '\'=cmd|calc', '\'=cmd|calc']);
    const certificates = await exported(manager, 'certifications', {});
    const note = await ownerDb().selectFrom('notifications').select('title').where('record_id', '=', certificates.id).where('kind', '=', 'export_finished').executeTakeFirstOrThrow();
    expect(note.title).toBe(`Your export of ${certificates.rows.length} certificates is ready to download`);
  });

  it('refuses a recipients export without its campaign and a filter the list refuses, queueing nothing', async () => {
    expect(await kindOf(requestListExport(marketer, { list: 'campaign_recipients', query: '', columns: 'all' }))).toBe('validation');
    expect(await kindOf(requestListExport(manager, { list: 'enrollments', query: 'status=booked', columns: 'all' }))).toBe('validation');
    expect(await kindOf(requestListExport(manager, { list: 'certifications', query: 'expires_before=soon', columns: 'all' }))).toBe('validation');
    expect(await kindOf(requestListExport(manager, { list: 'activities', query: '', columns: ['password'] }))).toBe('validation');
  });
});
