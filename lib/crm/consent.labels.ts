/**
 * A person's marketing-email consent as the lists show it (marketing_consent_statuses:
 * `granted` true/false, or no row when they were never asked). One home for the words, used by
 * the contacts and leads grids and their exports; no zod, so grids can ship it to the browser.
 */
export type MarketingConsent = boolean | null;

export const marketingConsentLabels = { granted: 'Consented', withdrawn: 'Withdrawn', none: 'Not asked' } as const;

export function marketingConsentLabel(granted: MarketingConsent): string {
  return granted === null ? marketingConsentLabels.none : granted ? marketingConsentLabels.granted : marketingConsentLabels.withdrawn;
}
