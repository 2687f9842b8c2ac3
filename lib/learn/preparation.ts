/** What a trainee prepares before a course: shown in the booking email and on the booking's portal page. */

const DEFAULT_PREPARATION = [
  'Read the joining instructions and any pre-course material in your learner portal before the first day.',
  'Plan to arrive (or join the online room) ten minutes early, so we can start on time.',
  'Bring photo ID if your course ends with an exam: you will need it to sit it.',
];

/** A course's own preparation list (courses.custom.preparation), or sensible defaults. */
export function preparationOf(custom: unknown): string[] {
  const list = (custom as { preparation?: unknown } | null)?.preparation;
  if (Array.isArray(list)) {
    const items = list.filter((x): x is string => typeof x === 'string' && x.trim().length > 0).map((x) => x.trim().slice(0, 300));
    if (items.length) return items.slice(0, 8);
  }
  return DEFAULT_PREPARATION;
}
