/** What a trainee prepares before a course: shown in the booking email and on the booking's portal page. */

const DEFAULT_PREPARATION = [
  'Read the joining instructions and any pre-course material in your learner portal before the first day.',
  'Plan to arrive (or join the online room) ten minutes early, so we can start on time.',
  'Bring photo ID if your course ends with an exam: you will need it to sit it.',
];

/** A course's own preparation list (courses.preparation, edited on the course's page), or sensible defaults. */
export function preparationOf(list: readonly string[] | null | undefined): string[] {
  const items = (list ?? []).map((x) => x.trim()).filter(Boolean);
  return items.length ? items.slice(0, 8) : DEFAULT_PREPARATION;
}
