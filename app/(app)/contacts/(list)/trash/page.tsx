import type { Metadata } from 'next';
import { TrashPage } from '@/components/records/trash-page';

export const metadata: Metadata = { title: 'Contact trash' };

export default function ContactTrashPage() {
  return <TrashPage entity="contacts" />;
}
