/**
 * Export and erasure of a data subject, through the gdpr-export and gdpr-erase edge
 * functions: they verify the caller's token and run private.subject_export /
 * private.erase_subject under the caller's claims. The erasure needs the subject's email
 * typed again as an explicit confirmation.
 */
import { z } from 'zod';
import { forbidden, parseInput, validationError } from '../crm/errors';
import type { CrmSession } from '../crm/session';
import { invokeEdgeFunction } from '../functions/invoke';

export const eraseSchema = z.object({
  request_id: z.uuid(),
  confirm_email: z.email('Type the subject’s email address to confirm.'),
  keep_training_records: z.boolean().default(true),
});

function raise(status: number, message: string): never {
  if (status === 403 || status === 401) throw forbidden(message);
  throw validationError(message);
}

export async function exportSubject(session: CrmSession, requestId: string): Promise<unknown> {
  const result = await invokeEdgeFunction(session, 'gdpr-export', { request_id: requestId });
  if (!result.ok) raise(result.status, result.message);
  return result.data;
}

export async function eraseSubject(session: CrmSession, input: unknown): Promise<Record<string, unknown>> {
  const body = parseInput(eraseSchema, input);
  const result = await invokeEdgeFunction(session, 'gdpr-erase', body);
  if (!result.ok) raise(result.status, result.message);
  return result.data as Record<string, unknown>;
}
