/**
 * How an organisation presents itself on the public pages people reach from its emails and
 * forms (certificate verification, unsubscribe, data requests, forms): its name, logo and
 * colour — never "Cohort".
 */
export type Brand = { name: string; logoUrl: string | null; color: string | null };

/** The organisations columns a brand is read from (select them as these aliases). */
export const brandColumns = ['organizations.name as brand_name', 'organizations.logo_url as brand_logo_url', 'organizations.brand_color as brand_color'] as const;

export function brandOf(row: { brand_name: string; brand_logo_url: string | null; brand_color: string | null }): Brand {
  return { name: row.brand_name, logoUrl: row.brand_logo_url, color: row.brand_color && /^#[0-9a-fA-F]{6}$/.test(row.brand_color) ? row.brand_color : null };
}
