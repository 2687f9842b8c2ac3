/**
 * The app's navigation, in one place: the sidebar's groups, who sees each entry (the roles
 * that may use the page — RLS refuses everyone else anyway), and the lists keyboard
 * shortcuts jump to. Icons are named here and drawn by the sidebar (lucide-react).
 */
import type { MemberRole } from './db/types';
import { MARKETING_READERS } from './marketing/roles';

export type NavIcon =
  | 'dashboard'
  | 'leads'
  | 'contacts'
  | 'accounts'
  | 'opportunities'
  | 'tasks'
  | 'activities'
  | 'training'
  | 'campaigns'
  | 'segments'
  | 'sequences'
  | 'templates'
  | 'scoring'
  | 'forms'
  | 'compliance'
  | 'team'
  | 'organisation'
  | 'pipelines'
  | 'properties'
  | 'backups'
  | 'inbox';

export type NavItem = { href: string; label: string; icon: NavIcon; roles?: readonly MemberRole[] };
export type NavGroup = { label: string; items: NavItem[] };

/** The marketing audience roles: one home, lib/marketing/roles.ts. */
const AUDIENCE = MARKETING_READERS;

export const navGroups: NavGroup[] = [
  {
    label: 'CRM',
    items: [
      { href: '/dashboard', label: 'Dashboard', icon: 'dashboard' },
      { href: '/leads', label: 'Leads', icon: 'leads' },
      { href: '/contacts', label: 'Contacts', icon: 'contacts' },
      { href: '/accounts', label: 'Accounts', icon: 'accounts' },
      { href: '/opportunities', label: 'Opportunities', icon: 'opportunities', roles: ['admin', 'manager', 'sales', 'compliance', 'viewer'] },
      { href: '/tasks', label: 'Tasks', icon: 'tasks' },
      { href: '/activities', label: 'Activities', icon: 'activities' },
    ],
  },
  { label: 'Training', items: [{ href: '/training', label: 'Training', icon: 'training' }] },
  {
    label: 'Marketing',
    items: [
      { href: '/marketing/campaigns', label: 'Campaigns', icon: 'campaigns', roles: AUDIENCE },
      { href: '/marketing/segments', label: 'Segments', icon: 'segments', roles: AUDIENCE },
      { href: '/marketing/sequences', label: 'Sequences', icon: 'sequences', roles: AUDIENCE },
      { href: '/marketing/templates', label: 'Email templates', icon: 'templates', roles: AUDIENCE },
      // Every member reads the rules (a rep sees why a lead is hot); admins and marketers set them.
      { href: '/marketing/scoring', label: 'Lead scoring', icon: 'scoring' },
      { href: '/settings/forms', label: 'Forms', icon: 'forms', roles: ['admin', 'marketing'] },
    ],
  },
  { label: 'Compliance', items: [{ href: '/compliance', label: 'Compliance', icon: 'compliance', roles: ['admin', 'compliance'] }] },
  {
    label: 'Settings',
    items: [
      { href: '/settings/team', label: 'Team', icon: 'team', roles: ['admin'] },
      { href: '/settings/organization', label: 'Organisation', icon: 'organisation', roles: ['admin'] },
      { href: '/settings/pipelines', label: 'Pipelines', icon: 'pipelines', roles: ['admin', 'manager'] },
      { href: '/settings/properties', label: 'Custom properties', icon: 'properties', roles: ['admin'] },
      { href: '/settings/backups', label: 'Backups', icon: 'backups', roles: ['admin'] },
    ],
  },
];

/** The pages of the Marketing section a role may open, for the section's own links. */
export function marketingSectionsFor(role: MemberRole): [href: string, label: string][] {
  const marketing = navGroups.find((group) => group.label === 'Marketing')?.items ?? [];
  return marketing.filter((item) => item.href.startsWith('/marketing/') && (!item.roles || item.roles.includes(role))).map((item) => [item.href, item.label]);
}

/** The groups and entries a role sees (empty groups dropped); the dev inbox when it is on. */
export function navigationFor(role: MemberRole, devInbox: boolean): NavGroup[] {
  const groups = navGroups
    .map((group) => ({ ...group, items: group.items.filter((item) => !item.roles || item.roles.includes(role)) }))
    .filter((group) => group.items.length > 0);
  if (devInbox) groups.push({ label: 'Development', items: [{ href: '/dev/inbox', label: 'Dev inbox', icon: 'inbox' }] });
  return groups;
}

/** "g" then a letter goes to a list. */
export const goToShortcuts: Record<string, { href: string; label: string }> = {
  d: { href: '/dashboard', label: 'Dashboard' },
  l: { href: '/leads', label: 'Leads' },
  c: { href: '/contacts', label: 'Contacts' },
  a: { href: '/accounts', label: 'Accounts' },
  o: { href: '/opportunities', label: 'Opportunities' },
  t: { href: '/tasks', label: 'Tasks' },
};

/** The lists whose "c" shortcut opens their new-record form. */
export const creatableLists = ['/leads', '/contacts', '/accounts', '/opportunities'] as const;
