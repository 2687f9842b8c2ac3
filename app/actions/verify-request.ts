'use server';

import { redirect } from 'next/navigation';
import { verifyRequestByToken } from '@/lib/compliance/requests';

/** Public: the data subject presses "Confirm" on the page their link opened. */
export async function confirmRequestAction(token: string): Promise<void> {
  const { verified } = await verifyRequestByToken(String(token));
  redirect(`/verify-request/done?verified=${verified ? '1' : '0'}`);
}
