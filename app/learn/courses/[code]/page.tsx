import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BookSeatForm } from '@/components/learn/book-seat-form';
import { GroupEnquiryForm } from '@/components/learn/group-enquiry-form';
import { PortalSection, PortalShell } from '@/components/learn/portal-shell';
import { formatDateTimeIn, formatMoney } from '@/lib/format';
import { catalogueConsentText, catalogueCourse, catalogueOrg } from '@/lib/learn/catalogue';
import { emailTimeZone, learnerPaths, safeDecode } from '@/lib/learn/urls';

export const metadata: Metadata = { title: 'Course' };

const levels: Record<string, string> = { foundation: 'Foundation', practitioner: 'Practitioner', advanced: 'Advanced', expert: 'Expert' };
const delivery = { in_person: 'Classroom', online: 'Live online', hybrid: 'Classroom or online' } as const;

export default async function CatalogueCoursePage({ params, searchParams }: { params: Promise<{ code: string }>; searchParams: Promise<{ org?: string }> }) {
  const { code } = await params;
  const { org: orgId } = await searchParams;
  const found = await catalogueCourse(safeDecode(code), orgId);
  if (!found) notFound();
  const { course, sessions } = found;
  const org = await catalogueOrg(course.org_id);
  const zone = emailTimeZone();
  return (
    <PortalShell org={org} signedIn={false} area="Courses">
      <div className="space-y-1">
        <Link href={learnerPaths.catalogue(course.org_id)} className="text-sm font-medium text-accent underline">
          All courses
        </Link>
        <h1 className="text-2xl font-semibold">{course.title}</h1>
        <p className="text-sm text-slate-600">
          {course.code} · {levels[course.level] ?? course.level} · {course.duration_hours} hours · {formatMoney(course.price, course.currency)}
          {course.certification_validity_months ? ` · certificate valid ${course.certification_validity_months} months` : ''}
        </p>
      </div>
      {course.description ? (
        <PortalSection title="About this course">
          <p className="whitespace-pre-line text-sm">{course.description}</p>
        </PortalSection>
      ) : null}
      <PortalSection title="Book a seat" testId="course-sessions">
        {sessions.length ? (
          <BookSeatForm
            consentText={catalogueConsentText(org?.name ?? 'We')}
            sessions={sessions.map((s) => ({
              id: s.id,
              label: formatDateTimeIn(s.starts_at, zone),
              detail: s.delivery === 'online' ? delivery.online : `${delivery[s.delivery]}, ${s.location ?? 'place to be confirmed'}`,
              seatsLeft: s.seats_left,
            }))}
          />
        ) : (
          <p className="text-sm text-slate-600">No dates are open right now. Ask below and we will tell you when the next one is.</p>
        )}
      </PortalSection>
      <PortalSection title="Booking for a team?">
        <details className="group space-y-4">
          <summary className="min-h-10 cursor-pointer content-center text-sm font-medium text-accent underline">
            Ask for a date for your team alone, at your office or online, with a group price
          </summary>
          <div className="pt-4">
            <GroupEnquiryForm courseId={course.id} />
          </div>
        </details>
      </PortalSection>
    </PortalShell>
  );
}
