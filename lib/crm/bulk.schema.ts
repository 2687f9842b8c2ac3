import { z } from 'zod';
import { type BulkEntity, bulkEntities } from './bulk.entities';
import { leadStatuses } from './leads.schema';

export const BULK_MAX = 500;
export type { BulkEntity };
export const bulkEntitySchema = z.enum(Object.keys(bulkEntities) as [BulkEntity, ...BulkEntity[]]);

const everyList = [
  z.object({ kind: z.literal('assign'), owner_id: z.uuid().nullable() }),
  z.object({ kind: z.literal('tag'), tag_id: z.uuid(), remove: z.boolean() }),
  z.object({ kind: z.literal('trash') }),
  z.object({ kind: z.literal('restore') }),
] as const;
// Converting and disqualifying are their own flows (with a preview and a reason), not bulk edits.
const leadStatus = z.object({ kind: z.literal('status'), status: z.enum(leadStatuses).exclude(['converted', 'disqualified']) });

const selection = (entity: BulkEntity) => {
  const { one, many } = bulkEntities[entity];
  return z.array(z.uuid()).min(1, `Select at least one ${one}.`).max(BULK_MAX, `Select at most ${BULK_MAX} ${many} at a time.`);
};

/** One bulk action over selected rows of a list; the same schemas guard the toolbar and the server. */
export const bulkSchemas = {
  leads: z.object({ ids: selection('leads'), action: z.discriminatedUnion('kind', [...everyList, leadStatus]) }),
  contacts: z.object({ ids: selection('contacts'), action: z.discriminatedUnion('kind', [...everyList]) }),
  accounts: z.object({ ids: selection('accounts'), action: z.discriminatedUnion('kind', [...everyList]) }),
  opportunities: z.object({ ids: selection('opportunities'), action: z.discriminatedUnion('kind', [...everyList]) }),
} satisfies Record<BulkEntity, z.ZodType>;

export type BulkAction = z.input<(typeof bulkSchemas)['leads']>['action'];
