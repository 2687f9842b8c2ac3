'use client';
import { twoFactorClient } from 'better-auth/client/plugins';
import { createAuthClient } from 'better-auth/react';

/**
 * Same-origin better-auth client: sign-in goes through /api/auth, where rate limits apply. The
 * sign-in form handles the second-factor step itself (a `twoFactorRedirect` answer), so the
 * plugin's redirect callback does nothing.
 */
export const authClient = createAuthClient({ plugins: [twoFactorClient({ onTwoFactorRedirect: () => {} })] });
