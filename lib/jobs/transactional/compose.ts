/**
 * What a transactional email says, composed from the database when it is sent (not when
 * the event happened), so it tells the current truth — and says nothing at all when the
 * thing it was about is gone: a cancelled booking gets no confirmation.
 */
import type { Tx } from '../../db/session';
import type { EmailTriggerEvent } from '../../db/types';
import { enrollmentConfirmation, scheduleChange, waitlistPromotion } from './compose-booking';
import { certificateIssued, certificationExpired, examResult, renewalReminder } from './compose-certification';

export type TriggerRow = { id: string; org_id: string; event: EmailTriggerEvent; contact_id: string; record_id: string; details: unknown };

export type Composed = { kind: 'send'; template: string; props: Record<string, unknown> } | { kind: 'skip'; reason: string };

const composers: Record<EmailTriggerEvent, (tx: Tx, trigger: TriggerRow) => Promise<Composed>> = {
  enrollment_created: enrollmentConfirmation,
  session_changed: scheduleChange,
  exam_result_recorded: examResult,
  certification_issued: certificateIssued,
  renewal_reminder: renewalReminder,
  certification_expired: certificationExpired,
  waitlist_promoted: waitlistPromotion,
  // The trainee moved their booking in the learner portal: the confirmation of the new date.
  booking_moved: enrollmentConfirmation,
};

export const composeTriggerEmail = (tx: Tx, trigger: TriggerRow) => composers[trigger.event](tx, trigger);

/** trigger:<event>:<row id>, the message's idempotency key. */
export const triggerKey = (trigger: Pick<TriggerRow, 'event' | 'id'>) => `trigger:${trigger.event.replaceAll('_', '-')}:${trigger.id}`;
