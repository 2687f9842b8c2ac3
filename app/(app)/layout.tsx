import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/layout/app-shell';
import { CommandPalette } from '@/components/layout/command-palette';
import { KeyboardShortcuts } from '@/components/layout/keyboard-shortcuts';
import { ToastProvider } from '@/components/ui/toast';
import { canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { devInboxAvailable } from '@/lib/email/outbox';
import { navigationFor } from '@/lib/navigation';
import { myInbox } from '@/lib/notifications/inbox';
import { readTheme, THEME_COOKIE } from '@/lib/theme';

const createCommands = [
  { id: 'new-lead', title: 'New lead…', href: '/leads/new' },
  { id: 'new-contact', title: 'New contact…', href: '/contacts/new' },
  { id: 'new-account', title: 'New account…', href: '/accounts/new' },
  { id: 'new-opportunity', title: 'New opportunity…', href: '/opportunities/new' },
];

export default async function AppLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  const theme = readTheme((await cookies()).get(THEME_COOKIE)?.value);
  const inbox = await myInbox(staff);
  const user = { name: staff.name, email: staff.email, role: staff.role, orgId: staff.orgId, orgName: staff.orgName, organizations: staff.organizations };
  return (
    <ToastProvider>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <AppShell groups={navigationFor(staff.role, devInboxAvailable(staff.role))} user={user} theme={theme} inbox={{ unread: inbox.unread, items: inbox.latest.map((n) => ({ id: n.id, title: n.title, href: n.href, createdAt: n.createdAt.toISOString(), read: n.read })) }}>
        {children}
      </AppShell>
      <CommandPalette commands={canWriteRecords(staff.role) ? createCommands : []} />
      <KeyboardShortcuts canCreate={canWriteRecords(staff.role)} />
    </ToastProvider>
  );
}
