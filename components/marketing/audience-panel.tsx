import Link from 'next/link';
import { type AudienceSummary, type ExclusionReason, exclusionReasons } from '@/lib/marketing/audience';

const n = (value: number) => value.toLocaleString('en-GB');

/**
 * Who a campaign reaches: everyone in its segment, who will receive it, and who will be left
 * out and why. Each number opens the people behind it.
 */
export function AudiencePanel({ campaignId, summary }: { campaignId: string; summary: AudienceSummary }) {
  const reasons = (Object.keys(exclusionReasons) as ExclusionReason[]).filter((r) => summary.excluded[r] > 0);
  const left = summary.total - summary.receiving;
  return (
    <section aria-labelledby="audience-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="audience-panel">
      <h2 id="audience-heading" className="text-lg font-semibold">Audience</h2>
      <p className="text-sm">
        <span data-testid="audience-total">{n(summary.total)}</span> {summary.segment.audience} in “{summary.segment.name}”;{' '}
        <strong data-testid="audience-receiving">{n(summary.receiving)}</strong> will receive it.
      </p>
      {left > 0 ? (
        <>
          <p className="text-sm font-medium">{n(left)} will be left out:</p>
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 text-sm" data-testid="audience-exclusions">
            {reasons.map((reason) => (
              <li key={reason} className="flex items-center justify-between gap-3 px-3 py-2">
                <span>{exclusionReasons[reason]}</span>
                <Link
                  href={`/marketing/campaigns/${campaignId}/audience?reason=${reason}`}
                  className="min-h-8 font-semibold text-brand-700 underline"
                  data-testid={`excluded-${reason}`}
                  aria-label={`${n(summary.excluded[reason])} people: ${exclusionReasons[reason]}. See who.`}
                >
                  {n(summary.excluded[reason])}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="text-sm text-slate-600">Nobody in the segment is left out.</p>
      )}
      {summary.excluded.no_consent > 0 ? (
        <p className="text-xs text-slate-600">
          Marketing email goes only to people who agreed to it. Consent is collected by your web forms (with a confirmation
          email: double opt-in), by the learner portal’s preferences, by staff recording it on a person, and by imports with a
          consent column — each kept as evidence in the consent ledger.
        </p>
      ) : null}
    </section>
  );
}
