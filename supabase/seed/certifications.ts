/**
 * Certificates: one for every passed exam of the seeded sessions, plus older certificates
 * imported from the previous system (no enrollment). The imported ones are what make the
 * renewal views interesting: a wave expiring in the next 90 days, some already expired.
 */
import type { Insertable } from 'kysely';
import type { Certifications, CertificationStatus } from '../../lib/db/types';
import type { ContactRec } from './people';
import { addDays, addMonths, DAY_MS, isoDate, maxDate } from './random';
import type { SeedContext } from './support';
import type { CourseRec, PassRec } from './training';

const revokedReasons = [
  'Exam irregularity confirmed by the awarding body',
  'Issued in error: the practical assessment was not completed',
] as const;

interface Draft {
  contactId: string;
  course: CourseRec;
  enrollmentId: string | null;
  issuedAt: Date;
  expiresAt: Date | null;
  status: CertificationStatus;
  revokedReason?: string;
}

export interface CertificationSummary {
  /** Contacts whose active certificate expires within 90 days: tagged "Renewal due". */
  renewalContactIds: string[];
}

/** Certificates imported from before the CRM: expiring soon, expired, or valid for a while yet. */
function imported(ctx: SeedContext, courses: CourseRec[], contacts: ContactRec[]): Draft[] {
  const { rng, now } = ctx;
  const expiring = courses.filter((course) => course.validityMonths !== null);
  if (expiring.length === 0) return [];
  const holders = contacts.filter((contact) => contact.trainee);
  const people = holders.length > 0 ? holders : contacts;
  const drafts: Draft[] = [];
  const total = ctx.count(110, 6);
  for (let i = 0; i < total; i++) {
    const course = rng.pick(expiring);
    const months = course.validityMonths ?? 24;
    // Cycle through the three kinds first so a tiny seed still has each of them.
    const kind = i < 3 ? (['soon', 'expired', 'later'] as const)[i] : rng.weighted({ soon: 50, expired: 32, later: 18 });
    let expiresAt: Date;
    if (kind === 'soon') expiresAt = addDays(now, rng.int(1, 88));
    else if (kind === 'expired') expiresAt = addDays(now, -rng.int(1, 500));
    else expiresAt = addMonths(addDays(now, -rng.int(13 * 30, (months - 3) * 30)), months);
    drafts.push({
      contactId: rng.pick(people).id,
      course,
      enrollmentId: null,
      issuedAt: addMonths(expiresAt, -months),
      expiresAt,
      status: kind === 'expired' ? 'expired' : 'active',
    });
  }
  return drafts;
}

export async function seedCertifications(
  ctx: SeedContext,
  courses: CourseRec[],
  contacts: ContactRec[],
  passes: PassRec[],
): Promise<CertificationSummary> {
  const { rng, now } = ctx;
  const earned: Draft[] = passes.map((pass) => {
    const expiresAt = pass.course.validityMonths === null ? null : addMonths(pass.passedAt, pass.course.validityMonths);
    return {
      contactId: pass.contactId,
      course: pass.course,
      enrollmentId: pass.enrollmentId,
      issuedAt: pass.passedAt,
      expiresAt,
      status: expiresAt && expiresAt <= now ? 'expired' : 'active',
    };
  });
  const drafts = [...imported(ctx, courses, contacts), ...earned].sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime());
  for (const draft of rng.sample(drafts.filter((d) => d.status === 'active'), Math.max(1, Math.round(2 * ctx.scale)))) {
    draft.status = 'revoked';
    draft.revokedReason = rng.pick(revokedReasons);
  }
  // Numbers run in issue order, as a real register would: NWT-PMF-000123.
  const cutover = addDays(now, -729);
  const rows: Insertable<Certifications>[] = drafts.map((draft, index) => ({
    org_id: ctx.orgId,
    contact_id: draft.contactId,
    course_id: draft.course.id,
    enrollment_id: draft.enrollmentId,
    certificate_number: `${ctx.profile.certificatePrefix}-${draft.course.code.split('-')[0]?.toUpperCase()}-${String(index + 1).padStart(6, '0')}`,
    issued_at: isoDate(draft.issuedAt),
    expires_at: draft.expiresAt ? isoDate(draft.expiresAt) : null,
    status: draft.status,
    revoked_reason: draft.revokedReason ?? null,
    // Imported certificates entered the CRM on the day it went live.
    created_at: maxDate(draft.issuedAt, cutover),
  }));
  await ctx.insert('certifications', rows);
  const horizon = now.getTime() + 90 * DAY_MS;
  const renewalContactIds = drafts
    .filter((draft) => draft.status === 'active' && draft.expiresAt && draft.expiresAt.getTime() <= horizon)
    .map((draft) => draft.contactId);
  return { renewalContactIds: [...new Set(renewalContactIds)] };
}
