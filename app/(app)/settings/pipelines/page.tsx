import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { NewPipelineForm } from '@/components/settings/new-pipeline-form';
import { StageEditor } from '@/components/settings/stage-editor';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { listPipelines } from '@/lib/crm/opportunities';

export const metadata: Metadata = { title: 'Pipelines' };

export default async function PipelinesPage() {
  const staff = await requireStaff();
  if (staff.role !== 'admin' && staff.role !== 'manager') redirect('/dashboard');
  const pipelines = await listPipelines(staff);
  return (
    <div className="space-y-6">
      <PageHeader title="Pipelines and stages" subtitle="Stages in order, with the win probability a deal gets when it enters the stage." />
      <NewPipelineForm />
      {pipelines.map((pipeline) => (
        <section key={pipeline.id} aria-labelledby={`pipeline-${pipeline.id}`} className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4">
          <h2 id={`pipeline-${pipeline.id}`} className="font-semibold">{pipeline.name}{pipeline.is_default ? ' (default)' : ''}</h2>
          <StageEditor pipelineId={pipeline.id} stages={pipeline.stages} />
        </section>
      ))}
    </div>
  );
}
