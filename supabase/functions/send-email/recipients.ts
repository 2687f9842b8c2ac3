/**
 * Recipients of a batch (system work only): the organisation and every named contact and
 * lead in three queries, however many messages. A person who is missing, erased or has no
 * address is that message's error, not the batch's.
 */
import { asService } from '../_shared/db.ts';
import { HttpError } from '../_shared/http.ts';
import type { ParsedSendEmailRequest } from './contract.ts';
import type { Recipient } from './recipient.ts';

type PersonRow = { id: string; email: string | null; first_name: string | null };
type OrgRow = { name: string; postal_address: string | null; brand_color: string | null; logo_url: string | null };

export async function resolveRecipients(orgId: string, requests: ParsedSendEmailRequest[]): Promise<(Recipient | HttpError)[]> {
  const contactIds = requests.flatMap((r) => (r.contact_id ? [r.contact_id] : []));
  const leadIds = requests.flatMap((r) => (r.lead_id ? [r.lead_id] : []));
  const { org, people } = await asService('send-email: find the recipients of a batch', async (db) => {
    const [org] = await db.query<OrgRow>('select name, postal_address, brand_color, logo_url from public.organizations where id = $1', [orgId]);
    const people = new Map<string, PersonRow>();
    for (const [table, ids] of [['contacts', contactIds], ['leads', leadIds]] as const) {
      if (ids.length === 0) continue;
      const rows = await db.query<PersonRow>(
        `select id, email::text as email, first_name from public.${table} where org_id = $1 and id = any ($2::uuid[]) and deleted_at is null`,
        [orgId, ids],
      );
      for (const row of rows) people.set(row.id, row);
    }
    return { org, people };
  });
  if (!org) throw new HttpError(404, 'not_found', 'The organisation was not found.');
  const sender = { orgName: org.name, postalAddress: org.postal_address, brandColor: org.brand_color, logoUrl: org.logo_url };

  return requests.map((request) => {
    const named = request.contact_id ?? request.lead_id;
    const person = named ? people.get(named) : undefined;
    if (named && !person) return new HttpError(404, 'not_found', `The ${request.contact_id ? 'contact' : 'lead'} was not found.`);
    const email = person ? person.email : (request.to ?? null);
    if (!email) return new HttpError(400, 'invalid_request', 'This person has no email address.');
    if (person && request.to && request.to.toLowerCase() !== email.toLowerCase()) {
      return new HttpError(400, 'invalid_request', 'The recipient address does not match the contact or lead.');
    }
    return {
      orgId,
      email,
      contactId: request.contact_id ?? null,
      leadId: request.lead_id ?? null,
      firstName: person?.first_name ?? null,
      sender,
      requestedBy: null,
    };
  });
}
