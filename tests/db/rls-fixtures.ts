/**
 * Rows for the RLS matrix, created as the owner in Northwind and in Contoso. Owned records
 * come in variants: owned by the acting sales rep ("mine"), by nobody ("unassigned"), by the
 * other rep ("others"), and a row of the other organisation ("foreign").
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ownerDb } from '../../lib/db/owner';
import { CONTOSO, NORTHWIND, orgId, type Staff, staff } from './support';

export const roles = ['admin', 'manager', 'sales', 'marketing', 'compliance', 'viewer'] as const;
export type Role = (typeof roles)[number];
export type Variant = 'mine' | 'unassigned' | 'others' | 'org' | 'self' | 'opportunity' | 'foreign';

export type World = {
  actors: Record<Role, Staff>;
  sales2: Staff;
  northwind: string;
  contoso: string;
  contosoAdmin: Staff;
  spareUserId: string;
  /** table → variant → id of a row that exists */
  rows: Record<string, Partial<Record<Variant, string>>>;
  /** table → variant → values for a new row */
  newRow: Record<string, Partial<Record<Variant, () => Record<string, unknown>>>>;
};

const unique = () => randomUUID().slice(0, 8);

async function insert(table: string, values: Record<string, unknown>): Promise<string> {
  const row = await ownerDb()
    .insertInto(table as 'leads')
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function buildWorld(): Promise<World> {
  const actors = {
    admin: await staff('admin@northwind.example'),
    manager: await staff('manager@northwind.example'),
    sales: await staff('sales1@northwind.example'),
    marketing: await staff('marketing@northwind.example'),
    compliance: await staff('compliance@northwind.example'),
    viewer: await staff('viewer@northwind.example'),
  };
  const sales2 = await staff('sales2@northwind.example');
  const contosoAdmin = await staff('admin@contoso.example');
  const northwind = await orgId(NORTHWIND);
  const contoso = await orgId(CONTOSO);
  const spareUserId = randomUUID();
  await sql`insert into identity."user" (id, name, email, "emailVerified") values (${spareUserId}, 'Spare Person', ${`spare-${unique()}@example.com`}, true)`.execute(ownerDb());

  const ownerOf: Record<string, [org: string, owner: string | null]> = {
    mine: [northwind, actors.sales.userId],
    unassigned: [northwind, null],
    others: [northwind, sales2.userId],
    org: [northwind, null],
    foreign: [contoso, null],
  };
  const orgOf = (variant: string) => (variant === 'foreign' ? contoso : northwind);

  // Shared parents in each organisation.
  const parents: Record<string, Record<string, string>> = {};
  for (const [key, org] of [['n', northwind], ['c', contoso]] as const) {
    const pipeline = await insert('pipelines', { org_id: org, name: `Matrix ${unique()}` });
    const stage = await insert('pipeline_stages', { org_id: org, pipeline_id: pipeline, name: 'Open', position: 0, probability: 20 });
    const course = await insert('courses', { org_id: org, code: `MTX-${unique()}`, title: 'Matrix course', level: 'foundation', duration_hours: 8, price: 100 });
    // The fixtures' bookings are on a session that has run: their exam results need one.
    const session = await insert('course_sessions', {
      org_id: org, course_id: course, starts_at: '2026-06-10T09:00:00Z', ends_at: '2026-06-10T17:00:00Z',
      delivery: 'online', meeting_url: 'https://meet.example.com/matrix', capacity: 50,
    });
    const session2 = await insert('course_sessions', {
      org_id: org, course_id: course, starts_at: '2027-02-10T09:00:00Z', ends_at: '2027-02-10T17:00:00Z',
      delivery: 'online', meeting_url: 'https://meet.example.com/matrix-2', capacity: 50,
    });
    const tag = await insert('tags', { org_id: org, name: `matrix-${unique()}` });
    parents[key] = { pipeline, stage, course, session, session2, tag };
  }
  const parent = (variant: string) => parents[variant === 'foreign' ? 'c' : 'n'] as Record<string, string>;

  const rows: World['rows'] = {};
  const newRow: World['newRow'] = {};
  const ownedVariants = ['mine', 'unassigned', 'others', 'foreign'] as const;

  const contactValues = (variant: string) => {
    const [org, owner] = ownerOf[variant] as [string, string | null];
    return { org_id: org, last_name: 'Matrix', email: `m-${unique()}@example.com`, owner_id: owner };
  };
  const contactIds: Record<string, string> = {};
  for (const v of ownedVariants) contactIds[v] = await insert('contacts', contactValues(v));
  rows.contacts = { ...contactIds };
  newRow.contacts = Object.fromEntries(ownedVariants.map((v) => [v, () => contactValues(v)]));

  const leadValues = (variant: string) => {
    const [org, owner] = ownerOf[variant] as [string, string | null];
    return { org_id: org, last_name: 'Matrix', company_name: 'Matrix Ltd', owner_id: owner };
  };
  rows.leads = {};
  for (const v of ownedVariants) rows.leads[v] = await insert('leads', leadValues(v));
  newRow.leads = Object.fromEntries(ownedVariants.map((v) => [v, () => leadValues(v)]));

  const accountValues = (variant: string) => {
    const [org, owner] = ownerOf[variant] as [string, string | null];
    return { org_id: org, name: `Matrix ${unique()} GmbH`, owner_id: owner };
  };
  rows.accounts = {};
  for (const v of ownedVariants) rows.accounts[v] = await insert('accounts', accountValues(v));
  newRow.accounts = Object.fromEntries(ownedVariants.map((v) => [v, () => accountValues(v)]));

  const opportunityValues = (variant: string) => {
    const [org, owner] = ownerOf[variant] as [string, string | null];
    const p = parent(variant);
    return { org_id: org, name: `Matrix deal ${unique()}`, pipeline_id: p.pipeline, stage_id: p.stage, owner_id: owner };
  };
  rows.opportunities = {};
  for (const v of ownedVariants) rows.opportunities[v] = await insert('opportunities', opportunityValues(v));
  newRow.opportunities = Object.fromEntries(ownedVariants.map((v) => [v, () => opportunityValues(v)]));

  // An activity of each variant sits on the contact of the same variant.
  const activityValues = (variant: string) => {
    const [org, owner] = ownerOf[variant] as [string, string | null];
    return { org_id: org, kind: 'call', subject: 'Matrix call', owner_id: owner, contact_id: contactIds[variant] };
  };
  rows.activities = {};
  for (const v of ownedVariants) rows.activities[v] = await insert('activities', activityValues(v));
  newRow.activities = Object.fromEntries(ownedVariants.map((v) => [v, () => activityValues(v)]));

  // Training records: "mine" belongs to a contact the rep owns, "others" to the other rep's.
  const trainingVariants = ['mine', 'others', 'foreign'] as const;
  // New enrollments go to a second session so they never collide with the fixture's booking.
  const enrollmentValues = (variant: string, session: 'session' | 'session2') => ({
    org_id: orgOf(variant),
    session_id: parent(variant)[session],
    contact_id: contactIds[variant],
    status: 'enrolled',
  });
  rows.enrollments = {};
  for (const v of trainingVariants) rows.enrollments[v] = await insert('enrollments', enrollmentValues(v, 'session'));
  newRow.enrollments = Object.fromEntries(trainingVariants.map((v) => [v, () => enrollmentValues(v, 'session2')]));

  const examValues = (variant: Variant) => ({
    org_id: orgOf(variant), enrollment_id: rows.enrollments?.[variant], score: 80, passed: true, taken_at: new Date(),
  });
  rows.exam_results = {};
  for (const v of trainingVariants) rows.exam_results[v] = await insert('exam_results', { ...examValues(v), attempt: 1 });
  newRow.exam_results = Object.fromEntries(trainingVariants.map((v) => [v, () => ({ ...examValues(v), attempt: 2 })]));

  const certificationValues = (variant: string) => ({
    org_id: orgOf(variant), contact_id: contactIds[variant], course_id: parent(variant).course,
    certificate_number: `MTX-${unique().toUpperCase()}`, issued_at: '2026-01-15', expires_at: '2028-01-15',
  });
  rows.certifications = {};
  for (const v of trainingVariants) rows.certifications[v] = await insert('certifications', certificationValues(v));
  newRow.certifications = Object.fromEntries(trainingVariants.map((v) => [v, () => certificationValues(v)]));

  // Organisation-wide configuration and catalogue: one "org" row and one "foreign" row.
  const orgVariants = ['org', 'foreign'] as const;
  const perOrg = async (table: string, values: (variant: string) => Record<string, unknown>) => {
    rows[table] = {};
    for (const v of orgVariants) (rows[table] as Record<string, string>)[v] = await insert(table, values(v));
    newRow[table] = Object.fromEntries(orgVariants.map((v) => [v, () => values(v)]));
  };
  await perOrg('pipelines', (v) => ({ org_id: orgOf(v), name: `Matrix ${unique()}` }));
  await perOrg('pipeline_stages', (v) => ({
    org_id: orgOf(v), pipeline_id: parent(v).pipeline, name: 'Stage', position: 1 + Math.floor(Math.random() * 1e6), probability: 50,
  }));
  await perOrg('courses', (v) => ({
    org_id: orgOf(v), code: `MTX-${unique()}`, title: 'Matrix course', level: 'advanced', duration_hours: 16, price: 900,
  }));
  await perOrg('course_sessions', (v) => ({
    org_id: orgOf(v), course_id: parent(v).course, starts_at: '2027-03-01T09:00:00Z', ends_at: '2027-03-02T17:00:00Z',
    delivery: 'in_person', location: 'Leeds training centre', capacity: 12,
  }));
  await perOrg('tags', (v) => ({ org_id: orgOf(v), name: `matrix-${unique()}` }));
  // Taggings on a lead the rep owns, on another rep's lead, on an unassigned opportunity
  // (marketing cannot read opportunities) and in the other organisation.
  const taggingTargets: Record<string, [org: string, column: 'lead_id' | 'opportunity_id', id: string | undefined]> = {
    mine: [northwind, 'lead_id', rows.leads.mine],
    others: [northwind, 'lead_id', rows.leads.others],
    opportunity: [northwind, 'opportunity_id', rows.opportunities.unassigned],
    foreign: [contoso, 'lead_id', rows.leads.foreign],
  };
  const secondTag = { n: await insert('tags', { org_id: northwind, name: `matrix-${unique()}` }), c: await insert('tags', { org_id: contoso, name: `matrix-${unique()}` }) };
  rows.taggings = {};
  newRow.taggings = {};
  for (const [variant, [org, column, id]] of Object.entries(taggingTargets)) {
    rows.taggings[variant as Variant] = await insert('taggings', { org_id: org, tag_id: parent(variant).tag, [column]: id });
    // A new tagging puts a second tag on the same record (one tag per record).
    newRow.taggings[variant as Variant] = () => ({ org_id: org, tag_id: variant === 'foreign' ? secondTag.c : secondTag.n, [column]: id });
  }
  await perOrg('invitations', (v) => ({
    org_id: orgOf(v), email: `invitee-${unique()}@example.com`, role: 'viewer', token_hash: unique() + unique(),
    expires_at: new Date(Date.now() + 86_400_000),
  }));

  rows.organizations = { org: northwind, foreign: contoso };
  newRow.organizations = { org: () => ({ name: 'New Org' }), foreign: () => ({ name: 'New Org' }) };

  // Memberships: another member's row, the acting user's own row, and a foreign one.
  rows.memberships = {};
  newRow.memberships = {
    org: () => ({ org_id: northwind, user_id: spareUserId, role: 'viewer', display_name: 'Spare Person', email: 'spare@example.com' }),
    foreign: () => ({ org_id: contoso, user_id: spareUserId, role: 'viewer', display_name: 'Spare Person', email: 'spare@example.com' }),
  };

  return { actors, sales2, northwind, contoso, contosoAdmin, spareUserId, rows, newRow };
}

/** Id of the membership row of a user in an org (for the "self" and "org" membership variants). */
export async function membershipId(userId: string, org: string): Promise<string> {
  const row = await ownerDb()
    .selectFrom('memberships')
    .select('id')
    .where('user_id', '=', userId)
    .where('org_id', '=', org)
    .executeTakeFirstOrThrow();
  return row.id;
}
