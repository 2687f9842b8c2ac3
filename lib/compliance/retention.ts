/**
 * Retention: per kind of data, how long it is kept and why. A preview counts what the next
 * run would remove; the daily job removes it and logs the run. The purge itself is named
 * system work (it runs as the table owner: the audit log only yields to its owner).
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { ownerDb } from '../db/session';
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

/** The rows a policy covers: older than the cutoff, in one organisation. */
function doomed(org: string, kind: RetentionKind, cutoff: Date) {
  switch (kind) {
    case 'disqualified_leads':
      return sql`select id from public.leads l where l.org_id = ${org} and l.status = 'disqualified' and l.updated_at < ${cutoff}
                   and not exists (select 1 from public.activities a where a.lead_id = l.id and a.occurred_at >= ${cutoff})`;
    case 'email_events':
      return sql`select id from public.email_events where org_id = ${org} and occurred_at < ${cutoff}`;
    case 'audit_log':
      return sql`select id from public.audit_log where org_id = ${org} and occurred_at < ${cutoff}`;
    case 'cancelled_enrollments':
      return sql`select id from public.enrollments where org_id = ${org} and status = 'cancelled' and cancelled_at < ${cutoff}`;
  }
}

const tableOf: Record<RetentionKind, string> = {
  disqualified_leads: 'leads',
  email_events: 'email_events',
  audit_log: 'audit_log',
  cancelled_enrollments: 'enrollments',
};

const cutoffFor = (months: number) => {
  const cutoff = new Date();
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
};

/** What each enabled policy would remove now (counts only; read under the caller's RLS). */
export async function previewRetention(session: CrmSession) {
  return inUserTransaction(session, async (tx) => {
    const policies = await tx.selectFrom('retention_policies').selectAll().where('org_id', '=', session.orgId).where('enabled', '=', true).execute();
    const preview = [];
    for (const policy of policies) {
      const cutoff = cutoffFor(policy.keep_months);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${doomed(session.orgId, policy.kind, cutoff)}) d`.execute(tx);
      preview.push({ kind: policy.kind, cutoff, affected: rows[0]?.n ?? 0 });
    }
    return preview;
  });
}

/**
 * Applies every enabled policy of every organisation and logs each run. Called by the daily
 * retention job; `dryRun` logs what would go without removing it.
 */
export async function applyRetention(dryRun: boolean): Promise<{ org_id: string; kind: RetentionKind; affected: number }[]> {
  return ownerDb()
    .transaction()
    .execute(async (tx) => {
      const policies = await tx.selectFrom('retention_policies').selectAll().where('enabled', '=', true).execute();
      const results = [];
      for (const policy of policies) {
        const cutoff = cutoffFor(policy.keep_months);
        const query = doomed(policy.org_id, policy.kind, cutoff);
        const { rows } = dryRun
          ? await sql<{ n: number }>`select count(*)::int as n from (${query}) d`.execute(tx)
          : await sql<{ n: number }>`with gone as (delete from ${sql.table(`public.${tableOf[policy.kind]}`)} where id in (${query}) returning 1) select count(*)::int as n from gone`.execute(tx);
        const affected = rows[0]?.n ?? 0;
        await tx.insertInto('retention_runs').values({ org_id: policy.org_id, kind: policy.kind, dry_run: dryRun, cutoff, affected }).execute();
        results.push({ org_id: policy.org_id, kind: policy.kind, affected });
      }
      return results;
    });
}
