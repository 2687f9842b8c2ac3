/**
 * How the CRM service is called: with the signed-in staff member and the organisation they
 * are working in. orgId scopes queries to one tenant for the user's convenience; it grants
 * nothing — RLS decides from memberships whether the user may see or change a row.
 */
import { type Actor, type Tx, withUser } from '../db/session';
import { translateDbError } from './errors';

export type CrmSession = Actor & { orgId: string };

/** Runs `fn` in one transaction under the user's RLS; database errors become CrmErrors. */
export async function inUserTransaction<T>(session: CrmSession, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await withUser(session, fn);
  } catch (error) {
    throw translateDbError(error);
  }
}
