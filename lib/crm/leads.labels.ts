/** Lead statuses and their labels, without zod: list pages ship these to the browser. */
export const leadStatuses = ['new', 'working', 'qualified', 'disqualified', 'converted'] as const;
export type LeadStatusName = (typeof leadStatuses)[number];

export const leadStatusLabels: Record<LeadStatusName, string> = {
  new: 'New',
  working: 'Working',
  qualified: 'Qualified',
  disqualified: 'Disqualified',
  converted: 'Converted',
};
