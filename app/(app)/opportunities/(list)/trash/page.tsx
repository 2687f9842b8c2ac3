import type { Metadata } from 'next';
import { TrashPage } from '@/components/records/trash-page';

export const metadata: Metadata = { title: 'Opportunity trash' };

export default function OpportunityTrashPage() {
  return <TrashPage entity="opportunities" />;
}
