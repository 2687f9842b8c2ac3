/** Proving consent: everyone holding an address, and the full ledger of their consent. */
import { z } from 'zod';
import { parseInput } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';

const lookupSchema = z.object({ email: z.email('Enter the email address to look up.') });

export async function consentHistoryByEmail(session: CrmSession, input: unknown) {
  const { email } = parseInput(lookupSchema, input);
  return inUserTransaction(session, async (tx) => {
    const contacts = await tx.selectFrom('contacts').select(['id', 'first_name', 'last_name']).where('org_id', '=', session.orgId).where('email', '=', email).execute();
    const leads = await tx.selectFrom('leads').select(['id', 'first_name', 'last_name']).where('org_id', '=', session.orgId).where('email', '=', email).execute();
    const contactIds = contacts.map((c) => c.id);
    const leadIds = leads.map((l) => l.id);
    const events =
      contactIds.length || leadIds.length
        ? await tx
            .selectFrom('consent_events')
            .leftJoin('memberships as staff', (join) => join.onRef('staff.org_id', '=', 'consent_events.org_id').onRef('staff.user_id', '=', 'consent_events.recorded_by'))
            .select([
              'consent_events.id',
              'consent_events.purpose',
              'consent_events.granted',
              'consent_events.source',
              'consent_events.proof',
              'consent_events.occurred_at',
              'consent_events.recorded_at',
              'consent_events.contact_id',
              'consent_events.lead_id',
              'staff.display_name as recorded_by_name',
            ])
            .where('consent_events.org_id', '=', session.orgId)
            .where((eb) => eb.or([...(contactIds.length ? [eb('consent_events.contact_id', 'in', contactIds)] : []), ...(leadIds.length ? [eb('consent_events.lead_id', 'in', leadIds)] : [])]))
            .orderBy('consent_events.occurred_at', 'desc')
            .execute()
        : [];
    // The latest event per purpose is the current state.
    const current = new Map<string, (typeof events)[number]>();
    for (const event of events) if (!current.has(event.purpose)) current.set(event.purpose, event);
    return { email, contacts, leads, events, current: [...current.values()] };
  });
}
