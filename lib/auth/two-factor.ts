/**
 * The rules of two-factor sign-in, in one place for the server and the browser: how long a
 * trusted device is spared the code, and whom an organisation's requirement applies to.
 */
import type { MemberRole } from '../db/types';

/** How long "trust this device" spares a second factor at sign-in. */
export const TRUSTED_DEVICE_DAYS = 30;

/** The roles an organisation's "require two-factor sign-in" applies to. */
export const TWO_FACTOR_ROLES: readonly MemberRole[] = ['admin', 'compliance'];
