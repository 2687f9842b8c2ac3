/**
 * What every learner portal page does first: an email's pass in the address is traded for a
 * session (app/learn/pass) before anything is shown, and a page that needs a trainee sends
 * everyone else to sign in.
 */
import { notFound, redirect } from 'next/navigation';
import { CrmError } from '../crm/errors';
import { currentLearner, type Learner } from './session';
import { myBooking } from './training';
import { learnerPaths } from './urls';

export type LearnerSearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Forwards `?pass=` to the exchange, keeping the other parameters of `path`. */
export async function forwardPass(path: string, searchParams: LearnerSearchParams): Promise<void> {
  const params = await searchParams;
  const pass = typeof params.pass === 'string' ? params.pass : undefined;
  if (!pass) return;
  const rest = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (key !== 'pass' && typeof value === 'string') rest.set(key, value);
  const query = rest.toString();
  redirect(learnerPaths.pass(pass, `${path}${query ? `?${query}` : ''}`));
}

/** The trainee of this page, after forwarding a pass; sign-in for everyone else. */
export async function requireLearner(path: string, searchParams: LearnerSearchParams): Promise<Learner> {
  await forwardPass(path, searchParams);
  const learner = await currentLearner();
  if (!learner) redirect(`${learnerPaths.home()}?link=signin`);
  return learner;
}

/** The booking for its page; one the session does not reach (another person's, or outside its link) is a 404, like one that does not exist. */
export async function loadBooking(learner: Learner, id: string) {
  try {
    return await myBooking(learner, id);
  } catch (error) {
    if (error instanceof CrmError && (error.kind === 'not_found' || error.kind === 'validation')) notFound();
    throw error;
  }
}
