/**
 * The scheduled housekeeping jobs. task-notices (every five minutes): tasks due within the
 * hour or overdue become notifications for their owners (private.raise_task_notices).
 * certification-notices (daily): certifications past their date become expired
 * and get the expired notice; active ones 90, 60, 30 and 7 days from expiry get a renewal
 * reminder (private.raise_certification_notices; the emails go out through email_triggers).
 * retention: the organisations' retention policies (lib/compliance/retention.ts), the
 * learner portal's expired sessions and sign-in links, and the unmerge copies of merges past
 * their 30 days (private.purge_merge_snapshots).
 */
import { sql } from 'kysely';
import { applyRetention } from '../compliance/retention';
import { asService } from '../db/session';
import type { Handler } from './handler';

export const raiseCertificationNotices: Handler<'certificationNotices'> = async ({ today }) => {
  const result = await asService('jobs: expire certifications and raise renewal reminders', (tx) =>
    sql<{ expired: number; reminders: number }>`select * from private.raise_certification_notices(coalesce(${today ?? null}::date, current_date))`.execute(tx),
  );
  return { status: 'completed', output: result.rows[0] ?? {} };
};

export const applyRetentionPolicies: Handler<'retention'> = async () => {
  const runs = await applyRetention(false);
  const purged = await asService('jobs: delete expired learner portal sessions and sign-in links', (tx) =>
    sql<{ purged: number }>`select private.purge_expired_learner_access() as purged`.execute(tx),
  );
  const snapshots = await asService('jobs: empty the unmerge copies of merges past 30 days', (tx) =>
    sql<{ purged: number }>`select private.purge_merge_snapshots() as purged`.execute(tx),
  );
  return {
    status: 'completed',
    output: {
      policies: runs.length,
      removed: runs.reduce((n, r) => n + r.affected, 0),
      learner_access_purged: purged.rows[0]?.purged ?? 0,
      merge_snapshots_purged: snapshots.rows[0]?.purged ?? 0,
    },
  };
};

export const raiseTaskNotices: Handler<'taskNotices'> = async () => {
  const result = await asService('jobs: notify owners of tasks coming due', (tx) => sql<{ raised: number }>`select private.raise_task_notices() as raised`.execute(tx));
  return { status: 'completed', output: { raised: result.rows[0]?.raised ?? 0 } };
};
