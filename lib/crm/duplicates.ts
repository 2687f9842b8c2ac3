/**
 * Records a new one would duplicate, found as the user types: contacts and leads by email
 * (case-insensitive, as the database compares them), accounts by domain. Read under RLS: a
 * duplicate the user cannot see is still refused by the database when they save.
 */
import { z } from 'zod';
import { parseInput } from './errors';
import { type CrmSession, inUserTransaction } from './session';

export type Duplicate = { id: string; title: string; href: string };

export const duplicateQuerySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('contact'), email: z.email() }),
  z.object({ kind: z.literal('lead'), email: z.email() }),
  z.object({ kind: z.literal('account'), domain: z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/) }),
]);

const person = (r: { first_name: string | null; last_name: string | null; email: string | null }) => [r.first_name, r.last_name].filter(Boolean).join(' ') || r.email || 'Unnamed';

export async function findDuplicates(session: CrmSession, input: unknown): Promise<Duplicate[]> {
  const query = parseInput(duplicateQuerySchema, input);
  return inUserTransaction(session, async (tx) => {
    if (query.kind === 'account') {
      const rows = await tx.selectFrom('accounts').select(['id', 'name']).where('org_id', '=', session.orgId).where('domain', '=', query.domain).where('deleted_at', 'is', null).limit(3).execute();
      return rows.map((r) => ({ id: r.id, title: r.name, href: `/accounts/${r.id}` }));
    }
    const table = query.kind === 'contact' ? 'contacts' : 'leads';
    const rows = await tx.selectFrom(table).select(['id', 'first_name', 'last_name', 'email']).where('org_id', '=', session.orgId).where('email', '=', query.email).where('deleted_at', 'is', null).limit(3).execute();
    return rows.map((r) => ({ id: r.id, title: person(r), href: `/${table}/${r.id}` }));
  });
}
