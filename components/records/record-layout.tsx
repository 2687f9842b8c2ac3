import Link from 'next/link';
import type { ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import type { BulkEntity } from '@/lib/crm/bulk.entities';
import { InlineProperties, type PropertySpec } from './inline-properties';

type Props = {
  list: { href: string; label: string };
  title: string;
  subtitle?: ReactNode;
  /** Stage or status badges beside the title. */
  status?: ReactNode;
  /** The record's key actions (delete, convert, new related record…). */
  actions?: ReactNode;
  /** Set when the record is in the trash: said above everything else. */
  trashed?: boolean;
  /** What the person should know before anything else (a likely duplicate, a merge to undo). */
  notice?: ReactNode;
  noun: string;
  /** The record's own fields, edited in place (the first box beside the story). */
  properties: { entity: BulkEntity; recordId: string; version: Date; specs: PropertySpec[]; canEdit: boolean };
  /** Links and the rest, under the properties: left on a laptop, before the story on a phone. */
  aside: ReactNode;
  /** The timeline and everything else about the record. */
  children: ReactNode;
};

/**
 * The one layout of every record page (lead, contact, account, opportunity): a header with the
 * name, status and key actions; the properties, edited in place, and the linked records beside
 * the record's story.
 */
export function RecordLayout({ list, title, subtitle, status, actions, trashed, notice, noun, properties, aside, children }: Props) {
  return (
    <div className="space-y-5">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={list.href} className="text-brand-700 underline">
          {list.label}
        </Link>{' '}
        / <span aria-current="page">{title}</span>
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold break-words">{title}</h1>
            {status}
          </div>
          {subtitle ? <p className="mt-1 text-sm text-slate-700">{subtitle}</p> : null}
        </div>
        {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
      </header>
      {trashed ? <Alert tone="info">This {noun} is in the trash. Restore it to change it again.</Alert> : null}
      {notice}
      <div className="grid gap-6 lg:grid-cols-[minmax(18rem,24rem)_minmax(0,1fr)]">
        <aside className="space-y-4" aria-label={`About this ${noun}`}>
          <RecordSection heading="Properties">
            <InlineProperties entity={properties.entity} recordId={properties.recordId} version={properties.version.toISOString()} properties={properties.specs} canEdit={properties.canEdit} />
          </RecordSection>
          {aside}
        </aside>
        <div className="min-w-0 space-y-6">{children}</div>
      </div>
    </div>
  );
}

/** A titled box on a record page. */
export function RecordSection({ heading, children, testId }: { heading: string; children: ReactNode; testId?: string }) {
  const id = `${heading.toLowerCase().replace(/[^a-z]+/g, '-')}-heading`;
  return (
    <section aria-labelledby={id} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid={testId}>
      <h2 id={id} className="font-semibold">
        {heading}
      </h2>
      {children}
    </section>
  );
}
