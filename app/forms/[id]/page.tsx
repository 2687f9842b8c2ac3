import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BrandedCard } from '@/components/public/branded-card';
import { PublicLeadForm } from '@/components/forms/public-lead-form';
import { getPublicForm } from '@/lib/compliance/lead-forms';

export const metadata: Metadata = { title: 'Get in touch' };
export const dynamic = 'force-dynamic';

/** A public, embeddable lead-capture form (iframe it, or link to it). */
export default async function PublicFormPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const form = await getPublicForm(id);
  if (!form) notFound();
  return (
    <BrandedCard brand={form.brand} title={form.name}>
      <PublicLeadForm formId={form.id} fields={form.fields} consentText={form.consent_text} />
    </BrandedCard>
  );
}
