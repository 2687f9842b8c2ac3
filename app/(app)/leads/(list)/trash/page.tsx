import type { Metadata } from 'next';
import { TrashPage } from '@/components/records/trash-page';

export const metadata: Metadata = { title: 'Lead trash' };

export default function LeadTrashPage() {
  return <TrashPage entity="leads" />;
}
