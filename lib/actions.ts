/**
 * The one wrapper every server action goes through: session, service call, error shaping.
 * A user-caused failure comes back as a message (and field errors) the form can show; any
 * other failure is logged with context and reported as a generic error.
 */

import { requireStaff, type StaffSession } from './auth/current-staff';
import { log } from '../supabase/functions/_shared/log.ts';
import { CrmError, type FieldErrors } from './crm/errors';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; kind: CrmError['kind'] | 'unexpected'; message: string; fieldErrors: FieldErrors };

export async function staffAction<T>(name: string, fn: (staff: StaffSession) => Promise<T>): Promise<ActionResult<T>> {
  const staff = await requireStaff();
  try {
    return { ok: true, data: await fn(staff) };
  } catch (error) {
    if (error instanceof CrmError) {
      // Shown to the person, and also the operator's to see: the database was full or gone.
      if (error.kind === 'unavailable') log('error', 'database unavailable', { action: name, user: staff.userId, reason: error.message });
      return { ok: false, kind: error.kind, message: error.message, fieldErrors: error.fieldErrors };
    }
    log('error', 'action failed', { action: name, user: staff.userId, org: staff.orgId, error });
    return { ok: false, kind: 'unexpected', message: 'Something went wrong on our side. Please try again.', fieldErrors: {} };
  }
}
