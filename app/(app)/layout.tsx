import Link from 'next/link';
import type { ReactNode } from 'react';
import { signOutAction } from '@/app/actions/auth';
import { CommandPalette } from '@/components/layout/command-palette';
import { ToastProvider } from '@/components/ui/toast';
import { canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { devInboxAvailable } from '@/lib/email/outbox';

const mainLinks = [
  ['/dashboard', 'Dashboard'],
  ['/leads', 'Leads'],
  ['/contacts', 'Contacts'],
  ['/accounts', 'Accounts'],
  ['/opportunities', 'Opportunities'],
  ['/tasks', 'Tasks'],
  ['/training', 'Training'],
] as const;

const createCommands = [
  { id: 'new-lead', title: 'New lead…', href: '/leads/new' },
  { id: 'new-contact', title: 'New contact…', href: '/contacts/new' },
  { id: 'new-account', title: 'New account…', href: '/accounts/new' },
  { id: 'new-opportunity', title: 'New opportunity…', href: '/opportunities/new' },
];

// Settings are shown to the roles that may change them (RLS refuses everyone else anyway).
const settingsLinks: [string, string, string[]][] = [
  ['/settings/team', 'Team', ['admin']],
  ['/settings/organization', 'Organisation', ['admin']],
  ['/settings/pipelines', 'Pipelines', ['admin', 'manager']],
  ['/settings/properties', 'Properties', ['admin']],
  ['/marketing/campaigns', 'Marketing', ['admin', 'manager', 'marketing', 'compliance', 'viewer']],
  ['/settings/forms', 'Forms', ['admin', 'marketing']],
  ['/compliance', 'Compliance', ['admin', 'compliance']],
];

export default async function AppLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/dashboard" className="font-semibold text-brand-700">
            Cohort
          </Link>
          <nav aria-label="Main" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {mainLinks.map(([href, label]) => (
              <Link key={href} href={href} className="inline-flex min-h-8 items-center hover:underline">
                {label}
              </Link>
            ))}
            {settingsLinks
              .filter(([, , roles]) => roles.includes(staff.role))
              .map(([href, label]) => (
                <Link key={href} href={href} className="inline-flex min-h-8 items-center hover:underline">
                  {label}
                </Link>
              ))}
            {devInboxAvailable(staff.role) ? (
              <Link href="/dev/inbox" className="inline-flex min-h-8 items-center hover:underline">
                Dev inbox
              </Link>
            ) : null}
          </nav>
          <div className="ml-auto flex flex-wrap items-center gap-3 text-sm">
            <CommandPalette commands={canWriteRecords(staff.role) ? createCommands : []} />
            <span className="text-slate-700" data-testid="signed-in-as">
              {staff.name} · {staff.orgName} · <span className="capitalize">{staff.role}</span>
            </span>
            <form action={signOutAction}>
              <button type="submit" className="min-h-10 whitespace-nowrap rounded-md border border-slate-300 px-3 hover:bg-slate-100">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <ToastProvider>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6">
          {children}
        </main>
      </ToastProvider>
    </div>
  );
}
