/**
 * The working history on top of the records: calls, meetings, notes, emails and tasks (some
 * overdue, some upcoming, some done), and tags applied where a real team would apply them.
 */
import type { Insertable } from 'kysely';
import type { ActivityKind, Activities, Taggings } from '../../lib/db/types';
import type { AccountRec, ContactRec } from './people';
import { addDays, maxDate, minDate, type Rng } from './random';
import type { LeadRec, OpportunityRec } from './sales';
import type { SeedContext } from './support';

const subjects: Record<ActivityKind, readonly string[]> = {
  call: [
    'Discovery call about {course}', 'Follow-up call on the proposal', 'Call about delegate numbers for {course}',
    'Left a voicemail, will try again on Thursday', "Call with L&D about next year's training plan",
    'Checked availability for the {course} dates', 'Qualification call',
  ],
  email: [
    'Sent {course} brochure and dates', 'Sent proposal with volume pricing', 'Emailed joining instructions',
    'Shared exam results and next steps', 'Sent renewal options for expiring certificates', 'Replied to pricing question',
  ],
  meeting: [
    'Training needs workshop', 'Quarterly account review', 'Lunch with the PMO lead',
    'Scoping session for an in-house {course} run', 'Walkthrough of the online classroom',
  ],
  note: [
    'Budget approved for next quarter', 'Prefers online delivery for remote teams', 'Procurement requires three quotes',
    'Decision sits with the CIO; our contact is the champion', 'Asked about paying with apprenticeship levy funds',
    'A competitor quoted about 15% lower',
  ],
  task: [
    'Send proposal for {course}', 'Chase the purchase order', 'Confirm the delegate list', 'Book a room for the in-house session',
    'Follow up on webinar attendance', 'Renewal reminder: certificates expiring', 'Prepare a quote for {course}', 'Call back about dates',
  ],
};

const bodies = [
  'They want to train about a dozen people before the end of the financial year.',
  'Main concern is time away from projects; two-day formats go down better than three.',
  'Happy with the last cohort; the exam pass rate was mentioned twice.',
  'Needs sign-off from finance before the PO can be raised.',
  'Asked whether the exam can be taken online with a remote proctor.',
  'Interested in a blended option: e-learning first, then two live days.',
  'Will share the list of delegates once managers have confirmed.',
  'Prefers dates in the second half of the month.',
] as const;

function subject(rng: Rng, kind: ActivityKind, courses: readonly string[]): string {
  return rng.pick(subjects[kind]).replace('{course}', rng.pick(courses));
}

interface Target {
  link: Pick<Insertable<Activities>, 'contact_id' | 'account_id' | 'lead_id' | 'opportunity_id'>;
  ownerId: string | null;
  createdAt: Date;
}

export async function seedActivities(
  ctx: SeedContext,
  contacts: ContactRec[],
  leads: LeadRec[],
  opportunities: OpportunityRec[],
): Promise<void> {
  const { rng, now } = ctx;
  const courses = ctx.profile.courses.map((course) => course.short);
  const target = (): Target => {
    const roll = rng.float();
    if (roll < 0.3 && opportunities.length > 0) {
      const o = rng.pick(opportunities);
      return { link: { opportunity_id: o.id, account_id: o.accountId, contact_id: o.contactId }, ownerId: o.ownerId, createdAt: o.createdAt };
    }
    if (roll < 0.6 && leads.length > 0) {
      const l = rng.pick(leads);
      return { link: { lead_id: l.id }, ownerId: l.ownerId, createdAt: l.createdAt };
    }
    const c = rng.pick(contacts);
    return { link: { contact_id: c.id, account_id: c.accountId }, ownerId: c.ownerId, createdAt: c.createdAt };
  };
  // The first rows fix one of each kind and each task state, so a tiny seed shows them all.
  const fixed: (readonly [ActivityKind, string?])[] = [
    ['task', 'overdue'], ['task', 'upcoming'], ['task', 'done'], ['call'], ['meeting'], ['note'], ['email'],
  ];
  const rows: Insertable<Activities>[] = [];
  for (let i = 0; i < ctx.count(1500, fixed.length); i++) {
    const [kind, state] = fixed[i] ?? [rng.weighted<ActivityKind>({ call: 25, email: 15, meeting: 15, note: 20, task: 25 })];
    const on = target();
    const createdAt = maxDate(rng.officeHours(rng.date(on.createdAt, now), now), on.createdAt);
    const row: Insertable<Activities> = {
      org_id: ctx.orgId,
      kind,
      subject: subject(rng, kind, courses),
      body: kind === 'task' || rng.chance(0.3) ? null : rng.pick(bodies),
      occurred_at: createdAt,
      owner_id: ctx.actor(on.ownerId),
      ...on.link,
      created_at: createdAt,
    };
    if (kind === 'task') {
      const taskState = state ?? rng.weighted({ overdue: 30, upcoming: 35, done: 35 });
      if (taskState === 'upcoming') {
        row.due_at = rng.officeHours(addDays(now, rng.int(0, 45)), addDays(now, 60));
      } else if (taskState === 'overdue') {
        row.due_at = maxDate(rng.officeHours(rng.date(maxDate(createdAt, addDays(now, -40)), now), now), createdAt);
      } else {
        const due = rng.officeHours(addDays(createdAt, rng.int(1, 20)), addDays(now, 60));
        row.due_at = due;
        row.completed_at = maxDate(rng.officeHours(rng.date(createdAt, minDate(due, now)), now), createdAt);
      }
    }
    rows.push(row);
  }
  await ctx.insert('activities', rows);
}

const tagColors: Record<string, string> = {
  Corporate: '#2563eb', 'Renewal due': '#d97706', VIP: '#7c3aed', 'Webinar 2026': '#0891b2', 'Public sector': '#059669',
  Newsletter: '#64748b', 'Hot lead': '#dc2626', 'Budget approved': '#16a34a', Partner: '#db2777',
};

export async function seedTags(
  ctx: SeedContext,
  records: { accounts: AccountRec[]; contacts: ContactRec[]; leads: LeadRec[]; opportunities: OpportunityRec[] },
  renewalContactIds: string[],
): Promise<void> {
  const { rng, now } = ctx;
  const names = Object.keys(tagColors);
  const tags = await ctx.insertRecords(
    'tags',
    names.map((name) => ({ org_id: ctx.orgId, name, color: tagColors[name] ?? null, created_at: addDays(now, -700) })),
    names.map((name) => ({ name })),
  );
  const tagId = new Map(tags.map((tag) => [tag.name, tag.id]));
  const rows: Insertable<Taggings>[] = [];
  const tag = (name: string, link: Partial<Insertable<Taggings>>, since: Date) => {
    const id = tagId.get(name);
    if (id) rows.push({ org_id: ctx.orgId, tag_id: id, ...link, created_at: rng.date(since, now) });
  };
  const publicSector = new Set(['Public Sector', 'Education', 'Non-profit']);
  for (const a of records.accounts) {
    if (a.isClient && rng.chance(0.8)) tag('Corporate', { account_id: a.id }, a.createdAt);
    if (publicSector.has(a.industry)) tag('Public sector', { account_id: a.id }, a.createdAt);
    if (rng.chance(0.08)) tag('VIP', { account_id: a.id }, a.createdAt);
    if (rng.chance(0.04)) tag('Partner', { account_id: a.id }, a.createdAt);
  }
  const renewal = new Set(renewalContactIds);
  for (const c of records.contacts) {
    if (renewal.has(c.id)) tag('Renewal due', { contact_id: c.id }, c.createdAt);
    if (rng.chance(0.03)) tag('VIP', { contact_id: c.id }, c.createdAt);
    if (rng.chance(0.12)) tag('Newsletter', { contact_id: c.id }, c.createdAt);
    if (rng.chance(0.06)) tag('Webinar 2026', { contact_id: c.id }, c.createdAt);
  }
  for (const l of records.leads) {
    if (l.source === 'webinar' || rng.chance(0.05)) tag('Webinar 2026', { lead_id: l.id }, l.createdAt);
    if (l.score >= 80 && (l.status === 'working' || l.status === 'qualified')) tag('Hot lead', { lead_id: l.id }, l.createdAt);
  }
  for (const o of records.opportunities) {
    if (o.status === 'open' && rng.chance(0.25)) tag('Budget approved', { opportunity_id: o.id }, o.createdAt);
  }
  await ctx.insert('taggings', rows);
}
