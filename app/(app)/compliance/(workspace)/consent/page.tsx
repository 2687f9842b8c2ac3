import type { Metadata } from 'next';
import { ConsentLookup } from '@/components/compliance/consent-lookup';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Consent lookup' };

export default function ConsentPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Consent lookup" subtitle="When and how a person gave or withdrew consent, with the proof recorded at the time." />
      <ConsentLookup />
    </div>
  );
}
