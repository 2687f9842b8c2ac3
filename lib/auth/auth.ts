/**
 * Staff identity: better-auth in the same Postgres, its tables in the `identity` schema
 * (outside `public`, so the API never exposes password hashes or sessions). User ids are
 * uuids and become the `sub` claim that RLS reads through auth.uid().
 *
 * Roles are not better-auth's business: they live in public.memberships, where policies
 * read them. Public sign-up is off; staff join through invitations (lib/auth/invitations.ts).
 */
import { betterAuth } from 'better-auth';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { twoFactor } from 'better-auth/plugins';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { appPoolConfig, survivesServerLoss } from '../db/client';
import { isUserDeactivated } from './deactivation';
import { emailPasswordResetLink, recordPasswordResetLink } from './links';
import { COMMON_PASSWORD_MESSAGE, isCommonPassword } from './common-passwords';
import { clearSignInFailures, lockedMessage, recordSignInFailure, signInLockedUntil } from './sign-in-lockout';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.schema';
import { TRUSTED_DEVICE_DAYS } from './two-factor';

/**
 * better-auth's own connections: they log in as authenticator and start as cohort_identity,
 * the role that owns the identity schema (migration 20261201000100) and nothing else.
 */
function identityDb() {
  const pool = survivesServerLoss(new pg.Pool(appPoolConfig({ applicationName: 'cohort-identity', max: 5, role: 'cohort_identity' })), 'identity');
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}

function createAuth() {
  return betterAuth({
    appName: 'Cohort',
    secret: process.env.BETTER_AUTH_SECRET,
    baseURL: process.env.BETTER_AUTH_URL ?? 'http://localhost:3000',
    database: {
      db: identityDb(),
      type: 'postgres',
      schemaName: 'identity',
      transaction: true,
    },
    advanced: { database: { generateId: 'uuid' } },
    // A person renames themselves on the Profile page (lib/auth/profile.ts changeMyName), where
    // the name is checked and kept the same in every organisation; the raw endpoint would let
    // any name past those rules.
    disabledPaths: ['/update-user'],
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      // Staff join by invitation only; the invitation flow creates users server-side.
      disableSignUp: true,
      revokeSessionsOnPasswordReset: true,
      // Logged and kept for the admin who asked (as before email), and emailed in the background.
      sendResetPassword: async ({ user, url }) => {
        recordPasswordResetLink(user.email, url);
        emailPasswordResetLink({ id: user.id, email: user.email, name: user.name }, url);
      },
    },
    // Every request reads the session row, so deactivating a user ends their sessions at once.
    session: { cookieCache: { enabled: false } },
    rateLimit: {
      enabled: process.env.AUTH_RATE_LIMIT !== 'off',
      storage: 'database',
      customRules: {
        '/sign-in/email': { window: 60, max: Number(process.env.AUTH_SIGNIN_LIMIT_PER_MINUTE ?? 10) },
        '/request-password-reset': { window: 300, max: 5 },
        // A second factor is a sign-in too: the same limit per address as the password.
        '/two-factor/verify-totp': { window: 60, max: Number(process.env.AUTH_SIGNIN_LIMIT_PER_MINUTE ?? 10) },
        '/two-factor/verify-backup-code': { window: 60, max: Number(process.env.AUTH_SIGNIN_LIMIT_PER_MINUTE ?? 10) },
      },
    },
    // Per-account throttling of /sign-in/email (lib/auth/sign-in-lockout.ts): a locked address
    // is refused before its password is checked; each wrong password counts towards a lock.
    // New passwords (reset, change) are refused when they are common ones.
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // A new password is never one of the commonly used ones (better-auth checks its length).
        if (typeof ctx.body?.newPassword === 'string' && isCommonPassword(ctx.body.newPassword)) {
          throw new APIError('BAD_REQUEST', { message: COMMON_PASSWORD_MESSAGE, code: 'COMMON_PASSWORD' });
        }
        if (ctx.path !== '/sign-in/email' || typeof ctx.body?.email !== 'string') return;
        const until = await signInLockedUntil(ctx.body.email);
        if (until) throw new APIError('TOO_MANY_REQUESTS', { message: lockedMessage(until), code: 'ACCOUNT_LOCKED' });
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-in/email' || typeof ctx.body?.email !== 'string') return;
        const returned = ctx.context.returned;
        if (!isAPIError(returned)) return clearSignInFailures(ctx.body.email);
        // The failure that locks the address still answers as a wrong password; the lock shows from the next try.
        if (returned.statusCode === 401) await recordSignInFailure(ctx.body.email);
      }),
    },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            if (await isUserDeactivated(session.userId)) {
              throw new APIError('FORBIDDEN', { message: 'This account has been deactivated. Ask an administrator.' });
            }
          },
        },
      },
    },
    plugins: [
      // TOTP from an authenticator app, ten one-time backup codes, and "trust this device" for
      // 30 days. Five wrong codes end a sign-in attempt; repeated ones lock the second factor
      // for a while (better-auth's own counters on identity."twoFactor").
      twoFactor({ issuer: 'Cohort', trustDeviceMaxAge: TRUSTED_DEVICE_DAYS * 86_400, backupCodeOptions: { amount: 10 } }),
      // nextCookies must stay the last plugin: it copies Set-Cookie into Next's cookie store.
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
const cache = globalThis as typeof globalThis & { __cohortAuth?: Auth };

export function auth(): Auth {
  cache.__cohortAuth ??= createAuth();
  return cache.__cohortAuth;
}
