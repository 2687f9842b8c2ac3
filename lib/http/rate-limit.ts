/**
 * Limits on public endpoints, counted in Postgres (private.take_rate_limit) so that every app
 * instance shares them. Keys name what is limited and for whom, e.g. `lead-form:<form>:<client>`;
 * the client address is the web server's (lib/http/client-address.ts), never a header a client
 * chose.
 */
import { sql } from 'kysely';
import { asService } from '../db/session';

export type RateLimit = { max: number; windowSeconds: number };

/** Limits of the public edges, in one place. */
export const RATE_LIMITS = {
  /** Submissions of one form from one client address. */
  leadFormSubmissions: { max: 5, windowSeconds: 10 * 60 },
  /** Double opt-in emails to one address from one form. */
  consentConfirmationEmails: { max: 3, windowSeconds: 24 * 3600 },
  /** Certificate look-ups from one client address. */
  certificateLookups: { max: 30, windowSeconds: 60 },
  /** Learner portal sign-in links asked for from one client address, and sent to one address. */
  learnerSignInsPerClient: { max: 10, windowSeconds: 10 * 60 },
  learnerSignInsPerAddress: { max: 3, windowSeconds: 15 * 60 },
  /** Email links (passes) traded for a learner portal session from one client address. */
  learnerPassesPerClient: { max: 60, windowSeconds: 10 * 60 },
  /** Seats booked (and group enquiries sent) from the public catalogue by one client, and for one address. */
  catalogueBookingsPerClient: { max: 10, windowSeconds: 10 * 60 },
  catalogueBookingsPerAddress: { max: 5, windowSeconds: 60 * 60 },
  /** Test sends of a campaign by one member (each to at most 5 addresses). */
  campaignTestSendsPerMember: { max: 20, windowSeconds: 60 * 60 },
  campaignTestSendsPerOrganisation: { max: 100, windowSeconds: 60 * 60 },
  /** Final checks by one member: each requests every link of the campaign once. */
  campaignChecksPerMember: { max: 30, windowSeconds: 60 * 60 },
} as const satisfies Record<string, RateLimit>;

/** Counts a hit on `key`; false when the limit is already used up. */
export async function takeRateLimit(key: string, limit: RateLimit): Promise<boolean> {
  return asService('rate limits: count a request to a public endpoint', async (tx) => {
    const { rows } = await sql<{ allowed: boolean }>`select private.take_rate_limit(${key.slice(0, 300)}, ${limit.max}, ${limit.windowSeconds}) as allowed`.execute(tx);
    return rows[0]?.allowed ?? false;
  });
}
