/**
 * Passwords attackers try first: the common-password list of zxcvbn-ts (@zxcvbn-ts/language-common,
 * ~49,000 entries ordered by how often they were seen in breaches). Server-side only: the list
 * is too large for the browser, so forms check the length and the server checks this (never
 * import this module into a client component).
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { passwordSchema } from './password.schema';

let common: Set<string> | undefined;

export const COMMON_PASSWORD_MESSAGE = 'This is one of the most commonly used passwords, which attackers try first. Choose another.';

/** True when `password` (ignoring case) is on the common-password list. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((entry) => entry.toLowerCase()));
  return common.has(password.toLowerCase());
}

/** The password rule as the server applies it: length (shared with the forms) and not common. */
export const serverPasswordSchema = passwordSchema.refine((password) => !isCommonPassword(password), COMMON_PASSWORD_MESSAGE);
