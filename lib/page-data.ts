/**
 * How pages load service data: a user-caused failure (a bad filter in the URL, a stale page
 * link) becomes a message on the page; a record the user cannot see becomes a 404; anything
 * else is a bug and goes to the error boundary.
 */
import { notFound } from 'next/navigation';
import { CrmError } from './crm/errors';

export async function orProblem<T>(work: Promise<T>): Promise<{ data: T | null; problem: string | null }> {
  try {
    return { data: await work, problem: null };
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    return { data: null, problem: error.message };
  }
}

export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const invalidId = (error as { code?: string }).code === '22P02';
    if (invalidId || (error instanceof CrmError && (error.kind === 'not_found' || error.kind === 'validation'))) notFound();
    throw error;
  }
}
