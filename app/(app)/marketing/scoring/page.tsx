import type { Metadata } from 'next';
import Link from 'next/link';
import { emptyRule, ScoringRuleForm } from '@/components/marketing/scoring-rule-form';
import { RescoringStatus, ScoringRuleList, ScoringThresholdForm } from '@/components/marketing/scoring-rules';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { formatDate } from '@/lib/format';
import { canSetScoring, scoringOverview } from '@/lib/marketing/scoring';
import { orProblem } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Lead scoring' };

export default async function ScoringPage() {
  const staff = await requireStaff();
  const { data, problem } = await orProblem(scoringOverview(staff));
  const canEdit = canSetScoring(staff.role);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Lead scoring"
        subtitle="Every lead and contact scores 0–100 from these rules: what they are (job title, company size, stage) and what they do (emails opened and clicked, forms, bookings). Scores change within seconds of each event and fade overnight."
      />
      {problem ? <Alert>{problem}</Alert> : null}
      {data ? (
        <>
          <RescoringStatus progress={data.progress} />
          {canEdit ? null : <Alert tone="info">Admins and marketers set these rules; you can see how scores are made.</Alert>}
          <section aria-labelledby="rules-heading" className="space-y-3">
            <h2 id="rules-heading" className="text-lg font-semibold">
              Rules
            </h2>
            <ScoringRuleList rules={data.rules} canEdit={canEdit} />
          </section>
          {canEdit ? (
            <section aria-labelledby="new-rule-heading" className="space-y-3">
              <h2 id="new-rule-heading" className="text-lg font-semibold">
                Add a rule
              </h2>
              <ScoringRuleForm ruleId={null} initial={emptyRule} />
            </section>
          ) : null}
          <section aria-labelledby="threshold-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="threshold-heading" className="text-lg font-semibold">
              Marketing-qualified
            </h2>
            <p className="text-sm text-slate-700">
              A lead or contact whose score reaches {data.threshold} becomes marketing-qualified once, and its owner is notified. The score still moves afterwards.
            </p>
            {canEdit ? <ScoringThresholdForm threshold={data.threshold} /> : null}
            <h3 className="text-sm font-medium">Recently qualified</h3>
            {data.qualified.length === 0 ? (
              <p className="text-sm text-slate-700">Nobody you can see has qualified yet.</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm" data-testid="recently-qualified">
                {data.qualified.map((person) => (
                  <li key={person.personId} className="flex flex-wrap items-baseline justify-between gap-2 py-1">
                    <Link href={`/${person.kind}s/${person.personId}`} className="text-brand-700 underline">
                      {person.name}
                    </Link>
                    <span className="text-slate-700">
                      {person.kind === 'lead' ? 'Lead' : 'Contact'} · score {person.score} · qualified {formatDate(person.qualifiedAt)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : null}
    </div>
  );
}
