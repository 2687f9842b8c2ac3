/** Activity schemas: log a call, meeting, note or email, or plan a task, on any record. */
import { z } from 'zod';
import { id, optionalText, ownerFilter, requiredText } from './fields';
import { listParamsShape } from './pagination';

export const activityKinds = ['note', 'call', 'meeting', 'email', 'task'] as const;

export const activityLogSchema = z
  .object({
    kind: z.enum(activityKinds, { error: 'Choose what kind of activity this is.' }),
    subject: requiredText('Subject', 300),
    body: optionalText('Details', 20000),
    occurred_at: z.coerce.date().optional(),
    due_at: z.coerce.date({ error: 'Enter a valid due date.' }).optional(),
    lead_id: id('Lead').optional(),
    contact_id: id('Contact').optional(),
    account_id: id('Account').optional(),
    opportunity_id: id('Opportunity').optional(),
  })
  .refine((a) => a.lead_id || a.contact_id || a.account_id || a.opportunity_id, {
    message: 'Link the activity to a lead, contact, account or opportunity.',
    path: ['contact_id'],
  })
  .refine((a) => a.kind === 'task' || !a.due_at, { message: 'Only tasks have a due date.', path: ['due_at'] });
export type ActivityLogInput = z.input<typeof activityLogSchema>;

/** How an activity's kind reads. */
export const activityKindLabels = { note: 'Note', call: 'Call', meeting: 'Meeting', email: 'Email', task: 'Task' } as const satisfies Record<(typeof activityKinds)[number], string>;

/** The activity log (Activities): every call, meeting, note, email and task the person may see. */
export const activityListSchema = z.object({
  ...listParamsShape,
  sort: z.enum(['occurred_at', 'created_at'], { error: 'Choose a column to sort by.' }).default('occurred_at'),
  kind: z.enum(activityKinds, { error: 'Choose a kind of activity from the list.' }).optional(),
  owner: ownerFilter,
});
export type ActivityListParams = z.input<typeof activityListSchema>;
