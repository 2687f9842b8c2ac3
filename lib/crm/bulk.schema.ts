import { z } from 'zod';
import { leadStatuses } from './leads.schema';

export const BULK_MAX = 500;

/** One bulk action over selected leads; the same schema guards the toolbar and the server. */
export const leadBulkSchema = z.object({
  ids: z.array(z.uuid()).min(1, 'Select at least one lead.').max(BULK_MAX, `Select at most ${BULK_MAX} leads at a time.`),
  action: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('assign'), owner_id: z.uuid().nullable() }),
    z.object({ kind: z.literal('status'), status: z.enum(leadStatuses).exclude(['converted', 'disqualified']) }),
    z.object({ kind: z.literal('tag'), tag_id: z.uuid(), remove: z.boolean() }),
    z.object({ kind: z.literal('trash') }),
    z.object({ kind: z.literal('restore') }),
  ]),
});
export type LeadBulkInput = z.input<typeof leadBulkSchema>;
