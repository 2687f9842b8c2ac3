import type { Metadata } from 'next';
import { TrashPage } from '@/components/records/trash-page';

export const metadata: Metadata = { title: 'Account trash' };

export default function AccountTrashPage() {
  return <TrashPage entity="accounts" />;
}
