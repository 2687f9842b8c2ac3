import { z } from 'zod';

export const signInSchema = z.object({
  email: z.email('Enter the email address you were invited with.'),
  password: z.string().min(1, 'Enter your password.').max(128, 'Passwords are at most 128 characters.'),
});
export type SignInInput = z.infer<typeof signInSchema>;

/** The second step of a sign-in: a code from the authenticator app, or one of the backup codes. */
export const secondFactorSchema = z.object({
  code: z
    .string()
    .trim()
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^(\d{6}|[A-Za-z0-9-]{8,24})$/, 'Enter the 6-digit code from your authenticator app, or a backup code.')),
  trustDevice: z.boolean().optional(),
});
export type SecondFactorInput = z.input<typeof secondFactorSchema>;

/** Turning a second factor on or off, or new backup codes: the account's password first. */
export const twoFactorPasswordSchema = z.object({
  password: z.string().min(1, 'Enter your password.').max(128, 'Passwords are at most 128 characters.'),
});
export type TwoFactorPasswordInput = z.infer<typeof twoFactorPasswordSchema>;

/** Confirming the authenticator app during setup: its current code. */
export const totpCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code your authenticator app shows.')),
});
export type TotpCodeInput = z.input<typeof totpCodeSchema>;
