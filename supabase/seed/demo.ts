/**
 * Demo data: "Northwind Training", a European training company with two years of CRM history,
 * and "Contoso Academy", a small second tenant that shows organisations never see each other.
 *
 * Idempotent by organisation name, so `npm start` can call it on every boot. Staff users are
 * created through better-auth first (password hashes are better-auth's business and its own
 * connection); everything else is written in one owner transaction, all or nothing.
 */
import { sql } from 'kysely';
import { createUserWithPassword, findUserIdByEmail } from '../../lib/auth/staff';
import { ownerDb } from '../../lib/db/owner';
import type { MemberRole } from '../../lib/db/types';
import { contoso, northwind, type OrgProfile, type StaffDef } from './catalog';
import { seedCertifications } from './certifications';
import { seedAccounts, seedContacts } from './people';
import { addDays, Rng } from './random';
import { seedLeads, seedOpportunities, seedPipelines } from './sales';
import { SeedContext, type Team } from './support';
import { seedActivities, seedTags } from './timeline';
import { seedCourses, seedEnrollments, seedSessions } from './training';

export const DEMO_PASSWORD = 'cohort-demo-2026';

const organizations: readonly OrgProfile[] = [northwind, contoso];

export const demoLogins: { email: string; role: MemberRole; name: string; org: string }[] = organizations.flatMap((org) =>
  org.staff.map((staff) => ({ email: staff.email, role: staff.role, name: staff.name, org: org.name })),
);

/** Any fixed number: the same seed gives the same names, companies and deals on every machine. */
const PRNG_SEED = 20_261_121;

/** Reuses a staff user left by an earlier, failed run or created by a concurrent one. */
async function ensureUser(staff: StaffDef): Promise<string> {
  const existing = await findUserIdByEmail(staff.email);
  if (existing) return existing;
  try {
    return await createUserWithPassword({ email: staff.email, name: staff.name, password: DEMO_PASSWORD });
  } catch (error) {
    const raced = await findUserIdByEmail(staff.email);
    if (raced) return raced;
    throw error;
  }
}

async function seedOrganization(ctx: SeedContext): Promise<void> {
  const name = ctx.profile.name;
  const step = async <T>(label: string, work: () => Promise<T>, size: (result: T) => number | string): Promise<T> => {
    const started = performance.now();
    const result = await work();
    ctx.log(`[seed] ${name}: ${label} ${size(result)} (${Math.round(performance.now() - started)} ms)`);
    return result;
  };
  const accounts = await step('accounts', () => seedAccounts(ctx), (r) => r.length);
  const contacts = await step('contacts', () => seedContacts(ctx, accounts), (r) => r.length);
  const pipelines = await step('pipelines', () => seedPipelines(ctx), (r) => r.length);
  const opportunities = await step('opportunities', () => seedOpportunities(ctx, pipelines, accounts, contacts), (r) => r.length);
  const leads = await step('leads', () => seedLeads(ctx, accounts, contacts, opportunities), (r) => r.length);
  const courses = await step('courses', () => seedCourses(ctx), (r) => r.length);
  const sessions = await step('sessions', () => seedSessions(ctx, courses), (r) => r.length);
  const passes = await step('enrollments, passed exams', () => seedEnrollments(ctx, sessions, contacts, accounts), (r) => r.length);
  const certificates = await step('certifications, renewals due', () => seedCertifications(ctx, courses, contacts, passes), (r) => r.renewalContactIds.length);
  await step('activities', () => seedActivities(ctx, contacts, leads, opportunities), () => 'done');
  await step('tags', () => seedTags(ctx, { accounts, contacts, leads, opportunities }, certificates.renewalContactIds), () => 'done');
}

function team(profile: OrgProfile, userIds: Map<string, string>): Team {
  const idOf = (role: MemberRole) => profile.staff.filter((s) => s.role === role).map((s) => userIds.get(s.email) ?? '');
  const managerId = idOf('manager')[0] ?? idOf('admin')[0];
  const repIds = idOf('sales');
  if (!managerId || repIds.length === 0) throw new Error(`seed: ${profile.name} needs a manager or admin and a sales rep`);
  return { managerId, repIds };
}

export async function seedDemo(options: { scale?: number; log?: (msg: string) => void } = {}): Promise<{ created: boolean }> {
  const scale = options.scale ?? 1;
  const log = options.log ?? (() => {});
  if (!(scale > 0 && Number.isFinite(scale))) throw new Error(`seed: scale must be a positive number, got ${scale}`);
  const db = ownerDb();
  const seeded = async (executor: Pick<typeof db, 'selectFrom'>) =>
    (await executor.selectFrom('organizations').select('id').where('name', '=', northwind.name).executeTakeFirst()) !== undefined;
  if (await seeded(db)) {
    log(`[seed] ${northwind.name} already exists; nothing to do`);
    return { created: false };
  }

  const started = performance.now();
  const userIds = new Map<string, string>();
  for (const staff of organizations.flatMap((org) => org.staff)) userIds.set(staff.email, await ensureUser(staff));
  log(`[seed] ${userIds.size} staff users ready (${Math.round(performance.now() - started)} ms)`);

  // Dates are relative to the start of today, so the demo always has upcoming sessions and
  // certificates about to expire, whenever it is seeded.
  const now = new Date();
  now.setUTCHours(0, 0, 0, 0);
  const created = await db.transaction().execute(async (tx) => {
    // Two processes booting at once (parallel test workers) must not both seed.
    await sql`select pg_advisory_xact_lock(hashtext('cohort:seed-demo'))`.execute(tx);
    if (await seeded(tx)) return false;
    for (const [index, profile] of organizations.entries()) {
      const since = addDays(now, -731);
      const org = await tx
        .insertInto('organizations')
        .values({
          name: profile.name,
          postal_address: profile.postalAddress,
          brand_color: profile.brandColor,
          default_currency: profile.currency,
          created_at: since,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('memberships')
        .values(
          profile.staff.map((staff) => ({
            org_id: org.id,
            user_id: userIds.get(staff.email) ?? '',
            role: staff.role,
            display_name: staff.name,
            email: staff.email,
            created_at: since,
          })),
        )
        .execute();
      const ctx = new SeedContext(tx, new Rng(PRNG_SEED + index), org.id, profile, scale, now, team(profile, userIds), log);
      await seedOrganization(ctx);
    }
    return true;
  });
  log(`[seed] ${created ? 'demo data created' : 'seeded concurrently by another process'} in ${Math.round(performance.now() - started)} ms`);
  return { created };
}
