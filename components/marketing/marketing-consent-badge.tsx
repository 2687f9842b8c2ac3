import { Badge } from '@/components/ui/badge';
import { type MarketingConsent, marketingConsentLabel } from '@/lib/crm/consent.labels';

/** Whether a person may be sent marketing email: consented (green), withdrawn, or never asked. */
export function MarketingConsentBadge({ granted }: { granted: MarketingConsent }) {
  if (granted === null) return <span className="text-slate-600">{marketingConsentLabel(null)}</span>;
  return <Badge tone={granted ? 'green' : 'slate'}>{marketingConsentLabel(granted)}</Badge>;
}
