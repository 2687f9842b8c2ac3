import { z } from 'zod';

/**
 * Control characters, and the invisible ones that reorder or hide text (bidi overrides and
 * isolates, zero-width characters), which would let a name pose as another's.
 * private.set_my_display_name refuses the same set.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const hiddenCharacters = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

/** A person's own name, as they set it on their profile. (String trim takes every Unicode space off the ends.) */
export const myNameSchema = z.object({
  name: z
    .string({ error: 'Enter your name.' })
    .trim()
    .min(1, 'Enter your name.')
    .max(120, 'Keep your name to 120 characters.')
    .refine((name) => !hiddenCharacters.test(name), 'Use letters, spaces and punctuation only.'),
});
