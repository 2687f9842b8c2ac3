/** What a person asks for when they export a list (client and server). */
import { z } from 'zod';

export const exportLists = ['leads', 'contacts', 'accounts', 'opportunities'] as const;
export type ExportList = (typeof exportLists)[number];

/** CSV for any tool; an Excel workbook keeps numbers as numbers. */
export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportRequestSchema = z.object({
  list: z.enum(exportLists, { error: 'Choose a list to export.' }),
  /** The list's URL query as the person sees it: filters, search and sort (not the page). */
  query: z.string().max(4000, 'These filters are too long to export.').default(''),
  /** The grid's shown column ids, or every column. */
  format: z.enum(exportFormats, { error: 'Choose CSV or Excel.' }).default('csv'),
  columns: z.union([z.literal('all'), z.array(z.string().regex(/^[a-z][a-z0-9_.]{0,60}$/)).min(1, 'Show at least one column.').max(100)]),
});
export type ExportRequest = z.input<typeof exportRequestSchema>;
