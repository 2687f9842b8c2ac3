/**
 * A staff member's own account: their name, their sessions, and changing their password.
 * Everything goes through better-auth with the request's session cookie (and the name through
 * Postgres as the person), so nobody reaches another person's.
 */
import { APIError } from 'better-auth/api';
import { sql } from 'kysely';
import { z } from 'zod';
import { parseInput, validationError } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { auth } from './auth';
import { serverPasswordSchema } from './common-passwords';
import { myNameSchema } from './name.schema';

export type MySession = { id: string; current: boolean; createdAt: Date; lastSeenAt: Date; expiresAt: Date; device: string; ipAddress: string | null };

/** A readable name for the device of a session, from its user agent. */
export function deviceOf(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrome\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : 'A browser';
  const system = /iPhone|iPad/.test(userAgent) ? 'iOS' : /Android/.test(userAgent) ? 'Android' : /Mac OS X/.test(userAgent) ? 'macOS' : /Windows/.test(userAgent) ? 'Windows' : /Linux/.test(userAgent) ? 'Linux' : '';
  return system ? `${browser} on ${system}` : browser;
}

/** The signed-in person's active sessions, this one first. Tokens never leave the server. */
export async function listMySessions(requestHeaders: Headers): Promise<MySession[]> {
  const [current, sessions] = await Promise.all([auth().api.getSession({ headers: requestHeaders }), auth().api.listSessions({ headers: requestHeaders })]);
  return sessions
    .filter((s) => new Date(s.expiresAt).getTime() > Date.now())
    .map((s) => ({
      id: s.id,
      current: s.id === current?.session.id,
      createdAt: new Date(s.createdAt),
      lastSeenAt: new Date(s.updatedAt),
      expiresAt: new Date(s.expiresAt),
      device: deviceOf(s.userAgent),
      ipAddress: s.ipAddress ?? null,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
}

/**
 * Renames the signed-in person: the name their colleagues see in every organisation they
 * belong to (memberships, through a function that writes nothing else) and their account's.
 */
export async function changeMyName(requestHeaders: Headers, session: CrmSession, input: unknown): Promise<string> {
  const { name } = parseInput(myNameSchema, input);
  await inUserTransaction(session, (tx) => sql`select private.set_my_display_name(${name})`.execute(tx));
  await auth().api.updateUser({ body: { name }, headers: requestHeaders });
  return name;
}

export const passwordChangeSchema = z
  .object({
    currentPassword: z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.').max(256),
    newPassword: serverPasswordSchema,
    confirm: z.string(),
  })
  .refine((p) => p.newPassword === p.confirm, { path: ['confirm'], message: 'The two new passwords differ.' })
  .refine((p) => p.newPassword !== p.currentPassword, { path: ['newPassword'], message: 'Choose a password you have not been using.' });

/** Changes the password (current one required) and signs the person out everywhere else. */
export async function changeMyPassword(requestHeaders: Headers, input: unknown): Promise<void> {
  const { currentPassword, newPassword } = parseInput(passwordChangeSchema, input);
  try {
    await auth().api.changePassword({ body: { currentPassword, newPassword, revokeOtherSessions: true }, headers: requestHeaders });
  } catch (error) {
    if (error instanceof APIError) {
      const wrong = /invalid password|incorrect/i.test(error.message);
      const message = wrong ? 'Your current password is not right.' : error.message;
      throw validationError(message, { [wrong ? 'currentPassword' : 'newPassword']: [message] });
    }
    throw error;
  }
}

/** Signs out every other session of the person ("sign out everywhere else"). */
export async function endMyOtherSessions(requestHeaders: Headers): Promise<void> {
  await auth().api.revokeOtherSessions({ headers: requestHeaders });
}

/** Signs out one of the person's own sessions, named by its id (its token stays on the server). */
export async function endMySession(requestHeaders: Headers, sessionId: unknown): Promise<void> {
  const id = parseInput(z.string().min(1).max(100), sessionId);
  const sessions = await auth().api.listSessions({ headers: requestHeaders });
  const target = sessions.find((s) => s.id === id);
  if (!target) throw validationError('That session has already ended.');
  await auth().api.revokeSession({ body: { token: target.token }, headers: requestHeaders });
}
