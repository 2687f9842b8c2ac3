import type { SendEmailError } from '../email/send';

/** One line for a send-email error, with the first few props issues: what a campaign or job log shows. */
export function describeError(error: SendEmailError): string {
  const issues = error.issues?.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`);
  return `${error.code}: ${error.message}${issues?.length ? ` (${issues.join('; ')})` : ''}`;
}
