/**
 * The public course catalogue (no sign-in): an organisation's active courses and their
 * upcoming sessions with the seats left, and booking a seat from it. Named service work, since
 * visitors have no identity; only the columns a public page shows leave the database.
 *
 * Booking never changes an existing person: the address is matched to a live contact of the
 * organisation, who gets the booking and a note of what the visitor typed; an unknown address
 * becomes a new contact. The seat (or a waitlist place when the session is full) is taken in
 * the same transaction, counted by the seat trigger under a lock on the session, so parallel
 * bookings for the last seats never overbook. Corporate enquiries become leads, the same way.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { hashBearerToken, newBearerToken } from '../auth/bearer-tokens';
import { CrmError, parseInput } from '../crm/errors';
import { asService, type Tx } from '../db/session';
import { sendEmail } from '../email/send';
import { RATE_LIMITS, takeRateLimit } from '../http/rate-limit';

const uuid = z.uuid();

export type CatalogueCourse = {
  id: string;
  org_id: string;
  code: string;
  title: string;
  description: string | null;
  level: string;
  duration_hours: number;
  price: string;
  currency: string;
  certification_validity_months: number | null;
};
export type CatalogueSession = { id: string; starts_at: Date; ends_at: Date; delivery: 'in_person' | 'online' | 'hybrid'; location: string | null; seats_left: number };
export type CatalogueOrg = { id: string; name: string; postal_address: string | null; brand_color: string | null; logo_url: string | null };

const courseColumns = sql`c.id, c.org_id, c.code::text as code, c.title, c.description, c.level::text as level, c.duration_hours::float8 as duration_hours,
  c.price::text as price, c.currency::text as currency, c.certification_validity_months`;

/** The organisation whose catalogue is asked for: the one named, or the only one with a catalogue. */
export async function catalogueOrg(orgId: string | undefined): Promise<CatalogueOrg | null> {
  const named = orgId && uuid.safeParse(orgId).success ? orgId : null;
  return asService('public catalogue: whose catalogue this is', async (tx) => {
    const { rows } = await sql<CatalogueOrg>`
      select o.id, o.name, o.postal_address, o.brand_color, o.logo_url from public.organizations o
       where (${named}::uuid is null or o.id = ${named}::uuid)
         and exists (select 1 from public.courses c where c.org_id = o.id and c.is_active and c.deleted_at is null)
       limit 2`.execute(tx);
    return rows.length === 1 ? (rows[0] as CatalogueOrg) : null;
  });
}

export async function catalogueCourses(orgId: string): Promise<(CatalogueCourse & { next_session: Date | null })[]> {
  return asService('public catalogue: list published courses', async (tx) => {
    const { rows } = await sql<CatalogueCourse & { next_session: Date | null }>`
      select ${courseColumns},
             (select min(s.starts_at) from public.course_sessions s
               where s.course_id = c.id and s.status = 'scheduled' and s.deleted_at is null and s.starts_at > now()) as next_session
        from public.courses c
       where c.org_id = ${orgId} and c.is_active and c.deleted_at is null
       order by c.title limit 500`.execute(tx);
    return rows;
  });
}

async function upcomingSessions(tx: Tx, courseId: string, sessionId?: string): Promise<CatalogueSession[]> {
  const { rows } = await sql<CatalogueSession>`
    select s.id, s.starts_at, s.ends_at, s.delivery, s.location,
           greatest(s.capacity - (select count(*) from public.enrollments e where e.session_id = s.id and private.takes_seat(e.status))::int, 0) as seats_left
      from public.course_sessions s
     where s.course_id = ${courseId} and s.status = 'scheduled' and s.deleted_at is null and s.starts_at > now()
       and (${sessionId ?? null}::uuid is null or s.id = ${sessionId ?? null}::uuid)
     order by s.starts_at limit 50`.execute(tx);
  return rows;
}

/** A published course by its code, with its upcoming sessions; null when there is none (or it is not unique without an organisation). */
export async function catalogueCourse(code: string, orgId: string | undefined) {
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{1,29}$/.test(code)) return null;
  const named = orgId && uuid.safeParse(orgId).success ? orgId : null;
  return asService('public catalogue: one published course and its dates', async (tx) => {
    const { rows } = await sql<CatalogueCourse>`
      select ${courseColumns} from public.courses c
       where c.code = ${code} and c.is_active and c.deleted_at is null and (${named}::uuid is null or c.org_id = ${named}::uuid)
       limit 2`.execute(tx);
    if (rows.length !== 1) return null;
    const course = rows[0] as CatalogueCourse;
    return { course, sessions: await upcomingSessions(tx, course.id) };
  });
}

const name = (what: string, max: number) => z.string().trim().min(1, { error: `Enter your ${what}.` }).max(max, { error: `Your ${what} can be at most ${max} characters.` });

export const seatBookingSchema = z.object({
  session_id: z.uuid({ error: 'Choose a date.' }),
  first_name: name('first name', 100),
  last_name: name('last name', 100),
  email: z.string().trim().max(254, { error: 'That email address is too long.' }).pipe(z.email({ error: 'Enter your email address, like name@example.com.' })),
  company: z.string().trim().max(200, { error: 'A company name can be at most 200 characters.' }).optional().transform((v) => v || undefined),
  marketing_consent: z.boolean().default(false),
});

/** The consent sentence next to the checkbox: stored with the confirmation as what the person agreed to. */
export const catalogueConsentText = (orgName: string) => `Yes, ${orgName} may email me about new courses, dates and offers. I can unsubscribe at any time.`;

export type SeatBooking = { status: 'enrolled' | 'waitlisted'; courseTitle: string; startsAt: Date; email: string };
export type VisitorMeta = { ip: string | null; userAgent: string | null };

/**
 * Books the visitor on the session: their contact (found or created), a seat or a waitlist
 * place, and — when they ticked the box — a consent confirmation email (double opt-in: the
 * tick alone grants nothing). An address already booked on the session gets the answer a new
 * booking would, and nothing is written: the page never tells a visitor who else is booked.
 */
export async function bookPublicSeat(input: unknown, meta: VisitorMeta): Promise<SeatBooking> {
  const booking = parseInput(seatBookingSchema, input);
  const email = booking.email.toLowerCase();
  if (
    !(await takeRateLimit(`catalogue-booking:client:${meta.ip ?? 'unknown'}`, RATE_LIMITS.catalogueBookingsPerClient)) ||
    !(await takeRateLimit(`catalogue-booking:address:${email}`, RATE_LIMITS.catalogueBookingsPerAddress))
  ) {
    throw new CrmError('conflict', 'Too many bookings from your connection. Please try again in a few minutes.');
  }
  const done = await asService('public catalogue: a visitor books a seat', async (tx) => {
    const { rows } = await sql<{ org_id: string; org_name: string; course_id: string; title: string; starts_at: Date }>`
      select s.org_id, o.name as org_name, c.id as course_id, c.title, s.starts_at
        from public.course_sessions s join public.courses c on c.id = s.course_id join public.organizations o on o.id = s.org_id
       where s.id = ${booking.session_id} and s.status = 'scheduled' and s.deleted_at is null and s.starts_at > now()
         and c.is_active and c.deleted_at is null`.execute(tx);
    const session = rows[0];
    if (!session) throw new CrmError('not_found', 'This date is no longer open for booking. Please choose another.');
    const erasedBefore = (await sql<{ e: boolean }>`select private.was_erased(${session.org_id}::uuid, ${email}) as e`.execute(tx)).rows[0]?.e ?? false;
    const existing = await tx
      .selectFrom('contacts')
      .select(['id', 'owner_id', 'first_name', 'last_name'])
      .where('org_id', '=', session.org_id)
      .where('email', '=', email)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    const contactId =
      existing?.id ??
      (
        await tx
          .insertInto('contacts')
          .values({ org_id: session.org_id, first_name: booking.first_name, last_name: booking.last_name, email, source: 'website' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const already = await tx
      .selectFrom('enrollments')
      .select('status')
      .where('session_id', '=', booking.session_id)
      .where('contact_id', '=', contactId)
      .where('status', 'in', ['enrolled', 'waitlisted'])
      .executeTakeFirst();
    const result = { courseTitle: session.title, startsAt: session.starts_at, email, orgId: session.org_id, orgName: session.org_name, contactId };
    // Already booked: the answer a new booking would get now (a seat if one is left), so the
    // page tells nobody whether this address holds a place. Nothing is written or sent.
    const asIfNew = async () => ({ ...result, status: (await seatsLeft(tx, booking.session_id)) > 0 ? ('enrolled' as const) : ('waitlisted' as const), confirmation: null });
    if (already) return asIfNew();
    const status = await takeSeat(tx, session.org_id, booking.session_id, contactId);
    if (!status) return asIfNew();
    const typed = [`Name: ${booking.first_name} ${booking.last_name}`, ...(booking.company ? [`Company: ${booking.company}`] : [])];
    await tx
      .insertInto('activities')
      .values({
        org_id: session.org_id,
        kind: 'note',
        contact_id: contactId,
        owner_id: existing?.owner_id ?? null,
        subject: `Booked ${session.title} in the public course catalogue${status === 'waitlisted' ? ' (waiting list)' : ''}`.slice(0, 300),
        body: [
          existing ? 'The visitor gave an address we already knew; Cohort changed nothing on the contact. What they typed:' : 'What the visitor typed:',
          ...typed,
          ...(erasedBefore ? ['', 'This address belonged to a person erased earlier at their request.'] : []),
        ].join('\n'),
      })
      .execute();
    // One address cannot be used to flood someone's inbox with confirmation emails (as on lead forms).
    const mayAsk =
      booking.marketing_consent &&
      ((
        await sql<{ allowed: boolean }>`select private.take_rate_limit(${`consent-confirmation:catalogue:${email}`}, ${RATE_LIMITS.consentConfirmationEmails.max}, ${RATE_LIMITS.consentConfirmationEmails.windowSeconds}) as allowed`.execute(tx)
      ).rows[0]?.allowed ?? false);
    const confirmation = mayAsk ? await askForConsent(tx, session.org_id, contactId, session.org_name, meta) : null;
    return { ...result, status, confirmation };
  });
  if (done.confirmation) {
    await sendEmail(
      { system: 'public catalogue: ask the visitor to confirm their consent (double opt-in)' },
      {
        org_id: done.orgId,
        template: 'consent-confirmation',
        category: 'transactional',
        contact_id: done.contactId,
        idempotency_key: `consent-confirmation:${done.confirmation.id}`,
        props: {
          confirmUrl: `${(process.env.APP_URL ?? 'http://localhost:3000').replace(/\/+$/, '')}/confirm-consent/${done.confirmation.token}`,
          consentText: catalogueConsentText(done.orgName),
          formName: 'Course booking',
          recipient: { firstName: booking.first_name },
        },
      },
    ).catch((error: unknown) => console.error('[catalogue] consent confirmation email failed', error));
  }
  return { status: done.status, courseTitle: done.courseTitle, startsAt: done.startsAt, email: done.email };
}

async function seatsLeft(tx: Tx, sessionId: string): Promise<number> {
  const { rows } = await sql<{ left: number }>`
    select s.capacity - (select count(*) from public.enrollments e where e.session_id = s.id and private.takes_seat(e.status))::int as left
      from public.course_sessions s where s.id = ${sessionId}`.execute(tx);
  return rows[0]?.left ?? 0;
}

/**
 * A seat if one is left, else a waitlist place: the seat trigger refuses the seat under the
 * session's lock. Null when a booking of the same person landed first (two tabs at once).
 */
async function takeSeat(tx: Tx, orgId: string, sessionId: string, contactId: string): Promise<SeatBooking['status'] | null> {
  const attempt = async (status: 'enrolled' | 'waitlisted') => {
    await sql`savepoint take_seat`.execute(tx);
    try {
      await tx
        .insertInto('enrollments')
        .values({ org_id: orgId, session_id: sessionId, contact_id: contactId, status, waitlisted_at: status === 'waitlisted' ? sql<Date>`now()` : null })
        .execute();
      await sql`release savepoint take_seat`.execute(tx);
      return 'done' as const;
    } catch (error) {
      const constraint = (error as { constraint?: string }).constraint;
      if (constraint !== 'enrollments_session_capacity' && constraint !== 'enrollments_one_per_session') throw error;
      await sql`rollback to savepoint take_seat`.execute(tx);
      return constraint === 'enrollments_one_per_session' ? ('taken' as const) : ('full' as const);
    }
  };
  const seat = await attempt('enrolled');
  if (seat === 'done') return 'enrolled';
  if (seat === 'taken') return null;
  return (await attempt('waitlisted')) === 'done' ? 'waitlisted' : null;
}

async function askForConsent(tx: Tx, orgId: string, contactId: string, orgName: string, meta: VisitorMeta) {
  const token = newBearerToken();
  const row = await tx
    .insertInto('consent_confirmations')
    .values({
      org_id: orgId,
      contact_id: contactId,
      purpose: 'marketing_email',
      token_hash: hashBearerToken(token),
      text_shown: catalogueConsentText(orgName),
      proof: JSON.stringify({ form_name: 'Course booking (public catalogue)', submitted_ip: meta.ip, submitted_user_agent: meta.userAgent }),
      expires_at: sql<Date>`now() + interval '7 days'`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

export const groupEnquirySchema = z.object({
  course_id: z.uuid({ error: 'Choose a course.' }),
  first_name: name('first name', 100),
  last_name: name('last name', 100),
  email: seatBookingSchema.shape.email,
  company: name('company', 200),
  seats: z.coerce.number({ error: 'Enter how many people.' }).int({ error: 'Enter a whole number of people.' }).min(2, { error: 'A group is two people or more.' }).max(500, { error: 'For more than 500 people, write to us.' }),
  message: z.string().trim().max(2000, { error: 'A message can be at most 2,000 characters.' }).optional().transform((v) => v || undefined),
});

/** A company asks for a group: a new lead, or a note on the lead that already has this address (never changed). */
export async function sendGroupEnquiry(input: unknown, meta: VisitorMeta): Promise<void> {
  const enquiry = parseInput(groupEnquirySchema, input);
  const email = enquiry.email.toLowerCase();
  if (
    !(await takeRateLimit(`catalogue-enquiry:client:${meta.ip ?? 'unknown'}`, RATE_LIMITS.catalogueBookingsPerClient)) ||
    !(await takeRateLimit(`catalogue-enquiry:address:${email}`, RATE_LIMITS.catalogueBookingsPerAddress))
  ) {
    throw new CrmError('conflict', 'Too many enquiries from your connection. Please try again in a few minutes.');
  }
  await asService('public catalogue: a company asks for a group booking', async (tx) => {
    const course = await tx.selectFrom('courses').select(['org_id', 'title']).where('id', '=', enquiry.course_id).where('is_active', '=', true).where('deleted_at', 'is', null).executeTakeFirst();
    if (!course) throw new CrmError('not_found', 'This course is no longer in the catalogue.');
    const existing = await tx.selectFrom('leads').select(['id', 'owner_id']).where('org_id', '=', course.org_id).where('email', '=', email).where('deleted_at', 'is', null).orderBy('created_at').executeTakeFirst();
    const leadId =
      existing?.id ??
      (
        await tx
          .insertInto('leads')
          .values({ org_id: course.org_id, first_name: enquiry.first_name, last_name: enquiry.last_name, email, company_name: enquiry.company, source: 'website' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    await tx
      .insertInto('activities')
      .values({
        org_id: course.org_id,
        kind: 'note',
        lead_id: leadId,
        owner_id: existing?.owner_id ?? null,
        subject: `Group enquiry: ${enquiry.seats} people for ${course.title}`.slice(0, 300),
        body: [
          ...(existing ? ['The enquiry came from an address we already knew; Cohort changed nothing on the lead. What they typed:'] : []),
          `Name: ${enquiry.first_name} ${enquiry.last_name}`,
          `Company: ${enquiry.company}`,
          `People: ${enquiry.seats}`,
          ...(enquiry.message ? ['', enquiry.message] : []),
        ].join('\n'),
      })
      .execute();
  });
}
