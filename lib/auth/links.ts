/**
 * Until the email issue lands, invitation and password-reset links are not mailed: they are
 * written to the server log and handed back to the admin who asked for them.
 */
const recentResetLinks = new Map<string, { url: string; at: number }>();
const LINK_MEMORY_MS = 60_000;

export function recordPasswordResetLink(email: string, url: string): void {
  console.info(`[auth] password reset link for ${email}: ${url}`);
  recentResetLinks.set(email.toLowerCase(), { url, at: Date.now() });
}

/** The reset link just produced for `email`, if any (read once by the admin action that asked). */
export function takePasswordResetLink(email: string): string | undefined {
  const key = email.toLowerCase();
  const entry = recentResetLinks.get(key);
  recentResetLinks.delete(key);
  return entry && Date.now() - entry.at < LINK_MEMORY_MS ? entry.url : undefined;
}

export function logInvitationLink(email: string, url: string): void {
  console.info(`[auth] invitation link for ${email}: ${url}`);
}
