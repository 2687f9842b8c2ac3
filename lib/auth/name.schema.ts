import { z } from 'zod';

/** A person's own name, as they set it on their profile (the database checks the same: set_my_display_name). */
export const myNameSchema = z.object({
  name: z
    .string({ error: 'Enter your name.' })
    .trim()
    .min(1, 'Enter your name.')
    .max(120, 'Keep your name to 120 characters.')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'Use letters, spaces and punctuation only.'),
});
