/**
 * Who the message goes to and whether the caller may send it. A staff member sends only as
 * a member of the organisation with a sending role, only to a contact or lead they can see
 * — asked under their own claims, so RLS decides exactly as it does in the app. System work
 * (service token) may also send to a bare address (staff invitations, password resets).
 */
import type { Caller } from '../_shared/auth.ts';
import { asService, asUser, type Db } from '../_shared/db.ts';
import { HttpError } from '../_shared/http.ts';
import type { ParsedSendEmailRequest } from './contract.ts';

export type Sender = { orgName: string; postalAddress: string | null; brandColor: string | null; logoUrl: string | null };

export type Recipient = {
  orgId: string;
  email: string;
  contactId: string | null;
  leadId: string | null;
  firstName: string | null;
  sender: Sender;
  /** The staff member who asked; null for system work. */
  requestedBy: string | null;
};

const SENDING_ROLES = new Set(['admin', 'manager', 'sales', 'marketing']);

type OrgRow = { name: string; postal_address: string | null; brand_color: string | null; logo_url: string | null; role?: string };
type PersonRow = { email: string | null; first_name: string | null };

async function findOrganisation(db: Db, orgId: string, userId: string | null): Promise<OrgRow | undefined> {
  if (!userId) {
    const [org] = await db.query<OrgRow>(
      'select name, postal_address, brand_color, logo_url from public.organizations where id = $1',
      [orgId],
    );
    return org;
  }
  const [org] = await db.query<OrgRow>(
    `select o.name, o.postal_address, o.brand_color, o.logo_url, m.role::text as role
       from public.organizations o
       join public.memberships m on m.org_id = o.id and m.user_id = $2 and m.deactivated_at is null
      where o.id = $1`,
    [orgId, userId],
  );
  return org;
}

async function findPerson(db: Db, request: ParsedSendEmailRequest): Promise<PersonRow | undefined> {
  const table = request.contact_id ? 'contacts' : 'leads';
  const [person] = await db.query<PersonRow>(
    `select email::text as email, first_name from public.${table} where org_id = $1 and id = $2 and deleted_at is null`,
    [request.org_id, request.contact_id ?? request.lead_id],
  );
  return person;
}

async function lookUp(db: Db, request: ParsedSendEmailRequest, userId: string | null) {
  const org = await findOrganisation(db, request.org_id, userId);
  if (!org) {
    throw userId
      ? new HttpError(403, 'forbidden', 'You are not a member of this organisation.')
      : new HttpError(404, 'not_found', 'The organisation was not found.');
  }
  if (userId && !SENDING_ROLES.has(org.role ?? '')) {
    throw new HttpError(403, 'forbidden', 'Your role does not allow sending email.');
  }
  const named = Boolean(request.contact_id || request.lead_id);
  const person = named ? await findPerson(db, request) : undefined;
  if (named && !person) {
    const what = request.contact_id ? 'contact' : 'lead';
    throw new HttpError(404, 'not_found', `The ${what} was not found, or you do not have access to it.`);
  }
  return { org, person };
}

export async function resolveRecipient(caller: Caller, request: ParsedSendEmailRequest): Promise<Recipient> {
  if (caller.kind === 'user' && !request.contact_id && !request.lead_id) {
    throw new HttpError(403, 'forbidden', 'Staff can email the contacts and leads they can see; other mail is system work.');
  }
  const { org, person } =
    caller.kind === 'user'
      ? await asUser({ sub: caller.userId, email: caller.email }, (db) => lookUp(db, request, caller.userId))
      : await asService('send-email: find the recipient and the sending organisation', (db) => lookUp(db, request, null));

  const email = person ? person.email : (request.to ?? null);
  if (!email) throw new HttpError(400, 'invalid_request', 'This person has no email address.');
  if (person && request.to && request.to.toLowerCase() !== email.toLowerCase()) {
    throw new HttpError(400, 'invalid_request', 'The recipient address does not match the contact or lead.');
  }
  return {
    orgId: request.org_id,
    email,
    contactId: request.contact_id ?? null,
    leadId: request.lead_id ?? null,
    firstName: person?.first_name ?? null,
    sender: { orgName: org.name, postalAddress: org.postal_address, brandColor: org.brand_color, logoUrl: org.logo_url },
    requestedBy: caller.kind === 'user' ? caller.userId : null,
  };
}
