/**
 * Links between records, added and removed on record pages: a contact's account, an
 * opportunity's account and its primary contact. Each link is one foreign-key column; the
 * composite foreign keys keep both ends in one organisation, and we also require the target to
 * be a live record the user may see, so nobody links to what they cannot open.
 */
import { z } from 'zod';
import type { Tx } from '../db/session';
import { notFound, parseInput } from './errors';
import { id } from './fields';
import { updateLive } from './records';
import { type CrmSession, inUserTransaction } from './session';

export const associations = {
  contact_account: { table: 'contacts', column: 'account_id', target: 'accounts', targetLabel: 'Account' },
  opportunity_account: { table: 'opportunities', column: 'account_id', target: 'accounts', targetLabel: 'Account' },
  opportunity_contact: { table: 'opportunities', column: 'primary_contact_id', target: 'contacts', targetLabel: 'Contact' },
} as const;
export type Association = keyof typeof associations;

export const associationSchema = z.object({
  link: z.enum(Object.keys(associations) as [Association, ...Association[]], { error: 'Unknown kind of link.' }),
  record_id: id('Record'),
  /** null removes the link. */
  target_id: id('Linked record').nullable(),
});

async function requireVisible(tx: Tx, table: 'accounts' | 'contacts', targetId: string, label: string) {
  const row = await tx.selectFrom(table).select('id').where('id', '=', targetId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound(label);
}

/** Sets (or, with target_id null, removes) one link, under the user's RLS. */
export async function setAssociation(session: CrmSession, input: unknown): Promise<void> {
  const { link, record_id, target_id } = parseInput(associationSchema, input);
  const spec = associations[link];
  await inUserTransaction(session, async (tx) => {
    if (target_id) await requireVisible(tx, spec.target, target_id, spec.targetLabel);
    await updateLive(tx, spec.table, record_id, { [spec.column]: target_id });
  });
}
