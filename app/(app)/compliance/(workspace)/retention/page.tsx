import type { Metadata } from 'next';
import { RetentionPolicyForm } from '@/components/compliance/retention-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { listRetentionPolicies, previewRetention, retentionKindLabels, retentionKinds } from '@/lib/compliance/retention';
import { formatDate, formatDateTime } from '@/lib/format';

export const metadata: Metadata = { title: 'Retention' };

export default async function RetentionPage() {
  const staff = await requireStaff();
  const [{ policies, runs }, preview] = await Promise.all([listRetentionPolicies(staff), previewRetention(staff)]);
  return (
    <div className="space-y-6">
      <PageHeader title="Retention" subtitle="How long each kind of data is kept, and why. A daily job removes what is older; admins set the periods." />
      <div className="space-y-3">
        {retentionKinds.map((kind) => {
          const policy = policies.find((p) => p.kind === kind);
          return (
            <RetentionPolicyForm
              key={kind}
              canEdit={staff.role === 'admin'}
              policy={{ kind, label: retentionKindLabels[kind], keep_months: policy?.keep_months ?? null, legal_basis: policy?.legal_basis ?? null, enabled: policy?.enabled ?? false }}
            />
          );
        })}
      </div>
      <section aria-labelledby="preview-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="preview-heading" className="mb-2 font-semibold">Dry run: what the next run would remove</h2>
        <ul className="space-y-1 text-sm" data-testid="retention-preview">
          {preview.map((p) => <li key={p.kind}>{retentionKindLabels[p.kind]}: <strong>{p.affected}</strong> older than {formatDate(p.cutoff)}</li>)}
          {preview.length === 0 ? <li>No policy is enabled.</li> : null}
        </ul>
      </section>
      <section aria-labelledby="runs-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="runs-heading" className="mb-2 font-semibold">What went</h2>
        <ul className="space-y-1 text-sm">
          {runs.map((r) => <li key={r.id}>{formatDateTime(r.ran_at)} · {retentionKindLabels[r.kind]} · {r.affected} {r.dry_run ? 'would have been removed (dry run)' : 'removed'}</li>)}
          {runs.length === 0 ? <li>No run yet.</li> : null}
        </ul>
      </section>
    </div>
  );
}
