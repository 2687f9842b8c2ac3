import type { Metadata } from 'next';
import Link from 'next/link';
import { LiveRefresh } from '@/components/live/live-refresh';
import { SequenceForm } from '@/components/marketing/sequence-form';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { canBuildMarketing } from '@/lib/marketing/roles';
import { enrollTriggers } from '@/lib/marketing/sequence.schema';
import { listSequences } from '@/lib/marketing/sequences';
import { orProblem } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Sequences' };

export default async function SequencesPage() {
  const staff = await requireStaff();
  const { data: sequences, problem } = await orProblem(listSequences(staff));
  return (
    <div className="space-y-4">
      <PageHeader title="Sequences" subtitle="Nurture and onboarding series: timed emails that stop when someone converts, replies, unsubscribes or bounces." />
      <LiveRefresh watch={[{ table: 'sequences' }, { table: 'sequence_enrollments' }]} />
      {problem ? <Alert>{problem}</Alert> : null}
      {canBuildMarketing(staff.role) ? <SequenceForm sequenceId={null} initial={{ name: '', description: '', exit_on_conversion: true, is_active: true, enroll_on: '' }} /> : null}
      {sequences && sequences.length === 0 ? <EmptyState title="No sequences yet." /> : null}
      {sequences?.length ? (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm" data-testid="sequences">
          {sequences.map((q) => (
            <li key={q.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
              <Link href={`/marketing/sequences/${q.id}`} className="font-medium text-brand-700 underline">{q.name}</Link>
              <Badge tone={q.is_active ? 'green' : 'amber'}>{q.is_active ? 'active' : 'paused'}</Badge>
              <span className="text-slate-700">{Number(q.steps)} step(s) · {Number(q.active)} people in progress</span>
              {q.enroll_on ? <span className="text-slate-700">Enrolls automatically: {enrollTriggers[q.enroll_on].toLowerCase()}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
