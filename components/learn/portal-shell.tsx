import Link from 'next/link';
import type { ReactNode } from 'react';
import { signOutLearnerAction } from '@/app/actions/learn';
import { learnerPaths } from '@/lib/learn/urls';

export type PortalOrg = { id?: string; name: string; postal_address: string | null; brand_color: string | null; logo_url: string | null };

/**
 * The learner portal's frame, in the training company's colours: its logo or name, the way
 * back to "My training", signing out, and its postal address at the foot. The colour is a
 * border only, so text keeps its contrast whatever colour the organisation picks.
 */
export function PortalShell({ org, signedIn, children, area = 'My training' }: { org: PortalOrg | null; signedIn: boolean; children: ReactNode; area?: 'My training' | 'Courses' }) {
  const colour = org?.brand_color && /^#[0-9a-fA-F]{6}$/.test(org.brand_color) ? org.brand_color : undefined;
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-t-4 border-slate-200 bg-white" style={colour ? { borderTopColor: colour } : undefined}>
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href={area === 'Courses' ? learnerPaths.catalogue(org?.id) : learnerPaths.home()} className="flex min-h-10 items-center gap-3 font-semibold text-slate-900">
            {org?.logo_url ? (
              // biome-ignore lint/performance/noImgElement: an organisation's logo from wherever it hosts it
              <img src={org.logo_url} alt="" className="h-8 w-auto max-w-[10rem] object-contain" />
            ) : null}
            <span>{org ? `${org.name} · ${area}` : area}</span>
          </Link>
          {signedIn ? (
            <form action={signOutLearnerAction}>
              <button type="submit" className="min-h-10 rounded-md px-3 text-sm font-medium text-slate-700 hover:bg-slate-100">
                Sign out
              </button>
            </form>
          ) : null}
        </div>
      </header>
      <main className="mx-auto w-full max-w-3xl flex-1 space-y-6 px-4 py-8">{children}</main>
      {org?.postal_address ? (
        <footer className="border-t border-slate-200 bg-white">
          <p className="mx-auto max-w-3xl px-4 py-4 text-xs text-slate-600">
            {org.name} · {org.postal_address}
          </p>
        </footer>
      ) : null}
    </div>
  );
}

/** A white panel with a heading, the portal's unit of content. */
export function PortalSection({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm" aria-label={title} data-testid={testId}>
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}
