import { z } from 'zod';

export const signInSchema = z.object({
  email: z.email('Enter the email address you were invited with.'),
  password: z.string().min(1, 'Enter your password.').max(128, 'Passwords are at most 128 characters.'),
});
export type SignInInput = z.infer<typeof signInSchema>;
