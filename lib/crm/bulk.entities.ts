/**
 * The lists with row selection and bulk actions, with the nouns their messages use. Kept free
 * of zod so the grids can import it without shipping the schemas to the browser.
 */
export const bulkEntities = {
  leads: { one: 'lead', many: 'leads' },
  contacts: { one: 'contact', many: 'contacts' },
  accounts: { one: 'account', many: 'accounts' },
  opportunities: { one: 'opportunity', many: 'opportunities' },
} as const;
export type BulkEntity = keyof typeof bulkEntities;
