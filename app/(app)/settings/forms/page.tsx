import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { FormEmbedding } from '@/components/forms/form-embedding';
import { NewLeadFormDefinition } from '@/components/forms/new-lead-form-definition';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { listLeadForms } from '@/lib/compliance/lead-forms';

export const metadata: Metadata = { title: 'Lead forms' };

export default async function LeadFormsPage() {
  const staff = await requireStaff();
  if (staff.role !== 'admin' && staff.role !== 'marketing') redirect('/dashboard');
  const forms = await listLeadForms(staff);
  const base = process.env.BETTER_AUTH_URL ?? 'http://localhost:3000';
  return (
    <div className="space-y-6">
      <PageHeader
        title="Lead capture forms"
        subtitle="Public forms for your website: each creates a lead (never changing one you have) and asks the visitor to confirm a ticked consent by email."
      />
      <NewLeadFormDefinition />
      <ul className="space-y-3" data-testid="lead-forms">
        {forms.map((f) => (
          <li key={f.id} className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <p className="font-medium">{f.name}{f.enabled ? '' : ' (disabled)'}</p>
            <p className="text-slate-700">Link: <a className="text-brand-700 underline" href={`/forms/${f.id}`}>{`${base}/forms/${f.id}`}</a></p>
            <p className="mt-1 text-slate-700">Embed: <code className="break-all">{`<iframe src="${base}/forms/${f.id}" title="${f.name}" style="width:100%;min-height:640px;border:0"></iframe>`}</code></p>
            <FormEmbedding formId={f.id} formName={f.name} origins={f.embed_origins} />
          </li>
        ))}
      </ul>
    </div>
  );
}
