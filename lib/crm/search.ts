/** Global search (Ctrl/Cmd-K): the best few matches of each kind, each list under RLS. */
import { listAccounts } from './accounts';
import { listContacts } from './contacts';
import { listLeads } from './leads';
import { listOpportunities } from './opportunities';
import type { CrmSession } from './session';

export type SearchHit = { kind: 'lead' | 'contact' | 'account' | 'opportunity'; id: string; title: string; detail: string | null; href: string };

const name = (r: { first_name: string | null; last_name: string | null; email: string | null }) =>
  [r.first_name, r.last_name].filter(Boolean).join(' ') || r.email || 'Unnamed';

export type SearchKind = SearchHit['kind'];
export const searchKinds = ['contact', 'lead', 'account', 'opportunity'] as const satisfies readonly SearchKind[];

/** The best matches of one kind (a record picker's suggestions), under RLS. */
export async function searchKind(session: CrmSession, kind: SearchKind, q: string, limit = 8): Promise<SearchHit[]> {
  const term = q.trim();
  if (term.length < 2) return [];
  const params = { q: term, limit };
  switch (kind) {
    case 'contact':
      return (await listContacts(session, params)).rows.map((r) => ({ kind, id: r.id, title: name(r), detail: r.account_name ?? r.email, href: `/contacts/${r.id}` }));
    case 'lead':
      return (await listLeads(session, params)).rows.map((r) => ({ kind, id: r.id, title: name(r), detail: r.company_name ?? r.email, href: `/leads/${r.id}` }));
    case 'account':
      return (await listAccounts(session, params)).rows.map((r) => ({ kind, id: r.id, title: r.name, detail: r.domain, href: `/accounts/${r.id}` }));
    case 'opportunity':
      return (await listOpportunities(session, params)).rows.map((r) => ({ kind, id: r.id, title: r.name, detail: r.stage_name, href: `/opportunities/${r.id}` }));
  }
}

export async function globalSearch(session: CrmSession, q: string, perKind = 5): Promise<SearchHit[]> {
  return (await Promise.all(searchKinds.map((kind) => searchKind(session, kind, q, perKind)))).flat();
}
