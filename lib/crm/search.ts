/** Global search (Ctrl/Cmd-K): the best few matches of each kind, each list under RLS. */
import { listAccounts } from './accounts';
import { listContacts } from './contacts';
import { listLeads } from './leads';
import { listOpportunities } from './opportunities';
import type { CrmSession } from './session';

export type SearchHit = { kind: 'lead' | 'contact' | 'account' | 'opportunity'; id: string; title: string; detail: string | null; href: string };

const name = (r: { first_name: string | null; last_name: string | null; email: string | null }) =>
  [r.first_name, r.last_name].filter(Boolean).join(' ') || r.email || 'Unnamed';

export async function globalSearch(session: CrmSession, q: string, perKind = 5): Promise<SearchHit[]> {
  const term = q.trim();
  if (term.length < 2) return [];
  const params = { q: term, limit: perKind };
  const [leads, contacts, accounts, opportunities] = await Promise.all([
    listLeads(session, params),
    listContacts(session, params),
    listAccounts(session, params),
    listOpportunities(session, params),
  ]);
  return [
    ...contacts.rows.map((r) => ({ kind: 'contact' as const, id: r.id, title: name(r), detail: r.account_name ?? r.email, href: `/contacts/${r.id}` })),
    ...leads.rows.map((r) => ({ kind: 'lead' as const, id: r.id, title: name(r), detail: r.company_name ?? r.email, href: `/leads/${r.id}` })),
    ...accounts.rows.map((r) => ({ kind: 'account' as const, id: r.id, title: r.name, detail: r.domain, href: `/accounts/${r.id}` })),
    ...opportunities.rows.map((r) => ({ kind: 'opportunity' as const, id: r.id, title: r.name, detail: r.stage_name, href: `/opportunities/${r.id}` })),
  ];
}
