import type { Metadata } from 'next';
import { LiveRefresh } from '@/components/live/live-refresh';
import { EnrollSegmentForm, ExitButtons, RemoveStepButton } from '@/components/marketing/sequence-actions';
import { SequenceForm } from '@/components/marketing/sequence-form';
import { SequenceStepForm } from '@/components/marketing/sequence-step-form';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { formatDateTime } from '@/lib/format';
import { segmentChoices } from '@/lib/marketing/options';
import { canBuildMarketing } from '@/lib/marketing/roles';
import { getSequence } from '@/lib/marketing/sequences';
import { templateChoices } from '@/lib/marketing/template-props';
import { orNotFound } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Sequence' };

const delay = (minutes: number) => {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return [days ? `${days} day${days === 1 ? '' : 's'}` : '', hours ? `${hours} hour${hours === 1 ? '' : 's'}` : ''].filter(Boolean).join(' ') || 'straight away';
};

const joinedBy = { manual: 'by hand', segment: 'by segment', trigger: 'automatically' } as const;

export default async function SequencePage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const { sequence, steps, enrollments, counts } = await orNotFound(getSequence(staff, id));
  const canEdit = canBuildMarketing(staff.role);
  return (
    <div className="space-y-5">
      <PageHeader
        title={sequence.name}
        subtitle={`${counts.active ?? 0} in progress · ${counts.completed ?? 0} completed · ${counts.exited ?? 0} left early`}
        actions={<Badge tone={sequence.is_active ? 'green' : 'amber'}>{sequence.is_active ? 'active' : 'paused'}</Badge>}
      />
      <LiveRefresh watch={[{ table: 'sequences', ids: [sequence.id] }, { table: 'sequence_steps' }, { table: 'sequence_enrollments' }]} />
      {canEdit ? (
        <SequenceForm
          sequenceId={sequence.id}
          initial={{ name: sequence.name, description: sequence.description ?? '', exit_on_conversion: sequence.exit_on_conversion, is_active: sequence.is_active, enroll_on: sequence.enroll_on ?? '' }}
        />
      ) : null}
      <section aria-labelledby="steps-heading" className="space-y-2">
        <h2 id="steps-heading" className="text-lg font-semibold">Steps</h2>
        {steps.length === 0 ? <EmptyState title="No steps yet." action="Add the first email below." /> : null}
        <ol className="space-y-2" data-testid="sequence-steps">
          {steps.map((step) => (
            <li key={step.id} className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm">
              <span className="font-semibold">Step {step.position}</span>
              <span>{step.template}</span>
              <span className="text-slate-700">{delay(step.delay_minutes)} {step.position === 1 ? 'after enrolling' : 'after the previous step'}</span>
              {canEdit ? <span className="ml-auto"><RemoveStepButton sequenceId={sequence.id} stepId={step.id} position={step.position} /></span> : null}
            </li>
          ))}
        </ol>
      </section>
      {canEdit ? <SequenceStepForm sequenceId={sequence.id} templates={templateChoices()} first={steps.length === 0} /> : null}
      <section aria-labelledby="people-heading" className="space-y-2">
        <h2 id="people-heading" className="text-lg font-semibold">People</h2>
        {canEdit && steps.length ? <EnrollSegmentForm sequenceId={sequence.id} segments={await segmentChoices(staff)} /> : null}
        {enrollments.length === 0 ? <EmptyState title="Nobody is enrolled yet." /> : null}
        {enrollments.length ? (
          <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm" data-testid="sequence-enrollments">
            <thead className="bg-slate-50 text-left">
              <tr>
                <th scope="col" className="px-4 py-2">Person</th>
                <th scope="col" className="px-4 py-2">Status</th>
                <th scope="col" className="px-4 py-2">Joined</th>
                <th scope="col" className="px-4 py-2">Steps sent</th>
                <th scope="col" className="px-4 py-2">Next step</th>
                <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {enrollments.map((e) => (
                <tr key={e.id}>
                  <td className="px-4 py-2">{e.person}</td>
                  <td className="px-4 py-2">{e.status}{e.exit_reason ? ` (${e.exit_reason})` : ''}</td>
                  <td className="px-4 py-2">{joinedBy[e.source]}</td>
                  <td className="px-4 py-2 tabular-nums">{e.current_step} of {steps.length}</td>
                  <td className="px-4 py-2">{e.status === 'active' ? formatDateTime(e.next_run_at) : '—'}</td>
                  <td className="px-4 py-2">{canEdit && e.status === 'active' ? <ExitButtons sequenceId={sequence.id} enrollmentId={e.id} person={e.person} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}
