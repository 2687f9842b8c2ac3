/** What a person asks for when they export a list (client and server). */
import { z } from 'zod';

export const exportLists = ['leads', 'contacts', 'accounts', 'opportunities', 'activities', 'enrollments', 'certifications', 'campaign_recipients'] as const;
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

/** What an exported list's rows are called, one and many. */
export const exportListNouns: Record<ExportList, [one: string, many: string]> = {
  leads: ['lead', 'leads'],
  contacts: ['contact', 'contacts'],
  accounts: ['account', 'accounts'],
  opportunities: ['opportunity', 'opportunities'],
  activities: ['activity', 'activities'],
  enrollments: ['enrollment', 'enrollments'],
  certifications: ['certificate', 'certificates'],
  campaign_recipients: ['campaign recipient', 'campaign recipients'],
};

/** The list page an export's query came from (a campaign's recipients live on its own page). */
export function listPageHref(list: ExportList, query: string): string {
  const params = new URLSearchParams(query);
  const rest = () => (params.size ? `?${params}` : '');
  switch (list) {
    case 'enrollments':
      return `/training/enrollments${rest()}`;
    case 'certifications':
      return `/training/certificates${rest()}`;
    case 'campaign_recipients': {
      const campaign = params.get('campaign_id') ?? '';
      params.delete('campaign_id');
      return /^[0-9a-f-]{36}$/i.test(campaign) ? `/marketing/campaigns/${campaign}/recipients${rest()}` : '/marketing/campaigns';
    }
    default:
      return `/${list}${rest()}`;
  }
}
