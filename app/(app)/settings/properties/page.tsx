import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { NewPropertyForm, PropertyRow } from '@/components/settings/property-editor';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { listPropertyDefinitions } from '@/lib/crm/custom-properties';
import { propertyObjectLabels, propertyObjects } from '@/lib/crm/custom-properties.labels';
import type { PropertyObject } from '@/lib/db/types';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Custom properties' };

export default async function PropertiesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  if (staff.role !== 'admin') redirect('/dashboard');
  const params = await readSearchParams(searchParams);
  const object = (propertyObjects as readonly string[]).includes(params.object ?? '') ? (params.object as PropertyObject) : 'contact';
  const definitions = await listPropertyDefinitions(staff, object);
  const live = definitions.filter((d) => !d.archived);
  const archived = definitions.filter((d) => d.archived);
  const many = propertyObjectLabels[object][1];
  return (
    <div className="space-y-6">
      <PageHeader title="Custom properties" subtitle="Fields of your own on every kind of record: shown on record pages, in forms, lists, filters and exports." />
      <nav aria-label="Kinds of record" className="flex flex-wrap gap-2 text-sm">
        {propertyObjects.map((o) => (
          <Link
            key={o}
            href={`/settings/properties?object=${o}`}
            aria-current={o === object ? 'page' : undefined}
            className={`min-h-10 rounded-md border px-3 py-2 ${o === object ? 'border-brand-600 bg-blue-50 font-medium' : 'border-slate-300 bg-white'}`}
          >
            {propertyObjectLabels[o][1]}
          </Link>
        ))}
      </nav>
      {object === 'enrollment' ? (
        <p className="max-w-3xl text-sm text-slate-700" data-testid="enrollment-visibility">
          Every member who sees a booking sees its enrollment properties — bookings are shared across the team so trainers can run sessions. Keep health and other special-category data out of them.
        </p>
      ) : null}
      <NewPropertyForm object={object} noun={many.toLowerCase()} />
      <section aria-labelledby="properties-heading" className="space-y-2">
        <h2 id="properties-heading" className="text-lg font-semibold">
          Properties of {many.toLowerCase()} ({live.length})
        </h2>
        {live.length === 0 ? <EmptyState title={`No custom properties on ${many.toLowerCase()} yet.`} action="Add one above: it appears on every record at once." /> : null}
        <ol className="space-y-2">
          {live.map((d) => (
            <PropertyRow key={d.id} definition={d} first={live[0]?.id === d.id} last={live.at(-1)?.id === d.id} />
          ))}
        </ol>
        {archived.length > 0 ? (
          <details className="rounded-lg border border-slate-200 bg-white p-3" data-testid="archived-properties">
            <summary className="min-h-8 cursor-pointer font-medium">Archived ({archived.length}) — their values are kept; restore one to use it again</summary>
            <ol className="mt-2 space-y-2">
              {archived.map((d) => (
                <PropertyRow key={d.id} definition={d} first={false} last={false} />
              ))}
            </ol>
          </details>
        ) : null}
      </section>
    </div>
  );
}
