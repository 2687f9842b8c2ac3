'use client';
import { createAuthClient } from 'better-auth/react';

/** Same-origin better-auth client: sign-in goes through /api/auth, where rate limits apply. */
export const authClient = createAuthClient();
