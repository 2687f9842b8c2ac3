'use client';

import {
  Gauge,
  Building,
  ChevronsUpDown,
  DatabaseBackup,
  Contact,
  FileInput,
  Funnel,
  GraduationCap,
  Handshake,
  History,
  Inbox,
  LayoutDashboard,
  ListOrdered,
  Download,
  Upload,
  LogOut,
  type LucideIcon,
  Mail,
  Menu,
  Monitor,
  Moon,
  PanelLeftClose,
  PanelLeftOpen,
  Search,
  Send,
  Settings2,
  ShieldCheck,
  SlidersHorizontal,
  SquareCheck,
  SquareKanban,
  Sun,
  User,
  UserPlus,
  Users,
  X,
} from 'lucide-react';
import Link from 'next/link';
import { useDismiss } from '@/components/ui/use-dismiss';
import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useEffect, useId, useRef, useState, useTransition } from 'react';
import { signOutAction } from '@/app/actions/auth';
import { setThemeAction, switchOrganizationAction } from '@/app/actions/profile';
import { useToast } from '@/components/ui/toast';
import type { NavGroup, NavIcon } from '@/lib/navigation';
import type { Theme } from '@/lib/theme';
import { openCommandPalette } from './command-palette';
import { type BellItem, NotificationBell } from './notification-bell';

const icons: Record<NavIcon, LucideIcon> = {
  dashboard: LayoutDashboard,
  leads: UserPlus,
  contacts: Contact,
  accounts: Building,
  opportunities: Handshake,
  tasks: SquareCheck,
  activities: History,
  training: GraduationCap,
  campaigns: Send,
  segments: Funnel,
  sequences: ListOrdered,
  templates: Mail,
  scoring: Gauge,
  forms: FileInput,
  compliance: ShieldCheck,
  team: Users,
  organisation: Settings2,
  pipelines: SquareKanban,
  properties: SlidersHorizontal,
  backups: DatabaseBackup,
  inbox: Inbox,
};

export type ShellUser = {
  name: string;
  email: string;
  role: string;
  orgId: string;
  orgName: string;
  organizations: { id: string; name: string; role: string }[];
};

const COLLAPSED_KEY = 'cohort:sidebar-collapsed';

function isCurrent(pathname: string, href: string) {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The navigation itself: grouped links, the current one marked for screen readers too. */
function NavLinks({ groups, collapsed, onNavigate }: { groups: NavGroup[]; collapsed: boolean; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    // Compact rows (32 px, above WCAG's 24 px target) so an admin's whole menu fits a laptop screen.
    <nav aria-label="Main" className="flex-1 space-y-3 overflow-y-auto px-2 py-2">
      {groups.map((group) => (
        <div key={group.label}>
          <h2 className={`px-2 pb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase ${collapsed ? 'sr-only' : ''}`}>{group.label}</h2>
          <ul>
            {group.items.map((item) => {
              const Icon = icons[item.icon];
              const current = isCurrent(pathname, item.href);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    onClick={onNavigate}
                    aria-current={current ? 'page' : undefined}
                    title={collapsed ? item.label : undefined}
                    className={`flex min-h-8 items-center gap-3 rounded-md px-2 text-sm ${current ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-800 hover:bg-slate-100'} ${collapsed ? 'justify-center' : ''}`}
                  >
                    <Icon aria-hidden="true" className="size-4 shrink-0" />
                    <span className={collapsed ? 'sr-only' : ''}>{item.label}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

const themeChoices: [Theme, string, LucideIcon][] = [
  ['system', 'System', Monitor],
  ['light', 'Light', Sun],
  ['dark', 'Dark', Moon],
];

/** The account menu at the foot of the sidebar: profile, organisation, theme, sign out. */
function UserMenu({ user, theme, collapsed, inDrawer = false }: { user: ShellUser; theme: Theme; collapsed: boolean; inDrawer?: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  // The organisation being switched to shows as chosen until the switch lands (or fails).
  const [choosing, setChoosing] = useState<string | null>(null);
  const menu = useRef<HTMLDivElement>(null);
  useDismiss(open, menu, () => setOpen(false));
  const switchTo = (orgId: string) =>
    start(async () => {
      setChoosing(orgId);
      const result = await switchOrganizationAction(orgId);
      setChoosing(null);
      if (!result.ok) return toast({ tone: 'error', message: result.message });
      setOpen(false);
      toast({ tone: 'info', message: `You are now working in ${result.data.name}.` });
      router.push('/dashboard');
      router.refresh();
    });
  const chooseTheme = (choice: Theme) =>
    start(async () => {
      const result = await setThemeAction(choice);
      if (!result.ok) toast({ tone: 'error', message: result.message });
      router.refresh();
    });
  return (
    <div ref={menu} className="relative border-t border-slate-200 p-2">
      {open ? (
        <div id={`${id}-menu`} className="absolute bottom-full left-2 z-30 mb-1 w-64 space-y-3 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-xl">
          <p className="text-slate-700">
            <span className="block font-medium text-slate-900">{user.name}</span>
            {user.email}
          </p>
          <Link href="/profile" onClick={() => setOpen(false)} className="flex min-h-9 items-center gap-2 rounded-md px-2 hover:bg-slate-100">
            <User aria-hidden="true" className="size-4" /> Profile and password
          </Link>
          <Link href="/exports" onClick={() => setOpen(false)} className="flex min-h-9 items-center gap-2 rounded-md px-2 hover:bg-slate-100">
            <Download aria-hidden="true" className="size-4" /> Your exports
          </Link>
          <Link href="/imports" onClick={() => setOpen(false)} className="flex min-h-9 items-center gap-2 rounded-md px-2 hover:bg-slate-100">
            <Upload aria-hidden="true" className="size-4" /> Imports
          </Link>
          {user.organizations.length > 1 ? (
            <fieldset className="space-y-1">
              <legend className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Organisation</legend>
              {user.organizations.map((org) => (
                <label key={org.id} className="flex min-h-8 items-center gap-2 px-2">
                  <input type="radio" name={`${id}-org`} checked={org.id === (choosing ?? user.orgId)} disabled={pending} onChange={() => switchTo(org.id)} />
                  {org.name} <span className="text-slate-600 capitalize">({org.role})</span>
                </label>
              ))}
            </fieldset>
          ) : null}
          <fieldset>
            <legend className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Theme</legend>
            <div className="mt-1 grid grid-cols-3 gap-1">
              {themeChoices.map(([value, label, Icon]) => (
                <button
                  key={value}
                  type="button"
                  aria-pressed={theme === value}
                  disabled={pending}
                  onClick={() => chooseTheme(value)}
                  className="flex min-h-9 flex-col items-center justify-center rounded-md border border-slate-300 text-xs aria-pressed:border-brand-600 aria-pressed:bg-brand-50 aria-pressed:font-medium"
                >
                  <Icon aria-hidden="true" className="size-4" />
                  {label}
                </button>
              ))}
            </div>
          </fieldset>
          <form action={signOutAction}>
            <button type="submit" className="flex min-h-9 w-full items-center gap-2 rounded-md px-2 hover:bg-slate-100">
              <LogOut aria-hidden="true" className="size-4" /> Sign out
            </button>
          </form>
        </div>
      ) : null}
      <button
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        onClick={() => setOpen((o) => !o)}
        className={`flex min-h-11 w-full items-center gap-2 rounded-md px-2 text-left hover:bg-slate-100 ${collapsed ? 'justify-center' : ''}`}
      >
        <span className="sr-only">Account menu: </span>
        <span aria-hidden="true" className="flex size-8 shrink-0 items-center justify-center rounded-full bg-accent text-xs font-semibold text-on-accent">
          {user.name
            .split(/\s+/)
            .map((w) => w[0])
            .slice(0, 2)
            .join('')}
        </span>
        <span className={`min-w-0 grow ${collapsed ? 'sr-only' : ''}`} data-testid={inDrawer ? undefined : 'signed-in-as'}>
          <span className="block truncate text-sm font-medium">{user.name}</span>
          <span className="block truncate text-xs text-slate-600">
            {user.orgName} · <span className="capitalize">{user.role}</span>
          </span>
        </span>
        {collapsed ? null : <ChevronsUpDown aria-hidden="true" className="size-4 shrink-0 text-slate-600" />}
      </button>
    </div>
  );
}

function SearchButton({ collapsed }: { collapsed: boolean }) {
  return (
    <button
      type="button"
      onClick={() => openCommandPalette()}
      className={`flex min-h-9 w-full items-center gap-2 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-700 hover:bg-slate-100 ${collapsed ? 'justify-center' : ''}`}
    >
      <Search aria-hidden="true" className="size-4" />
      <span className={collapsed ? 'sr-only' : 'grow text-left'}>Search</span>
      {collapsed ? null : <kbd className="rounded border border-slate-300 px-1 text-xs">Ctrl K</kbd>}
    </button>
  );
}

/**
 * The app's frame: on a laptop a left sidebar (collapsible to icons) with the navigation the
 * role may use and the account menu at its foot; on a phone a top bar whose menu button opens
 * the same sidebar as a drawer. The content takes the rest of the width.
 */
export function AppShell({ groups, user, theme, inbox, children }: { groups: NavGroup[]; user: ShellUser; theme: Theme; inbox: { unread: number; items: BellItem[] }; children: ReactNode }) {
  const pathname = usePathname();
  const drawer = useRef<HTMLDialogElement>(null);
  const [collapsed, setCollapsed] = useState(false);
  useEffect(() => setCollapsed(window.localStorage.getItem(COLLAPSED_KEY) === '1'), []);
  // Navigating closes the drawer.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation
  useEffect(() => drawer.current?.close(), [pathname]);
  const toggle = () =>
    setCollapsed((c) => {
      window.localStorage.setItem(COLLAPSED_KEY, c ? '0' : '1');
      return !c;
    });

  return (
    <div className="min-h-screen lg:flex">
      <aside aria-label="Sidebar" className={`sticky top-0 hidden h-screen shrink-0 flex-col border-r border-slate-200 bg-white lg:flex ${collapsed ? 'w-16' : 'w-60'}`}>
        <div className={`flex items-center gap-2 px-3 pt-3 ${collapsed ? 'flex-col' : ''}`}>
          <Link href="/dashboard" className="grow truncate font-semibold text-brand-700" title={user.orgName}>
            {collapsed ? 'C' : 'Cohort'}
          </Link>
          <NotificationBell unread={inbox.unread} items={inbox.items} live />
          <button type="button" onClick={toggle} className="rounded-md p-1.5 text-slate-700 hover:bg-slate-100" aria-label={collapsed ? 'Expand the sidebar' : 'Collapse the sidebar'} aria-pressed={collapsed}>
            {collapsed ? <PanelLeftOpen aria-hidden="true" className="size-4" /> : <PanelLeftClose aria-hidden="true" className="size-4" />}
          </button>
        </div>
        <div className="px-2 pt-3">
          <SearchButton collapsed={collapsed} />
        </div>
        <NavLinks groups={groups} collapsed={collapsed} />
        <UserMenu user={user} theme={theme} collapsed={collapsed} />
      </aside>

      <header className="sticky top-0 z-20 flex h-14 items-center gap-2 border-b border-slate-200 bg-white px-2 lg:hidden">
        <button type="button" onClick={() => drawer.current?.showModal()} className="rounded-md p-2 hover:bg-slate-100" aria-label="Open the menu" aria-haspopup="dialog">
          <Menu aria-hidden="true" className="size-5" />
        </button>
        <Link href="/dashboard" className="grow truncate font-semibold text-brand-700">
          Cohort <span className="font-normal text-slate-700">· {user.orgName}</span>
        </Link>
        <NotificationBell unread={inbox.unread} items={inbox.items} align="right" />
        <button type="button" onClick={() => openCommandPalette()} className="rounded-md p-2 hover:bg-slate-100" aria-label="Search records">
          <Search aria-hidden="true" className="size-5" />
        </button>
      </header>
      <dialog ref={drawer} aria-label="Menu" className="m-0 h-full max-h-none w-72 max-w-[85vw] bg-white p-0 text-slate-900 backdrop:bg-black/50 lg:hidden" data-testid="nav-drawer">
        <div className="flex h-full flex-col">
          <div className="flex items-center gap-2 px-3 pt-3">
            <span className="grow font-semibold text-brand-700">Cohort</span>
            <button type="button" onClick={() => drawer.current?.close()} className="rounded-md p-1.5 hover:bg-slate-100" aria-label="Close the menu">
              <X aria-hidden="true" className="size-5" />
            </button>
          </div>
          <div className="px-2 pt-3">
            <SearchButton collapsed={false} />
          </div>
          <NavLinks groups={groups} collapsed={false} onNavigate={() => drawer.current?.close()} />
          <UserMenu user={user} theme={theme} collapsed={false} inDrawer />
        </div>
      </dialog>

      <main id="main" className="min-w-0 flex-1 px-4 py-5 lg:px-8 lg:py-6">
        {children}
      </main>
    </div>
  );
}
