/**
 * Signing in to the learner portal without a password: the trainee gives an email address
 * and receives a one-time link (15 minutes, single use) for each organisation that knows them
 * as a contact. The answer is the same whether or not the address is known, and an unknown
 * or erased address gets nothing. Opening the link changes nothing (mail scanners fetch
 * links): the trainee confirms with a button, which spends the link and opens a session.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { hashBearerToken, looksLikeBearerToken, newBearerToken } from '../auth/bearer-tokens';
import { parseInput } from '../crm/errors';
import { asService } from '../db/session';
import { sendEmail } from '../email/send';
import { RATE_LIMITS, takeRateLimit } from '../http/rate-limit';
import { openLearnerSession, SESSION_LIFETIME } from './session';
import { portalLinks } from './urls';

export const SIGN_IN_LINK_MINUTES = 15;
/** An address known to more organisations than this gets links from the first ones only. */
const MAX_ORGANISATIONS = 5;

export const signInRequestSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254, { error: 'That email address is too long.' })
    .pipe(z.email({ error: 'Enter your email address, like name@example.com.' })),
});

/**
 * `deliver` sends the emails: the page answers before they go (app/actions/learn.ts runs it
 * after the response), so a known address takes no longer to answer than an unknown one.
 */
export type SignInRequestOutcome = { status: 'sent'; deliver: () => Promise<void> } | { status: 'limited' };

/** Makes a sign-in link for every organisation's contact with this address (none for an unknown one). */
export async function requestSignInLink(input: unknown, client: string | null): Promise<SignInRequestOutcome> {
  const { email } = parseInput(signInRequestSchema, input);
  const address = email.toLowerCase();
  const allowed =
    (await takeRateLimit(`learner-sign-in:client:${client ?? 'unknown'}`, RATE_LIMITS.learnerSignInsPerClient)) &&
    (await takeRateLimit(`learner-sign-in:address:${address}`, RATE_LIMITS.learnerSignInsPerAddress));
  if (!allowed) return { status: 'limited' };
  const links = await asService('learner portal: create sign-in links for a trainee', async (tx) => {
    const { rows: people } = await sql<{ org_id: string; contact_id: string; first_name: string | null }>`
      select c.org_id, c.id as contact_id, c.first_name from public.contacts c
       where c.email = ${address} and c.deleted_at is null
       order by c.created_at limit ${MAX_ORGANISATIONS}`.execute(tx);
    const made = [];
    for (const person of people) {
      const token = newBearerToken();
      await sql`insert into private.learner_sign_in_links (org_id, contact_id, token_hash, expires_at)
                values (${person.org_id}, ${person.contact_id}, ${hashBearerToken(token)}, now() + make_interval(mins => ${SIGN_IN_LINK_MINUTES}))`.execute(tx);
      made.push({ ...person, token });
    }
    return made;
  });
  return { status: 'sent', deliver: () => deliverSignInLinks(address, links) };
}

async function deliverSignInLinks(address: string, links: { org_id: string; contact_id: string; first_name: string | null; token: string }[]): Promise<void> {
  for (const link of links) {
    const outcome = await sendEmail(
      { system: 'learner portal: email a trainee their sign-in link' },
      {
        org_id: link.org_id,
        template: 'learner-sign-in',
        category: 'transactional',
        to: address,
        contact_id: link.contact_id,
        idempotency_key: `learner-sign-in:${hashBearerToken(link.token).slice(0, 32)}`,
        props: { signInUrl: portalLinks.signIn(link.token), recipient: { firstName: link.first_name ?? 'there' } },
      },
    ).catch((error: unknown) => ({ ok: false as const, status: 503, error: { message: String(error) } }));
    if (!outcome.ok) console.error(`[learn] sign-in link for a contact of ${link.org_id} was not sent: ${outcome.error.message}`);
  }
}

/** Whose link this is, for the page's branding; null for a link that is unknown, spent or expired. */
export async function signInLinkHolder(token: string) {
  if (!looksLikeBearerToken(token)) return null;
  return asService('learner portal: brand the page of a sign-in link', async (tx) => {
    const { rows } = await sql<{ brand_name: string; brand_logo_url: string | null; brand_color: string | null }>`
      select o.name as brand_name, o.logo_url as brand_logo_url, o.brand_color
        from private.learner_sign_in_links l join public.organizations o on o.id = l.org_id
       where l.token_hash = ${hashBearerToken(token)} and l.used_at is null and l.expires_at > now()`.execute(tx);
    return rows[0] ?? null;
  });
}

/** Spends the link (once: a second click finds it used) and opens a 30-day session; null when it no longer works. */
export async function spendSignInLink(token: string) {
  if (!looksLikeBearerToken(token)) return null;
  const holder = await asService('learner portal: spend a sign-in link', async (tx) => {
    const { rows } = await sql<{ org_id: string; contact_id: string }>`
      update private.learner_sign_in_links set used_at = now()
       where token_hash = ${hashBearerToken(token)} and used_at is null and expires_at > now()
      returning org_id, contact_id`.execute(tx);
    return rows[0];
  });
  if (!holder) return null;
  return openLearnerSession({ orgId: holder.org_id, contactId: holder.contact_id, scope: 'full', scopeRef: null, expiresAt: new Date(Date.now() + SESSION_LIFETIME.full) });
}
