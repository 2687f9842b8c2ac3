/**
 * What a campaign sends, in one place: its props as the send path receives them (with the
 * campaign's own subject line and preheader), the organisation's brand as send-email fills
 * it in, and the content a new campaign starts from — the organisation's own name, courses
 * and next session, never a made-up company.
 */
import { sql } from 'kysely';
import { type EmailTemplateName, emailTemplates } from '../../supabase/functions/_shared/emails/index.ts';
import type { Tx } from '../db/session';
import { emailTimeZone, portalLinks } from '../learn/urls';
import { editableProps } from './template-props';

/** Matches send-email's default (supabase/functions/send-email/compose.ts). */
const DEFAULT_BRAND_COLOR = '#0F766E';

export type CampaignContent = { template: string; props: Record<string, unknown>; subject: string | null; preheader: string | null };

/** The props every send of this content gets before send-email adds brand, person and links. */
export function campaignProps(content: Pick<CampaignContent, 'props' | 'subject' | 'preheader'>): Record<string, unknown> {
  return {
    ...content.props,
    ...(content.subject ? { subjectLine: content.subject } : {}),
    ...(content.preheader ? { preheaderText: content.preheader } : {}),
  };
}

export type OrgBrandRow = { name: string; postal_address: string | null; brand_color: string | null; logo_url: string | null };

/** The brand exactly as send-email composes it from the organisation's settings. */
export function brandFromOrganization(org: OrgBrandRow) {
  return {
    orgName: org.name.slice(0, 80),
    // The preview must still render before the address is set; sending refuses it then.
    postalAddress: org.postal_address?.slice(0, 300) || 'Add your postal address in Settings → Organisation',
    brandColor: org.brand_color && /^#[0-9a-fA-F]{6}$/.test(org.brand_color) ? org.brand_color : DEFAULT_BRAND_COLOR,
    ...(org.logo_url && /^https?:\/\//.test(org.logo_url) ? { logoUrl: org.logo_url } : {}),
  };
}

export async function organizationBrand(tx: Tx, orgId: string) {
  const org = await tx.selectFrom('organizations').select(['name', 'postal_address', 'brand_color', 'logo_url']).where('id', '=', orgId).executeTakeFirstOrThrow();
  return { org, brand: brandFromOrganization(org) };
}

/** The organisation's next offered session, for starting content. */
async function nextSession(tx: Tx, orgId: string) {
  return tx
    .selectFrom('course_sessions as s')
    .innerJoin('courses as c', 'c.id', 's.course_id')
    .select(['s.id', 's.starts_at', 's.ends_at', 's.location', 's.delivery', 'c.title', 'c.code', 'c.description'])
    .where('s.org_id', '=', orgId)
    .where('s.deleted_at', 'is', null)
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>', sql<Date>`now()`)
    .where('c.is_active', '=', true)
    .where('c.deleted_at', 'is', null)
    .orderBy('s.starts_at')
    .limit(1)
    .executeTakeFirst();
}

/**
 * A new campaign's starting props for `template`: the template's own sample where the
 * organisation has nothing better, with every name, course, date and link replaced by the
 * organisation's own (its next session, its public catalogue).
 */
export async function startingProps(tx: Tx, orgId: string, template: EmailTemplateName): Promise<Record<string, unknown>> {
  const props = editableProps(template);
  const { org } = await organizationBrand(tx, orgId);
  const session = await nextSession(tx, orgId);
  const catalogue = portalLinks.catalogue(orgId);
  const courseUrl = session ? portalLinks.course(session.code, orgId) : catalogue;
  const courseTitle = session?.title.slice(0, 100) ?? `${org.name} courses`.slice(0, 100);
  // Links and names every marketing template may carry, by prop name.
  const own: Record<string, unknown> = {
    certificationName: courseTitle,
    programmeUrl: courseUrl,
    courseUrl,
    calculatorUrl: catalogue,
    dashboardUrl: portalLinks.home(),
    platformUrl: portalLinks.home(),
    helpCentreUrl: catalogue,
    progressUrl: catalogue,
    moreStoriesUrl: catalogue,
    programmeName: courseTitle,
  };
  for (const [key, value] of Object.entries(own)) if (key in props) props[key] = value;
  delete props.nextCohortStarts;
  if (template === 'course-announcement') {
    props.headline = session ? `New dates for ${session.title}`.slice(0, 120) : `Courses from ${org.name}`.slice(0, 120);
    props.body = session?.description
      ? `<p>${escapeHtml(session.description.slice(0, 1500))}</p>`
      : `<p>Places are open on our next courses. Book early: groups are small.</p>`;
    props.button = { label: 'Book your place', url: courseUrl };
    if (session) {
      props.session = {
        courseTitle,
        startsAt: session.starts_at.toISOString(),
        endsAt: session.ends_at.toISOString(),
        timeZone: emailTimeZone(),
        place: (session.location ?? (session.delivery === 'online' ? 'Online' : 'To be confirmed')).slice(0, 200),
      };
    } else {
      delete props.session;
    }
    delete props.image;
  }
  return props;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The organisation's upcoming sessions, for the editor's "Session" picker. */
export async function sessionChoices(tx: Tx, orgId: string) {
  const rows = await tx
    .selectFrom('course_sessions as s')
    .innerJoin('courses as c', 'c.id', 's.course_id')
    .select(['s.id', 's.starts_at', 's.ends_at', 's.location', 's.delivery', 'c.title'])
    .where('s.org_id', '=', orgId)
    .where('s.deleted_at', 'is', null)
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>', sql<Date>`now()`)
    .orderBy('s.starts_at')
    .limit(100)
    .execute();
  return rows.map((s) => ({
    id: s.id,
    label: `${s.title} — ${s.starts_at.toISOString().slice(0, 10)}`,
    value: {
      courseTitle: s.title.slice(0, 100),
      startsAt: s.starts_at.toISOString(),
      endsAt: s.ends_at.toISOString(),
      timeZone: emailTimeZone(),
      place: (s.location ?? (s.delivery === 'online' ? 'Online' : 'To be confirmed')).slice(0, 200),
    },
  }));
}

export const isCampaignTemplate = (name: string): name is EmailTemplateName => Object.hasOwn(emailTemplates, name) && emailTemplates[name as EmailTemplateName].category === 'marketing';
