import type { Metadata } from 'next';
import Link from 'next/link';
import { PortalSection, PortalShell } from '@/components/learn/portal-shell';
import { formatDate, formatMoney } from '@/lib/format';
import { catalogueCourses, catalogueOrg } from '@/lib/learn/catalogue';
import { learnerPaths } from '@/lib/learn/urls';

export const metadata: Metadata = { title: 'Courses' };

const levels: Record<string, string> = { foundation: 'Foundation', practitioner: 'Practitioner', advanced: 'Advanced', expert: 'Expert' };

/** The public catalogue of one organisation: `?org=` names it when the deployment holds several. */
export default async function CataloguePage({ searchParams }: { searchParams: Promise<{ org?: string }> }) {
  const { org: orgId } = await searchParams;
  const org = await catalogueOrg(orgId);
  if (!org) {
    return (
      <PortalShell org={null} signedIn={false} area="Courses">
        <h1 className="text-2xl font-semibold">Courses</h1>
        <p className="text-sm text-slate-600">Open the course catalogue from your training provider’s website or one of their emails.</p>
      </PortalShell>
    );
  }
  const courses = await catalogueCourses(org.id);
  return (
    <PortalShell org={org} signedIn={false} area="Courses">
      <h1 className="text-2xl font-semibold">Courses</h1>
      <PortalSection title={`${courses.length} ${courses.length === 1 ? 'course' : 'courses'}`} testId="catalogue">
        <ul className="divide-y divide-slate-200">
          {courses.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
              <div>
                <Link href={learnerPaths.course(c.code, org.id)} className="font-medium text-accent underline">
                  {c.title}
                </Link>
                <p className="text-sm text-slate-600">
                  {levels[c.level] ?? c.level} · {c.duration_hours} hours · {formatMoney(c.price, c.currency)}
                </p>
              </div>
              <span className="text-sm text-slate-600">{c.next_session ? `Next: ${formatDate(c.next_session)}` : 'Dates on request'}</span>
            </li>
          ))}
        </ul>
      </PortalSection>
    </PortalShell>
  );
}
