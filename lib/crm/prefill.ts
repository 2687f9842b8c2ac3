/**
 * What a "new" form starts with when opened from a related record (a contact from an account
 * page, an opportunity from a contact's): the related records named in the URL, as the user may
 * see them. An id the user cannot see, or no id, starts the form empty.
 */
import { z } from 'zod';
import { type CrmSession, inUserTransaction } from './session';

export type PrefillRecord = { id: string; title: string } | null;

const maybeId = (value: string | undefined) => (z.uuid().safeParse(value).success ? (value as string) : null);

export async function prefillRelated(session: CrmSession, params: { account_id?: string; contact_id?: string }): Promise<{ account: PrefillRecord; contact: PrefillRecord }> {
  const accountId = maybeId(params.account_id);
  const contactId = maybeId(params.contact_id);
  return inUserTransaction(session, async (tx) => {
    const contact = contactId
      ? await tx.selectFrom('contacts').select(['id', 'first_name', 'last_name', 'account_id']).where('id', '=', contactId).where('deleted_at', 'is', null).executeTakeFirst()
      : undefined;
    // A contact's own account comes along unless another was named.
    const accountToLoad = accountId ?? contact?.account_id ?? null;
    const account = accountToLoad ? await tx.selectFrom('accounts').select(['id', 'name']).where('id', '=', accountToLoad).where('deleted_at', 'is', null).executeTakeFirst() : undefined;
    return {
      account: account ? { id: account.id, title: account.name } : null,
      contact: contact ? { id: contact.id, title: [contact.first_name, contact.last_name].filter(Boolean).join(' ') } : null,
    };
  });
}
