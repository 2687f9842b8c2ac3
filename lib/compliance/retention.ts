/**
 * Retention: per kind of data, how long it is kept and why. A preview counts what the next
 * run would remove; the daily job removes it and logs the run. Which rows a policy covers is
 * defined once, in SQL (private.retention_candidates); the purge is private.apply_retention,
 * named system work with definer rights (the audit log only yields to its owner).
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { asService } from '../db/session';
import type { RetentionKind } from '../db/types';

export const retentionKinds = ['disqualified_leads', 'email_events', 'audit_log', 'cancelled_enrollments'] as const satisfies readonly RetentionKind[];
export const retentionKindLabels: Record<RetentionKind, string> = {
  disqualified_leads: 'Disqualified leads with no activity',
  email_events: 'Email delivery events',
  audit_log: 'Audit log entries',
  cancelled_enrollments: 'Cancelled enrollments',
};

export const retentionPolicySchema = z.object({
  kind: z.enum(retentionKinds),
  keep_months: z.coerce.number().int().min(1, 'Keep data at least one month.').max(240, 'At most 20 years.'),
  legal_basis: z.string().trim().min(3, 'Note the legal basis for keeping this data.').max(1000),
  enabled: z.coerce.boolean().default(true),
});

export async function listRetentionPolicies(session: CrmSession) {
  return inUserTransaction(session, async (tx) => ({
    policies: await tx.selectFrom('retention_policies').selectAll().where('org_id', '=', session.orgId).orderBy('kind').execute(),
    runs: await tx.selectFrom('retention_runs').selectAll().where('org_id', '=', session.orgId).orderBy('ran_at', 'desc').limit(20).execute(),
  }));
}

export async function saveRetentionPolicy(session: CrmSession, input: unknown) {
  const policy = parseInput(retentionPolicySchema, input);
  return inUserTransaction(session, (tx) =>
    tx
      .insertInto('retention_policies')
      .values({ ...policy, org_id: session.orgId })
      .onConflict((oc) => oc.columns(['org_id', 'kind']).doUpdateSet({ keep_months: policy.keep_months, legal_basis: policy.legal_basis, enabled: policy.enabled }))
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
}

/** What each enabled policy would remove now (counts only; read under the caller's RLS). */
export async function previewRetention(session: CrmSession) {
  return inUserTransaction(session, async (tx) => {
    const { rows } = await sql<{ kind: RetentionKind; cutoff: Date; affected: number }>`
      select p.kind, c.cutoff,
             (select count(*)::int from private.retention_candidates(p.org_id, p.kind, c.cutoff)) as affected
        from public.retention_policies p
        cross join lateral (select private.retention_cutoff(p.keep_months) as cutoff) c
       where p.org_id = ${session.orgId} and p.enabled
       order by p.kind`.execute(tx);
    return rows;
  });
}

/**
 * Applies every enabled policy of every organisation and logs each run. Called by the daily
 * retention job; `dryRun` logs what would go without removing it.
 */
export async function applyRetention(dryRun: boolean): Promise<{ org_id: string; kind: RetentionKind; affected: number }[]> {
  return asService('retention: apply every organisation’s retention policies', async (tx) => {
    const { rows } = await sql<{ org_id: string; kind: RetentionKind; affected: number }>`select * from private.apply_retention(${dryRun})`.execute(tx);
    return rows;
  });
}
