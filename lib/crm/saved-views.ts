/** Saved views: a user's named filters of a list page, stored as the page's URL query. */
import { z } from 'zod';
import { parseInput } from './errors';
import { id, requiredText } from './fields';
import { type CrmSession, inUserTransaction } from './session';

export const savedViewLists = ['leads', 'contacts', 'accounts', 'opportunities'] as const;
export type SavedViewList = (typeof savedViewLists)[number];

export const savedViewSchema = z.object({
  list: z.enum(savedViewLists),
  name: requiredText('View name', 80),
  // Only the query string is kept (never a full URL), without the page cursor.
  query: z
    .string()
    .max(1000, 'This view has too many filters to save.')
    .transform((value) => {
      const params = new URLSearchParams(value.replace(/^\?/, ''));
      params.delete('cursor');
      return params.toString();
    }),
});

export async function listSavedViews(session: CrmSession, list: SavedViewList) {
  return inUserTransaction(session, (tx) =>
    tx
      .selectFrom('saved_views')
      .select(['id', 'name', 'query'])
      .where('org_id', '=', session.orgId)
      .where('user_id', '=', session.userId)
      .where('list', '=', list)
      .orderBy('name')
      .execute(),
  );
}

/** Saves (or overwrites, by name) a view of the current user. */
export async function saveView(session: CrmSession, input: unknown) {
  const view = parseInput(savedViewSchema, input);
  return inUserTransaction(session, (tx) =>
    tx
      .insertInto('saved_views')
      .values({ ...view, org_id: session.orgId, user_id: session.userId })
      .onConflict((oc) => oc.columns(['org_id', 'user_id', 'list', 'name']).doUpdateSet({ query: view.query }))
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
}

export async function deleteView(session: CrmSession, viewId: string) {
  parseInput(id('View'), viewId);
  await inUserTransaction(session, (tx) => tx.deleteFrom('saved_views').where('id', '=', viewId).execute());
}
