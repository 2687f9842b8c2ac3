/**
 * The campaign editor at the database and the send path: the audience panel counts exactly
 * whom sending will reach (and the worker then sends one message per address), personalisation
 * tokens are checked and resolved, the final check blocks broken or private links and
 * unresolved tokens — and the database refuses to schedule content that has not passed it —
 * and test sends are marked, uncounted and limited to the people who may send.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrmError } from '../../lib/crm/errors';
import { ownerDb } from '../../lib/db/owner';
import { asService } from '../../lib/db/session';
import { nudge } from '../../lib/jobs/boss';
import type { RunningWorker } from '../../lib/jobs/worker';
import { campaignAudience, campaignAudiencePeople } from '../../lib/marketing/audience';
import { checkCampaign, previewCampaign, sendCampaignTest } from '../../lib/marketing/campaign-editor';
import { campaignReport } from '../../lib/marketing/campaign-report';
import { listRecipients } from '../../lib/marketing/campaign-recipients';
import { recordResendEvent } from '../../lib/email/webhook';
import { listCampaigns, marketingListGrowth, scheduleCampaign, startCampaign, updateCampaign } from '../../lib/marketing/campaigns';
import { previewSegmentCounts } from '../../lib/marketing/segments';
import { readImage, storeImage } from '../../lib/media/store';
import type { FunctionsHost } from '../../scripts/functions-host';
import { functionsHost, jwtSecret, until, worker } from './jobs-support';
import { asUserRolledBack, isRlsDenial, kindOf, NORTHWIND, orgId, type Staff, staff } from './support';

let northwind: string;
let marketing: Staff;
let sales: Staff;
let viewer: Staff;
let contosoAdmin: Staff;
let host: FunctionsHost;
let site: Server;
let siteUrl: string;
let running: RunningWorker | null = null;
const db = () => ownerDb();

/** A stand-in for the web: the app's own origin, where /broken is missing and anything else answers. */
function startSite(): Promise<Server> {
  const server = createServer((request, response) => {
    response.statusCode = request.url?.startsWith('/broken') ? 404 : 200;
    response.end(request.method === 'HEAD' ? undefined : 'ok');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  northwind = await orgId(NORTHWIND);
  [marketing, sales, viewer, contosoAdmin] = await Promise.all([
    staff('marketing@northwind.example'),
    staff('sales1@northwind.example'),
    staff('viewer@northwind.example'),
    staff('admin@contoso.example'),
  ]);
  site = await startSite();
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  // Campaign links point at the app (its catalogue): here, the stand-in, which the link check
  // may reach because it is the app's own origin.
  process.env.APP_URL = siteUrl;
  process.env.LEARNER_PORTAL_URL = siteUrl;
  host = await functionsHost();
  process.env.SUPABASE_URL = host.url;
  process.env.SUPABASE_JWT_SECRET = jwtSecret;
}, 120_000);

afterAll(async () => {
  await running?.stop();
  await host?.stop();
  site?.close();
});

type Person = { first?: string | null; email?: string | null; consent?: boolean; suppression?: 'unsubscribed' | 'hard_bounce' };

/** People of Northwind tagged with a new tag, each in the state asked for; the segment of that tag. */
async function audienceOf(audience: 'contacts' | 'leads', people: Person[]) {
  const tag = (await db().insertInto('tags').values({ org_id: northwind, name: `editor-${randomUUID().slice(0, 8)}` }).returning('id').executeTakeFirstOrThrow()).id;
  const ids: string[] = [];
  for (const p of people) {
    const values = { org_id: northwind, first_name: p.first === undefined ? 'Ada' : p.first, last_name: 'Audience', email: p.email === undefined ? `editor-${randomUUID().slice(0, 10)}@example.com` : p.email };
    const row = audience === 'contacts'
      ? await db().insertInto('contacts').values({ ...values, created_at: new Date() }).returning('id').executeTakeFirstOrThrow()
      : await db().insertInto('leads').values({ ...values, last_name: 'Audience', created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    ids.push(row.id);
    await db().insertInto('taggings').values({ org_id: northwind, tag_id: tag, ...(audience === 'contacts' ? { contact_id: row.id } : { lead_id: row.id }) }).execute();
    if (p.consent !== false) {
      await db().insertInto('consent_events').values({ org_id: northwind, ...(audience === 'contacts' ? { contact_id: row.id } : { lead_id: row.id }), purpose: 'marketing_email', granted: true, source: 'import', occurred_at: new Date(Date.now() - 60_000) }).execute();
    }
    if (p.suppression && values.email) {
      const email = values.email;
      const suppression = p.suppression;
      await asService('test: suppress an address', (tx) =>
        sql`insert into public.suppressions (org_id, email_hash, reason, scope)
            values (${northwind}, private.email_hash(${northwind}, ${email}), ${suppression}, ${suppression === 'hard_bounce' ? 'all' : 'marketing'})
            on conflict do nothing`.execute(tx),
      );
    }
  }
  const segment = (await db().insertInto('segments').values({ org_id: northwind, name: `Editor ${randomUUID().slice(0, 6)}`, audience, filter: { tagIds: [tag] } }).returning('id').executeTakeFirstOrThrow()).id;
  return { segment, ids };
}

/** A draft from the gallery, pointed at `segment`, with `patch` applied to its content. */
async function draft(segment: string, patch: { subject?: string; preheader?: string; props?: Record<string, unknown> } = {}) {
  const { id } = await startCampaign(marketing, { template: 'course-announcement' });
  const row = await db().selectFrom('campaigns').select(['name', 'template', 'props']).where('id', '=', id).executeTakeFirstOrThrow();
  await updateCampaign(marketing, id, { name: row.name, segment_id: segment, template: row.template, subject: patch.subject ?? '', preheader: patch.preheader ?? '', props: { ...(row.props as object), ...patch.props } });
  return id;
}

const campaignRow = (id: string) => db().selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('the audience panel', () => {
  it('counts who will receive a campaign and why the others are left out, as sending then does', async () => {
    const { segment: contacts, ids } = await audienceOf('contacts', [
      { first: 'Ada' },
      { first: null },
      { consent: false },
      { suppression: 'unsubscribed' },
      { suppression: 'hard_bounce' },
      { email: null },
    ]);
    const shared = `editor-twin-${randomUUID().slice(0, 8)}@example.com`;
    const { segment: leads } = await audienceOf('leads', [{ email: shared }, { email: shared.toUpperCase() }, { first: 'Lone' }]);

    const contactsCampaign = await draft(contacts);
    const summary = await campaignAudience(marketing, contactsCampaign);
    expect(summary).toMatchObject({ total: 6, receiving: 2, excluded: { no_email: 1, no_consent: 1, unsubscribed: 1, hard_bounce: 1, duplicate: 0 } });
    const noConsent = await campaignAudiencePeople(marketing, contactsCampaign, { reason: 'no_consent' });
    expect(noConsent.people.map((p) => p.id)).toEqual([ids[2]]);
    expect(noConsent.total).toBe(1);
    expect(await kindOf(campaignAudiencePeople(marketing, contactsCampaign, { reason: 'everyone' }))).toBe('validation');

    const leadsCampaign = await draft(leads);
    expect(await campaignAudience(marketing, leadsCampaign)).toMatchObject({ total: 3, receiving: 2, excluded: { duplicate: 1 } });

    // What the panel said is what the worker does: one message per address, nobody blocked twice.
    running = await worker(host);
    for (const id of [contactsCampaign, leadsCampaign]) {
      expect(await checkCampaign(marketing, id)).toMatchObject({ problems: [] });
      await scheduleCampaign(marketing, id, { when: 'now' });
    }
    const contactsDone = await until('the contacts campaign completes', async () => {
      const row = await campaignRow(contactsCampaign);
      return row.status === 'completed' && row;
    });
    expect(contactsDone).toMatchObject({ recipients_total: 5, sent_count: 2, suppressed_count: 3 });
    const leadsDone = await until('the leads campaign completes', async () => {
      const row = await campaignRow(leadsCampaign);
      return row.status === 'completed' && row;
    });
    expect(leadsDone).toMatchObject({ recipients_total: 2, sent_count: 2 });
    const twins = await db().selectFrom('email_messages').select('id').where('campaign_id', '=', leadsCampaign).where(sql<boolean>`lower(recipient_email::text) = ${shared}`).execute();
    expect(twins).toHaveLength(1);
    await running.stop();
    running = null;

    // The report, from the provider's events as the webhook records them.
    const sent = await db().selectFrom('email_messages').select(['id', 'contact_id']).where('campaign_id', '=', contactsCampaign).where('status', '=', 'sent').orderBy('id').execute();
    expect(sent).toHaveLength(2);
    for (const m of sent) await db().updateTable('email_messages').set({ provider_message_id: `re_${m.id}` }).where('id', '=', m.id).execute();
    const [first, second] = sent as [{ id: string; contact_id: string }, { id: string; contact_id: string }];
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const event = (type: string, message: string, minutes: number, data: Record<string, unknown> = {}) =>
      recordResendEvent(randomUUID(), { type, created_at: at(minutes), data: { email_id: `re_${message}`, ...data } });
    await event('email.delivered', first.id, 90);
    await event('email.delivered', second.id, 90);
    await event('email.opened', first.id, 80);
    await event('email.opened', first.id, 20);
    await event('email.opened', second.id, 75);
    await event('email.clicked', first.id, 79, { click: { link: `${siteUrl}/learn/courses` } });
    await event('email.clicked', first.id, 78, { click: { link: `${siteUrl}/learn/courses` } });
    await event('email.clicked', second.id, 70, { click: { link: `${siteUrl}/learn` } });
    await db().insertInto('consent_events').values({ org_id: northwind, contact_id: second.contact_id, purpose: 'marketing_email', granted: false, source: 'unsubscribe_link', proof: { message_id: second.id } }).execute();
    const report = await campaignReport(marketing, contactsCampaign);
    expect(report).toMatchObject({ sent: 2, delivered: 2, openedUnique: 2, opensTotal: 3, clickedUnique: 2, clicksTotal: 3, hardBounced: 0, softBounced: 0, complained: 0, unsubscribed: 1 });
    expect(report.links).toEqual([
      { url: `${siteUrl}/learn/courses`, clicks: 2, people: 1 },
      { url: `${siteUrl}/learn`, clicks: 1, people: 1 },
    ]);
    expect(report.timeline.reduce((sum, h) => sum + h.opens, 0)).toBe(3);
    expect(report.timeline.reduce((sum, h) => sum + h.clicks, 0)).toBe(3);
    // Each figure opens the recipients behind it.
    const withOutcome = async (outcome: string) => (await listRecipients(marketing, { campaign_id: contactsCampaign, outcome })).rows.map((r) => r.contact_id).sort();
    expect(await withOutcome('clicked')).toEqual([first.contact_id, second.contact_id].sort());
    expect(await withOutcome('delivered')).toEqual([first.contact_id, second.contact_id].sort());
    expect(await withOutcome('bounced')).toEqual([]);
    expect(await kindOf(listRecipients(marketing, { campaign_id: contactsCampaign, outcome: 'read' }))).toBe('validation');
    // The list compares campaigns by the same figures.
    const listed = (await listCampaigns(marketing)).find((c) => c.id === contactsCampaign);
    expect(listed?.engagement).toEqual({ delivered: 2, opened: 2, clicked: 2 });
    expect(await kindOf(campaignReport(sales, contactsCampaign))).toBe('not_found');
    expect(await kindOf(campaignReport(contosoAdmin, contactsCampaign))).toBe('not_found');
    const unsubscribesOfOthers = await asUserRolledBack(contosoAdmin, (tx) => sql`select private.campaign_unsubscribes(${northwind}::uuid, ${contactsCampaign}::uuid)`.execute(tx)).catch((e: unknown) => e);
    expect(isRlsDenial(unsubscribesOfOthers)).toBe(true);
  }, 120_000);

  it('is the organisation’s marketing roles’ only: sales and other organisations learn nothing', async () => {
    const { segment, ids } = await audienceOf('contacts', [{ consent: false }]);
    const id = await draft(segment);
    expect(await kindOf(campaignAudience(sales, id))).toBe('not_found');
    expect(await kindOf(campaignAudience(contosoAdmin, id))).toBe('not_found');
    expect((await campaignAudience(viewer, id)).excluded.no_consent).toBe(1);
    // The list's growth: this month's consents are counted (this test granted some); sales may not ask.
    const growth = await marketingListGrowth(marketing);
    expect(growth).toHaveLength(6);
    expect(growth.at(-1)?.month).toBe(new Date().toISOString().slice(0, 7));
    expect(growth.at(-1)?.granted).toBeGreaterThan(0);
    expect(await kindOf(marketingListGrowth(sales))).toBe('forbidden');
    // The reason function takes a person, never an address, and only for those roles.
    for (const who of [sales, contosoAdmin]) {
      const denied = await asUserRolledBack(who, (tx) => sql`select private.marketing_block_reason(${northwind}::uuid, ${ids[0]}::uuid, null)`.execute(tx)).catch((e: unknown) => e);
      expect(isRlsDenial(denied)).toBe(true);
    }
  });
});

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('campaign images', () => {
  it('stores a real image for those who build campaigns, typed by its bytes, and serves it back', async () => {
    process.env.MEDIA_DIR = await mkdtemp(path.join(tmpdir(), 'cohort-media-'));
    const stored = await storeImage(marketing, PNG);
    expect(stored).toMatchObject({ contentType: 'image/png', bytes: PNG.length });
    const [, org, file] = new URL(stored.url).pathname.match(/^\/media\/([^/]+)\/([^/]+)$/) ?? [];
    expect(org).toBe(northwind);
    expect(await readImage(org as string, file as string)).toEqual({ bytes: PNG, contentType: 'image/png' });
    expect(await db().selectFrom('media_assets').select(['content_type', 'byte_size', 'created_by']).where('file_name', '=', file as string).executeTakeFirstOrThrow()).toEqual({
      content_type: 'image/png', byte_size: PNG.length, created_by: marketing.userId,
    });

    // Named what it is not, or not an image at all: refused, whatever the name or header said.
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>');
    expect(await kindOf(storeImage(marketing, svg))).toBe('validation');
    expect(await kindOf(storeImage(marketing, Buffer.from('<html><script>alert(1)</script></html>')))).toBe('validation');
    expect(await kindOf(storeImage(marketing, Buffer.alloc(0)))).toBe('validation');
    expect(await kindOf(storeImage(marketing, Buffer.concat([PNG, Buffer.alloc(1024 * 1024)])))).toBe('validation');
    // Sales and viewers may not upload; nothing is published for them.
    const before = (await readdir(path.join(process.env.MEDIA_DIR, northwind))).filter((f) => !f.startsWith('.'));
    expect(await kindOf(storeImage(viewer, PNG))).toBe('forbidden');
    expect(await kindOf(storeImage(sales, PNG))).toBe('forbidden');
    expect((await readdir(path.join(process.env.MEDIA_DIR, northwind))).filter((f) => !f.startsWith('.'))).toEqual(before);
    // Nothing but a stored image's exact name is served.
    for (const [o, f] of [[northwind, '../../etc/passwd'], ['..', file], [northwind, `${file}/..`], [northwind, (file as string).replace('.png', '.svg')]]) {
      expect(await readImage(o as string, f as string)).toBeNull();
    }
  });
});

describe('campaign images on hosted Supabase', () => {
  it('go to the Storage bucket through its HTTP API — a stand-in speaking it here — and a refused upload leaves no row', async () => {
    const received: { path: string; auth: string | undefined; type: string | undefined; bytes: Buffer }[] = [];
    let answer = 200;
    const stub = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ path: request.url ?? '', auth: request.headers.authorization, type: request.headers['content-type'], bytes: Buffer.concat(chunks) });
        response.writeHead(answer, { 'content-type': 'application/json' });
        response.end(answer === 200 ? '{"Key":"media/x"}' : '{"statusCode":"500","error":"Internal"}');
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    const saved = { bucket: process.env.MEDIA_STORAGE_BUCKET, url: process.env.SUPABASE_URL, key: process.env.SUPABASE_SERVICE_ROLE_KEY };
    Object.assign(process.env, { MEDIA_STORAGE_BUCKET: 'media', SUPABASE_URL: base, SUPABASE_SERVICE_ROLE_KEY: 'service-role-key-for-the-stand-in' });
    try {
      const stored = await storeImage(marketing, PNG);
      const file = stored.url.split('/').pop() as string;
      expect(stored.url).toBe(`${base}/storage/v1/object/public/media/${northwind}/${file}`);
      expect(received).toEqual([{ path: `/storage/v1/object/media/${northwind}/${file}`, auth: 'Bearer service-role-key-for-the-stand-in', type: 'image/png', bytes: PNG }]);
      expect(await db().selectFrom('media_assets').select('file_name').where('file_name', '=', file).execute()).toHaveLength(1);

      // Refused by RLS: nothing reaches the bucket.
      expect(await kindOf(storeImage(viewer, PNG))).toBe('forbidden');
      expect(received).toHaveLength(1);
      // Refused by Storage: a clear message, and no row for an image that is not there.
      answer = 500;
      const before = await db().selectFrom('media_assets').select('id').where('org_id', '=', northwind).execute();
      expect(await kindOf(storeImage(marketing, PNG))).toBe('validation');
      expect(received).toHaveLength(2);
      expect(await db().selectFrom('media_assets').select('id').where('org_id', '=', northwind).execute()).toHaveLength(before.length);
    } finally {
      for (const [name, value] of [['MEDIA_STORAGE_BUCKET', saved.bucket], ['SUPABASE_URL', saved.url], ['SUPABASE_SERVICE_ROLE_KEY', saved.key]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      stub.close();
    }
  });
});

describe('A/B tests of the subject line', () => {
  it('send the test share half A, half B, then the winner to the rest — every person exactly once', async () => {
    const { segment } = await audienceOf('contacts', Array.from({ length: 40 }, () => ({ first: 'Tess' })));
    const id = await draft(segment, { subject: 'Subject A for {{first_name|you}}' });
    const row = await campaignRow(id);
    const content = { name: row.name, segment_id: segment, template: row.template, subject: row.subject ?? '', preheader: '', props: row.props as never };
    const refused = await updateCampaign(marketing, id, { ...content, ab: { subject_b: '', percent: 50, metric: 'clicks', wait_hours: 1 } }).catch((e: unknown) => e);
    expect((refused as CrmError).fieldErrors['ab.subject_b']?.join(' ')).toMatch(/Write subject B/);
    expect(await kindOf(updateCampaign(marketing, id, { ...content, ab: { subject_b: 'B', percent: 90, metric: 'clicks', wait_hours: 1 } }))).toBe('validation');
    await updateCampaign(marketing, id, { ...content, ab: { subject_b: 'Subject B', percent: 50, metric: 'clicks', wait_hours: 1 } });
    expect(await checkCampaign(marketing, id)).toMatchObject({ problems: [] });
    await scheduleCampaign(marketing, id, { when: 'now' });
    running = await worker(host);

    // The test group goes out; the rest waits for the winner.
    const groups = async () =>
      Object.fromEntries(
        (await db().selectFrom('campaign_recipients').select(['ab_group', 'status', (eb) => eb.fn.countAll<string>().as('n')]).where('campaign_id', '=', id).groupBy(['ab_group', 'status']).execute()).map((g) => [`${g.ab_group}:${g.status}`, Number(g.n)]),
      );
    const tested = await until('the test group is sent', async () => {
      const g = await groups();
      const row = await campaignRow(id);
      return row.fanout_done_at && !g['a:pending'] && !g['b:pending'] && (g['a:sent'] ?? 0) + (g['b:sent'] ?? 0) > 0 && g;
    });
    expect((tested['a:sent'] ?? 0) + (tested['b:sent'] ?? 0) + (tested['rest:pending'] ?? 0)).toBe(40);
    // Exactly half of the audience in the test, split evenly.
    expect(tested).toEqual({ 'a:sent': 10, 'b:sent': 10, 'rest:pending': 20 });
    const waiting = await campaignRow(id);
    expect(waiting).toMatchObject({ status: 'sending', ab_winner: null });
    expect((waiting.ab_decide_after as Date).getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);
    // Nobody in the rest has a message yet.
    const restMessages = await db().selectFrom('campaign_recipients').select('message_id').where('campaign_id', '=', id).where('ab_group', '=', 'rest').where('message_id', 'is not', null).execute();
    expect(restMessages).toEqual([]);

    // B's readers click; the wait ends; two dispatches race to decide.
    await sql`update email_messages m set clicked_at = now() from campaign_recipients r where r.message_id = m.id and r.campaign_id = ${id} and r.ab_group = 'b'`.execute(db());
    await db().updateTable('campaigns').set({ ab_decide_after: new Date(Date.now() - 1000) }).where('id', '=', id).execute();
    await Promise.all([nudge(running.boss, 'campaignDispatch'), nudge(running.boss, 'campaignDispatch')]);
    const done = await until('the rest is sent', async () => {
      const r = await campaignRow(id);
      return r.status === 'completed' && r;
    }, 60_000);
    expect(done).toMatchObject({ ab_winner: 'b', sent_count: 40, recipients_total: 40 });
    const messages = await db()
      .selectFrom('campaign_recipients as r')
      .innerJoin('email_messages as m', 'm.id', 'r.message_id')
      .select(['r.ab_group', 'm.subject', 'r.contact_id'])
      .where('r.campaign_id', '=', id)
      .execute();
    expect(messages).toHaveLength(40);
    expect(new Set(messages.map((m) => m.contact_id)).size).toBe(40);
    const perPerson = await db().selectFrom('email_messages').select((eb) => eb.fn.countAll<string>().as('n')).where('campaign_id', '=', id).executeTakeFirstOrThrow();
    expect(Number(perPerson.n)).toBe(40);
    for (const m of messages) expect(m.subject, m.ab_group ?? '').toBe(m.ab_group === 'a' ? 'Subject A for Tess' : 'Subject B');
    const report = await campaignReport(marketing, id);
    expect(report.ab).toMatchObject({ metric: 'clicks', winner: 'b', rest: tested['rest:pending'] });
    expect(report.ab?.groups.map((g) => [g.group, g.sent, g.clicked])).toEqual([
      ['a', tested['a:sent'], 0],
      ['b', tested['b:sent'], tested['b:sent']],
    ]);
    await running.stop();
    running = null;
  }, 120_000);

  it('keep the decision the worker’s: a marketer cannot pick the winner or move the wait', async () => {
    const { segment } = await audienceOf('contacts', [{}]);
    const id = await draft(segment);
    const forged = await asUserRolledBack(marketing, async (tx) => {
      await tx.updateTable('campaigns').set({ ab_winner: 'b', ab_decide_after: new Date(), ab_decided_at: new Date() }).where('id', '=', id).execute();
      return tx.selectFrom('campaigns').select(['ab_winner', 'ab_decide_after', 'ab_decided_at']).where('id', '=', id).executeTakeFirstOrThrow();
    });
    expect(forged).toEqual({ ab_winner: null, ab_decide_after: null, ab_decided_at: null });
  });
});

describe('the segment builder', () => {
  it('says how many of the people matching the other conditions have marketing consent', async () => {
    const { segment } = await audienceOf('contacts', [{}, { consent: false }, { consent: false }]);
    const row = await db().selectFrom('segments').select('filter').where('id', '=', segment).executeTakeFirstOrThrow();
    const filter = row.filter as Record<string, unknown>;
    expect(await previewSegmentCounts(marketing, { audience: 'contacts', filter: { ...filter, marketingConsent: true } })).toEqual({ count: 1, withoutConsent: 3 });
    expect(await previewSegmentCounts(marketing, { audience: 'contacts', filter })).toEqual({ count: 3, withoutConsent: null });
  });
});

describe('subject lines and tokens', () => {
  it('refuses an unknown token with a field error and resolves known ones per person, with the fallback for the nameless', async () => {
    const { segment } = await audienceOf('contacts', [{ first: 'Grace' }, { first: null }]);
    const id = await draft(segment, { subject: '{{first_name|friend}}, new dates at {{org_name}}' });
    const row = await campaignRow(id);
    const refused = await updateCampaign(marketing, id, { name: row.name, segment_id: segment, template: row.template, subject: 'Hi {{firstname}}', preheader: '', props: row.props as never }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CrmError);
    expect((refused as CrmError).fieldErrors.subject?.join(' ')).toMatch(/“\{\{firstname\}\}” is not a personalisation token/);
    const unclosed = await updateCampaign(marketing, id, { name: row.name, segment_id: segment, template: row.template, subject: 'Hi {{first_name', preheader: '', props: row.props as never }).catch((e: unknown) => e);
    expect((unclosed as CrmError).fieldErrors.subject?.join(' ')).toMatch(/not closed/);
    expect((await campaignRow(id)).subject).toBe('{{first_name|friend}}, new dates at {{org_name}}');

    const content = { name: row.name, segment_id: segment, template: row.template, subject: row.subject ?? '', preheader: 'For {{first_name}} only', props: row.props };
    const preview = await previewCampaign(marketing, id, content);
    if (!preview.ok) throw new Error(preview.issues.join('; '));
    const grace = preview.samples.find((s) => s.first_name === 'Grace');
    const nameless = preview.samples.find((s) => s.first_name === null);
    const forGrace = await previewCampaign(marketing, id, { ...content, sample_id: grace?.id });
    const forNameless = await previewCampaign(marketing, id, { ...content, sample_id: nameless?.id });
    expect(forGrace).toMatchObject({ ok: true, subject: 'Grace, new dates at Northwind Training', preheader: 'For Grace only' });
    expect(forNameless).toMatchObject({ ok: true, subject: 'friend, new dates at Northwind Training', preheader: 'For there only' });
  });

  it('renders the preview from the organisation’s own content, never the sample company', async () => {
    const { segment } = await audienceOf('contacts', [{}]);
    const id = await draft(segment);
    const row = await campaignRow(id);
    const preview = await previewCampaign(marketing, id, { name: row.name, segment_id: segment, template: row.template, subject: '', preheader: '', props: row.props });
    if (!preview.ok) throw new Error(preview.issues.join('; '));
    expect(preview.html).toContain('Northwind Training');
    expect(preview.html).not.toMatch(/Northbridge|northbridge-training/);
    expect(preview.html).toContain(`${siteUrl}/learn/courses`);
  });
});

describe('the final check', () => {
  it('blocks a broken link, a private address and an unresolved token, each with its message; nothing is scheduled', async () => {
    const { segment } = await audienceOf('contacts', [{}]);
    const id = await draft(segment, {
      props: {
        body: `<p>See <a href="${siteUrl}/broken/page">the programme</a>, <a href="http://169.254.169.254/latest/meta-data">this</a> and <a href="http://[::ffff:127.0.0.1]:${new URL(siteUrl).port}/ok">that</a>. Hello {{first_name}}.</p>`,
      },
    });
    const { problems } = await checkCampaign(marketing, id);
    const messages = problems.map((p) => p.message).join('\n');
    expect(messages).toContain(`${siteUrl}/broken/page answers 404`);
    expect(messages).toContain('http://169.254.169.254/latest/meta-data points to a private network address');
    // The app's own server, written as an IPv4-mapped IPv6 address, is still a private address.
    expect(messages).toContain(`http://[::ffff:7f00:1]:${new URL(siteUrl).port}/ok points to a private network address`);
    expect(messages).toMatch(/“body” holds an unresolved token \(\{\{first_name\}\}\)/);
    expect(problems.map((p) => p.kind).sort()).toEqual(['link', 'link', 'link', 'token']);
    expect(await kindOf(scheduleCampaign(marketing, id, { when: 'now' }))).toBe('validation');
    expect((await campaignRow(id)).status).toBe('draft');
  });

  it('lets a passed draft be scheduled, until an edit voids the check; the database refuses anything else', async () => {
    const { segment } = await audienceOf('contacts', [{}]);
    const id = await draft(segment);
    const refused = await scheduleCampaign(marketing, id, { when: 'now' }).catch((e: unknown) => e);
    expect((refused as CrmError).message).toMatch(/Run the final check first/);
    expect(await checkCampaign(marketing, id)).toEqual({ problems: [], receiving: 1 });
    const row = await campaignRow(id);
    expect(row.checked_digest).toMatch(/^[0-9a-f]{32}$/);
    // An edit after the check: a new check is needed.
    await updateCampaign(marketing, id, { name: `${row.name} (edited)`, segment_id: segment, template: row.template, subject: '', preheader: '', props: row.props as never });
    expect(await kindOf(scheduleCampaign(marketing, id, { when: 'now' }))).toBe('validation');
    // A user cannot write the check's result, nor create a campaign past it.
    const forged = await asUserRolledBack(marketing, async (tx) => {
      await tx.updateTable('campaigns').set({ checked_digest: sql`private.campaign_digest(campaigns)` }).where('id', '=', id).execute();
      return tx.updateTable('campaigns').set({ status: 'scheduled', scheduled_at: new Date() }).where('id', '=', id).execute();
    }).catch((e: unknown) => e);
    expect(forged).toMatchObject({ code: '23514' });
    const inserted = await asUserRolledBack(marketing, (tx) =>
      tx.insertInto('campaigns').values({ org_id: northwind, name: 'Straight out', segment_id: segment, template: 'course-announcement', status: 'scheduled', scheduled_at: new Date() }).execute(),
    ).catch((e: unknown) => e);
    expect(inserted).toMatchObject({ code: '23514' });
    expect(await checkCampaign(marketing, id)).toMatchObject({ problems: [] });
    await scheduleCampaign(marketing, id, { when: 'later', scheduled_at: new Date(Date.now() + 86_400_000).toISOString() });
    expect((await campaignRow(id)).status).toBe('scheduled');
    // Sales and viewers may not run it at all.
    expect(await kindOf(checkCampaign(viewer, id))).toBe('forbidden');
    expect(await kindOf(checkCampaign(sales, id))).toBe('forbidden');
  });
});

describe('test sends', () => {
  it('go to members given, marked [Test], outside every statistic; any suppression holds one back, without saying why', async () => {
    const { segment } = await audienceOf('contacts', [{ first: 'Linus' }]);
    const id = await draft(segment, { subject: 'Dates for {{first_name|you}}' });
    // A member who unsubscribed from the organisation's marketing (scope marketing, not all).
    const unsubscribed = 'sales2@northwind.example';
    await asService('test: a member unsubscribed', (tx) =>
      sql`insert into public.suppressions (org_id, email_hash, reason, scope) values (${northwind}, private.email_hash(${northwind}, ${unsubscribed}), 'unsubscribed', 'marketing') on conflict do nothing`.execute(tx),
    );
    try {
      const before = new Date();
      const results = await sendCampaignTest(marketing, id, { addresses: [' MARKETING@northwind.example ', unsubscribed] });
      expect(results).toEqual([
        { to: 'marketing@northwind.example', ok: true, status: 'sent', error: null },
        { to: unsubscribed, ok: true, status: 'suppressed', error: null },
      ]);
      const message = await db()
        .selectFrom('email_messages as m')
        .innerJoin('email_outbox as o', 'o.message_id', 'm.id')
        .select(['m.is_test', 'm.campaign_id', 'm.contact_id', 'o.subject', 'o.html'])
        .where('m.recipient_email', '=', 'marketing@northwind.example')
        .where('m.created_at', '>=', before)
        .executeTakeFirstOrThrow();
      expect(message).toMatchObject({ is_test: true, campaign_id: null, contact_id: null, subject: '[Test] Dates for you' });
      expect(message.html).toContain('/unsubscribe/test"');
      expect((await campaignRow(id)).sent_count).toBe(0);
    } finally {
      await asService('test: lift the suppression', (tx) => sql`delete from public.suppressions where org_id = ${northwind} and email_hash = private.email_hash(${northwind}, ${unsubscribed})`.execute(tx));
    }

    // Not a spam relay: strangers, too many, or malformed addresses are refused, and so are those who may not send.
    const stranger = await sendCampaignTest(marketing, id, { addresses: ['someone@example.com'] }).catch((e: unknown) => e);
    expect((stranger as CrmError).message).toMatch(/members of your organisation only: someone@example.com is not one/);
    expect(await kindOf(sendCampaignTest(marketing, id, { addresses: ['admin@contoso.example'] }))).toBe('validation');
    expect(await kindOf(sendCampaignTest(marketing, id, { addresses: ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'e@example.com', 'f@example.com'] }))).toBe('validation');
    expect(await kindOf(sendCampaignTest(marketing, id, { addresses: ['not an address'] }))).toBe('validation');
    expect(await kindOf(sendCampaignTest(viewer, id, { addresses: ['viewer@northwind.example'] }))).toBe('forbidden');
    expect(await kindOf(sendCampaignTest(contosoAdmin, id, { addresses: ['admin@contoso.example'] }))).toBe('forbidden');
  });

  it('cannot be asked of send-email by a member, nor to a person', async () => {
    const { sendEmail } = await import('../../lib/email/send');
    const props = { headline: 'x', body: '<p>x</p>', button: { label: 'Go', url: `${siteUrl}/ok` } };
    const asMember = await sendEmail({ user: marketing }, { org_id: northwind, template: 'course-announcement', props, to: 'someone@example.com', test: true, idempotency_key: `t-${randomUUID()}` });
    expect(asMember).toMatchObject({ ok: false, status: 403 });
    const contact = (await db().selectFrom('contacts').select('id').where('org_id', '=', northwind).limit(1).executeTakeFirstOrThrow()).id;
    const toPerson = await sendEmail({ system: 'test' }, { org_id: northwind, template: 'course-announcement', props, contact_id: contact, test: true, idempotency_key: `t-${randomUUID()}` });
    expect(toPerson).toMatchObject({ ok: false, status: 400 });
  });
});
