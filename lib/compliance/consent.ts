/** Proving consent: everyone holding an address, and the full ledger of their consent. */
import { sql } from 'kysely';
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
              'consent_events.double_opt_in_at',
              'consent_events.contact_id',
              'consent_events.lead_id',
              'staff.display_name as recorded_by_name',
            ])
            .where('consent_events.org_id', '=', session.orgId)
            .where((eb) => eb.or([...(contactIds.length ? [eb('consent_events.contact_id', 'in', contactIds)] : []), ...(leadIds.length ? [eb('consent_events.lead_id', 'in', leadIds)] : [])]))
            .orderBy('consent_events.occurred_at', 'desc')
            .execute()
        : [];
    // The current state per purpose, by the rule sending applies (private.latest_consent): the
    // latest decision over all of the address's records.
    const { rows: current } = events.length
      ? await sql<{ purpose: string; granted: boolean; occurred_at: Date; confirmed: boolean; source: string }>`
          select p.purpose::text as purpose, c.granted, c.occurred_at, c.confirmed, c.source::text as source
            from unnest(enum_range(null::public.consent_purpose)) p(purpose)
            cross join lateral (
              select y.* from (
                select l.* from unnest(${contactIds}::uuid[]) x(id) cross join lateral private.latest_consent(${session.orgId}, x.id, null, p.purpose) l
                union all
                select l.* from unnest(${leadIds}::uuid[]) x(id) cross join lateral private.latest_consent(${session.orgId}, null, x.id, p.purpose) l
              ) y
              where y.occurred_at is not null
              order by y.occurred_at desc
              limit 1
            ) c
           order by p.purpose`.execute(tx)
      : { rows: [] };
    return { email, contacts, leads, events, current };
  });
}
