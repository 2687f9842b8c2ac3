import { z } from 'zod';
import { passwordSchema } from './password.schema';
import { memberRoleSchema } from './roles';

export const invitationSchema = z.object({
  email: z.email('Enter a valid email address.').transform((value) => value.toLowerCase()),
  role: memberRoleSchema,
});

export const acceptInvitationSchema = z.object({
  name: z.string().trim().min(2, 'Enter your full name.').max(150, 'Use at most 150 characters.'),
  password: passwordSchema,
});
