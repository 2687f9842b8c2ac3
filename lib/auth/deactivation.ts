import { asService } from '../db/session';

/**
 * A staff member whose every membership is deactivated may not start a session. Deactivation
 * also deletes their sessions (lib/auth/staff.ts), and policies ignore deactivated memberships.
 */
export async function isUserDeactivated(userId: string): Promise<boolean> {
  return asService('auth: refuse sessions to deactivated staff', async (tx) => {
    const rows = await tx
      .selectFrom('memberships')
      .select(['deactivated_at'])
      .where('user_id', '=', userId)
      .execute();
    return rows.length > 0 && rows.every((row) => row.deactivated_at !== null);
  });
}
