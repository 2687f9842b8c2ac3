/**
 * The campaign editor's server side: the live preview (rendered by the send path's own
 * renderer, with the organisation's brand and a person from the segment), test sends, and
 * the final check a draft must pass before it can be scheduled (content, unresolved tokens,
 * every link, Gmail's size limit, and someone to send to).
 *
 * Who may do what is RLS's: the preview reads the campaign under the user's policies; test
 * sends and checks first lock the draft FOR UPDATE, which Postgres allows only to those its
 * update policy admits (admins, managers, marketing).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { hasTokenSyntax } from '../../supabase/functions/_shared/emails/components/tokens';
import type { EmailTemplateName } from '../../supabase/functions/_shared/emails/index.ts';
import { conflict, CrmError, forbidden, notFound, parseInput, validationError } from '../crm/errors';
import { id } from '../crm/fields';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { asService, type Tx } from '../db/session';
import { renderEmail } from '../../supabase/functions/_shared/email/render';
import { sendEmail } from '../email/send';
import { RATE_LIMITS, takeRateLimit } from '../http/rate-limit';
import { NAMELESS_GREETING } from '../jobs/greeting';
import { audienceSummary, sampleRecipients } from './audience';
import { type CampaignContent, campaignProps, organizationBrand } from './campaign-content';
import { campaignInputSchema, testSendSchema } from './campaign.schema';
import { checkLinks, linksOf, MAX_LINKS } from './link-check';
import { templatePropsIssues } from './template-props';

/** Gmail clips messages whose HTML is larger than this ("[Message clipped]"), hiding the footer. */
export const GMAIL_CLIP_BYTES = 102 * 1024;

/** Stand-ins for the per-message links send-email adds; never checked as links. */
const PREVIEW_LINKS = { unsubscribeUrl: 'https://preview.invalid/unsubscribe', preferencesUrl: 'https://preview.invalid/preferences' };

type Person = { first_name: string | null; email: string | null };

/** The props of `content` completed as send-email completes them, for `person`. */
function completeProps(content: Pick<CampaignContent, 'props' | 'subject' | 'preheader'>, brand: Record<string, unknown>, person: Person | null) {
  const firstName = person?.first_name?.trim();
  return {
    ...campaignProps(content),
    brand,
    recipient: firstName ? { firstName: firstName.slice(0, 80), email: person?.email ?? 'someone@example.com' } : { firstName: NAMELESS_GREETING, nameless: true, email: person?.email ?? 'someone@example.com' },
    ...PREVIEW_LINKS,
  };
}

async function draftSegment(tx: Tx, session: CrmSession, campaignId: string, lock: boolean) {
  let query = tx
    .selectFrom('campaigns as c')
    .select(['c.id', 'c.status', 'c.name', 'c.template', 'c.props', 'c.subject', 'c.preheader', 'c.segment_id', 'c.ab_subject_b', 'c.ab_test_percent', sql<string>`private.campaign_digest(c)`.as('digest')])
    .where('c.org_id', '=', session.orgId)
    .where('c.id', '=', campaignId);
  if (lock) query = query.forUpdate();
  const campaign = await query.executeTakeFirst();
  if (!campaign) throw lock ? forbidden('Only admins, managers and marketing may test or send a campaign.') : notFound('Campaign');
  return campaign;
}

const previewInputSchema = campaignInputSchema.extend({ sample_id: id('Sample recipient').optional() });

/**
 * The editor's live preview of unsaved content: subject, preheader, HTML and text exactly as
 * the send path renders them for a person of the chosen segment, or the field errors that
 * keep it from rendering.
 */
export async function previewCampaign(session: CrmSession, campaignId: string, input: unknown) {
  parseInput(id('Campaign'), campaignId);
  const parsed = previewInputSchema.safeParse(input);
  return inUserTransaction(session, async (tx) => {
    await draftSegment(tx, session, campaignId, false);
    const segmentId = parsed.success ? parsed.data.segment_id : null;
    const segment = segmentId ? await tx.selectFrom('segments').select(['audience', 'filter']).where('org_id', '=', session.orgId).where('id', '=', segmentId).executeTakeFirst() : null;
    const samples = segment ? await sampleRecipients(tx, session.orgId, segment) : [];
    if (!parsed.success) return { ok: false as const, samples, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
    const content = parsed.data;
    const issues = templatePropsIssues(content.template as EmailTemplateName, campaignProps(content));
    if (Object.keys(issues).length) return { ok: false as const, samples, issues: Object.entries(issues).map(([path, messages]) => `${path}: ${messages.join(', ')}`) };
    const { brand } = await organizationBrand(tx, session.orgId);
    const sample = samples.find((s) => s.id === content.sample_id) ?? samples[0] ?? null;
    const rendered = await renderEmail(content.template as EmailTemplateName, completeProps(content, brand, sample) as never);
    const preheader = /<div[^>]*data-skip-in-text="true"[^>]*>([^<]*)/.exec(rendered.html)?.[1]?.trim() ?? '';
    return {
      ok: true as const,
      samples,
      sampleId: sample?.id ?? null,
      subject: rendered.subject,
      preheader,
      html: rendered.html,
      text: rendered.text,
      bytes: Buffer.byteLength(rendered.html, 'utf8'),
    };
  });
}

/**
 * Sends the saved draft as a test to up to five members of the organisation (their sign-in
 * addresses: a test is for the team, so the editor cannot be used to mail strangers): "[Test]"
 * in the subject, footer links that say it was a test, and no statistic counts it (send-email's
 * `test`). Personalised as for `sample_id`, a person of the segment, when given.
 */
export async function sendCampaignTest(session: CrmSession, campaignId: string, input: unknown) {
  parseInput(id('Campaign'), campaignId);
  const { addresses, sample_id } = parseInput(testSendSchema.extend({ sample_id: id('Sample recipient').optional() }), input);
  const { campaign, person } = await inUserTransaction(session, async (tx) => {
    const row = await draftSegment(tx, session, campaignId, true);
    const members = await tx
      .selectFrom('memberships')
      .select(sql<string>`lower(email)`.as('email'))
      .where('org_id', '=', session.orgId)
      .where('deactivated_at', 'is', null)
      .where(sql<boolean>`lower(email) = any(${addresses}::text[])`)
      .execute();
    const outsiders = addresses.filter((a) => !members.some((m) => m.email === a));
    if (outsiders.length) {
      throw validationError(`Tests go to members of your organisation only: ${outsiders.join(', ')} ${outsiders.length === 1 ? 'is not one' : 'are not'}.`, { addresses: ['Use the address a member signs in with.'] });
    }
    const segment = await tx.selectFrom('segments').select(['audience', 'filter']).where('id', '=', row.segment_id).executeTakeFirstOrThrow();
    const samples = await sampleRecipients(tx, session.orgId, segment);
    return { campaign: row, person: samples.find((s) => s.id === sample_id) ?? null };
  });
  const issues = templatePropsIssues(campaign.template as EmailTemplateName, campaignProps({ ...campaign, props: campaign.props as Record<string, unknown> }));
  if (Object.keys(issues).length) throw validationError('Fix the fields listed before sending a test.', issues);
  for (let i = 0; i < addresses.length; i++) {
    const allowed =
      (await takeRateLimit(`campaign-test:${session.userId}`, RATE_LIMITS.campaignTestSendsPerMember)) &&
      (await takeRateLimit(`campaign-test-org:${session.orgId}`, RATE_LIMITS.campaignTestSendsPerOrganisation));
    if (!allowed) throw new CrmError('rate_limited', 'Many tests have been sent in the last hour. Try again later.');
  }
  const content = { props: campaign.props as Record<string, unknown>, subject: campaign.subject, preheader: campaign.preheader };
  const firstName = person?.first_name?.trim();
  const results = [];
  for (const to of addresses) {
    const outcome = await sendEmail(
      { system: 'marketing: campaign test send' },
      {
        org_id: session.orgId,
        template: campaign.template,
        category: 'marketing',
        props: { ...campaignProps(content), recipient: firstName ? { firstName: firstName.slice(0, 80) } : { firstName: NAMELESS_GREETING, nameless: true } },
        to,
        test: true,
        idempotency_key: `campaign-test:${campaignId}:${randomUUID()}`,
        tags: [{ name: 'campaign_test', value: campaignId }],
      },
    );
    // Why an address is suppressed is compliance evidence: the marketer learns only that it was not sent.
    results.push({ to, ok: outcome.ok, status: outcome.ok ? outcome.result.status : 'failed', error: outcome.ok ? null : outcome.error.message });
  }
  return results;
}

export type CheckProblem = { kind: 'content' | 'token' | 'link' | 'size' | 'settings' | 'audience'; message: string };

/** Every string in `value` with its path, for the token scan. */
function* strings(value: unknown, path: string[] = []): Generator<[string, string]> {
  if (typeof value === 'string') yield [path.join('.'), value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, [...path, String(i)]);
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) yield* strings(item, [...path, key]);
}

/**
 * What stops this draft from going, as far as the database can tell (inside the check's
 * transaction), and the links of the rendered email, which are requested after it commits.
 */
async function problemsOf(tx: Tx, session: CrmSession, campaign: Awaited<ReturnType<typeof draftSegment>>): Promise<{ problems: CheckProblem[]; receiving: number; links: string[] }> {
  const problems: CheckProblem[] = [];
  const content = { props: campaign.props as Record<string, unknown>, subject: campaign.subject, preheader: campaign.preheader };
  const issues = templatePropsIssues(campaign.template as EmailTemplateName, campaignProps(content));
  for (const [path, messages] of Object.entries(issues)) problems.push({ kind: 'content', message: `${path.replace(/^props\./, '')}: ${messages.join(', ')}` });
  for (const [path, text] of strings(content.props)) {
    if (hasTokenSyntax(text)) problems.push({ kind: 'token', message: `“${path}” holds an unresolved token (${text.match(/\{\{[^}]{0,40}\}?\}?/)?.[0] ?? '{{'}): personalisation works in the subject line and preheader only.` });
  }
  const { org, brand } = await organizationBrand(tx, session.orgId);
  if (!org.postal_address) problems.push({ kind: 'settings', message: 'Add the organisation’s postal address in Settings → Organisation: every marketing email must show it.' });
  const audience = await audienceSummary(tx, session, campaign.id);
  if (audience.receiving === 0) problems.push({ kind: 'audience', message: `Nobody in “${audience.segment.name}” can receive this campaign: see who is left out and why.` });
  else if (campaign.ab_test_percent && Math.floor((audience.receiving * campaign.ab_test_percent) / 200) < 1) {
    problems.push({ kind: 'audience', message: `An A/B test of ${campaign.ab_test_percent} % of ${audience.receiving} people leaves nobody in a group: test a larger share or a larger segment.` });
  }
  if (campaign.ab_subject_b) {
    const b = templatePropsIssues(campaign.template as EmailTemplateName, campaignProps({ ...content, subject: campaign.ab_subject_b }));
    for (const [path, messages] of Object.entries(b)) problems.push({ kind: 'content', message: `Subject B — ${path.replace(/^props\./, '')}: ${messages.join(', ')}` });
  }
  let links: string[] = [];
  if (Object.keys(issues).length === 0) {
    const rendered = await renderEmail(campaign.template as EmailTemplateName, completeProps(content, brand, null) as never);
    const bytes = Buffer.byteLength(rendered.html, 'utf8');
    if (bytes > GMAIL_CLIP_BYTES) problems.push({ kind: 'size', message: `The email is ${Math.ceil(bytes / 1024)} KB; Gmail clips anything over 102 KB, hiding the end and the unsubscribe link. Shorten it.` });
    links = [...new Set(linksOf(rendered.html).filter((link) => !link.startsWith('https://preview.invalid/')))];
    if (links.length > MAX_LINKS) {
      problems.push({ kind: 'link', message: `The email has ${links.length} different links; keep it to ${MAX_LINKS} at most.` });
      links = [];
    }
  }
  return { problems, receiving: audience.receiving, links };
}

/**
 * The final check. The database part runs in one short transaction; the links are requested
 * after it has committed (no connection or lock is held while other servers answer). When the
 * draft passes, what passed is recorded (system work: the digest of the content) — only if
 * the content is still what was checked — and only that content can then be scheduled.
 */
export async function checkCampaign(session: CrmSession, campaignId: string) {
  parseInput(id('Campaign'), campaignId);
  if (!(await takeRateLimit(`campaign-check:${session.userId}`, RATE_LIMITS.campaignChecksPerMember))) {
    throw new CrmError('rate_limited', 'You have run many checks in the last hour. Try again later.');
  }
  const { campaign, problems, receiving, links } = await inUserTransaction(session, async (tx) => {
    const row = await draftSegment(tx, session, campaignId, true);
    if (row.status !== 'draft') throw conflict(`This campaign is ${row.status}: only a draft is checked before it goes.`);
    return { campaign: row, ...(await problemsOf(tx, session, row)) };
  });
  for (const { problem } of await checkLinks(links)) problems.push({ kind: 'link', message: problem });
  if (problems.length === 0) {
    await asService('marketing: record a passed final check', (tx) =>
      tx
        .updateTable('campaigns')
        .set({ checked_digest: campaign.digest, checked_at: new Date() })
        .where('id', '=', campaignId)
        .where('status', '=', 'draft')
        .where(sql<boolean>`private.campaign_digest(campaigns) = ${campaign.digest}`)
        .execute(),
    );
  }
  return { problems, receiving };
}
