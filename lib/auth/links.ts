/**
 * Invitation and password-reset links. Each is emailed (staff-invitation, password-reset
 * templates) through the one send module as system work, in the background (a failure is
 * logged, never shown as a failed invitation). The invitation link is also shown to the admin
 * who invited; a reset link is handed to an admin only for a member of their organisation
 * alone (lib/auth/team.ts). Links act for their recipient, so they reach the server log only
 * in development (`npm run dev`), never in production.
 */
import { createHash } from 'node:crypto';
import { asService } from '../db/session';
import { sendEmail } from '../email/send';

const recentResetLinks = new Map<string, { url: string; at: number }>();
const LINK_MEMORY_MS = 60_000;

const timeZone = () => process.env.EMAIL_TIME_ZONE ?? 'Europe/London';

/** Sends in the background; the outcome is logged, never thrown at the caller. */
function sendInBackground(what: string, send: () => Promise<{ ok: boolean; error?: { message: string } }>): void {
  send()
    .then((outcome) => {
      if (!outcome.ok) console.warn(`[auth] ${what} email not sent: ${outcome.error?.message}`);
    })
    .catch((error: unknown) => console.warn(`[auth] ${what} email not sent`, error));
}

/** Prints a link that acts for its recipient, in development only: a production log is read by many. */
export function logBearerLinkInDevelopment(what: string, email: string, url: string): void {
  if (process.env.NODE_ENV === 'development') console.info(`[dev] ${what} for ${email}: ${url}`);
}

export function recordPasswordResetLink(email: string, url: string): void {
  logBearerLinkInDevelopment('password reset link', email, url);
  recentResetLinks.set(email.toLowerCase(), { url, at: Date.now() });
}

/** The reset link just produced for `email`, if any (read once by the admin action that asked). */
export function takePasswordResetLink(email: string): string | undefined {
  const key = email.toLowerCase();
  const entry = recentResetLinks.get(key);
  recentResetLinks.delete(key);
  return entry && Date.now() - entry.at < LINK_MEMORY_MS ? entry.url : undefined;
}

/** Emails a reset link, branded as the person's organisation (their first active membership). */
export function emailPasswordResetLink(user: { id: string; email: string; name: string | null }, url: string): void {
  sendInBackground('password reset', async () => {
    const membership = await asService('auth: find whose brand a password reset email carries', (tx) =>
      tx.selectFrom('memberships').select('org_id').where('user_id', '=', user.id).where('deactivated_at', 'is', null).orderBy('created_at').executeTakeFirst(),
    );
    if (!membership) return { ok: false, error: { message: 'the user belongs to no organisation' } };
    return sendEmail(
      { system: 'auth: password reset' },
      {
        org_id: membership.org_id,
        template: 'password-reset',
        to: user.email,
        props: { recipient: { firstName: user.name?.trim().split(/\s+/)[0] || 'there' }, resetUrl: url },
        // One email per link: the token makes every reset link different.
        idempotency_key: `password-reset:${createHash('sha256').update(url).digest('hex').slice(0, 40)}`,
      },
    );
  });
}

export type InvitationEmail = { orgId: string; invitationId: string; email: string; role: string; inviterName: string; url: string; expiresAt: Date };

export function emailInvitationLink(invitation: InvitationEmail): void {
  sendInBackground('invitation', () =>
    sendEmail(
      { system: 'auth: staff invitation' },
      {
        org_id: invitation.orgId,
        template: 'staff-invitation',
        to: invitation.email,
        props: {
          // The invitee chooses their name when accepting; until then there is none to use.
          recipient: { firstName: 'there' },
          inviterName: invitation.inviterName.slice(0, 80),
          role: invitation.role,
          invitationUrl: invitation.url,
          expiresAt: invitation.expiresAt.toISOString(),
          timeZone: timeZone(),
        },
        idempotency_key: `staff-invitation:${invitation.invitationId}`,
      },
    ),
  );
}
