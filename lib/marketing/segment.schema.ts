/**
 * A segment: a saved audience of contacts or leads. Every condition given must hold; an
 * empty filter means everyone with an email address. Shared by the segment builder (client)
 * and the service (server).
 */
import { z } from 'zod';
import type { LeadStatus, LifecycleStage, SegmentAudience } from '../db/types';

export const segmentAudiences = ['contacts', 'leads'] as const satisfies readonly SegmentAudience[];
export const segmentLifecycleStages = ['subscriber', 'lead', 'prospect', 'customer', 'trainee', 'certified', 'alumni'] as const satisfies readonly LifecycleStage[];
export const segmentLeadStatuses = ['new', 'working', 'qualified', 'disqualified', 'converted'] as const satisfies readonly LeadStatus[];

const ids = z.array(z.uuid()).max(50);

export const segmentFilterSchema = z
  .object({
    /** Contacts: any of these lifecycle stages. */
    lifecycleStages: z.array(z.enum(segmentLifecycleStages)).max(segmentLifecycleStages.length).optional(),
    /** Leads: any of these statuses. */
    leadStatuses: z.array(z.enum(segmentLeadStatuses)).max(segmentLeadStatuses.length).optional(),
    /** Tagged with any of these tags. */
    tagIds: ids.optional(),
    /** Contacts: working at any of these accounts. */
    accountIds: ids.optional(),
    /** Contacts: booked (not cancelled) on a session of any of these courses. */
    courseIds: ids.optional(),
    /** Contacts: holding an active certification that expires within this many days. */
    certificationExpiringWithinDays: z.number().int().min(1, 'At least one day.').max(730, 'At most two years.').optional(),
    /** Only people whose latest marketing consent is a grant. */
    marketingConsent: z.literal(true).optional(),
    /** Custom properties with these values (a multi-select: holding the value). */
    properties: z
      .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Unknown property.'), z.string().trim().min(1).max(200))
      .refine((p) => Object.keys(p).length <= 10, 'At most 10 property conditions.')
      .optional(),
  })
  .strict();
export type SegmentFilter = z.infer<typeof segmentFilterSchema>;

const contactOnly = ['lifecycleStages', 'accountIds', 'courseIds', 'certificationExpiringWithinDays'] as const;

export const segmentInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Name the segment.').max(120),
    description: z.string().trim().max(500).optional(),
    audience: z.enum(segmentAudiences),
    filter: segmentFilterSchema,
  })
  .superRefine((segment, ctx) => {
    if (segment.audience === 'leads') {
      for (const key of contactOnly) {
        if (segment.filter[key] !== undefined) ctx.addIssue({ code: 'custom', path: ['filter', key], message: 'Leads have no such field: use a contact segment.' });
      }
    } else if (segment.filter.leadStatuses !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['filter', 'leadStatuses'], message: 'Lead statuses apply to lead segments.' });
    }
  });
export type SegmentInput = z.infer<typeof segmentInputSchema>;

/** For the live count while a segment is being built (not saved yet). */
export const segmentPreviewSchema = z.object({ audience: z.enum(segmentAudiences), filter: segmentFilterSchema });
