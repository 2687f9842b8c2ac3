/**
 * Lead scoring, under the signed-in user's RLS: every member reads the rules and the scores
 * of people they may see; admins and marketers change rules and the threshold (the policies
 * decide; roles.ts only hides buttons). The arithmetic lives in the database
 * (private.rescore_people, 20261209000200): an event rescored its person inside the same
 * statement, and a rule change asks the worker for the organisation's full rescoring
 * (lib/jobs/scoring.ts), whose progress `scoringOverview` reports.
 */
import { sql } from 'kysely';
import type { MemberRole, ScoringDecay, ScoringEvent, ScoringRuleKind } from '../db/types';
import { forbidden, notFound, parseInput } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { DEFAULT_MQL_THRESHOLD, type ScoreReason, type ScoringField, type ScoringOperator, scoringRuleSchema, scoringThresholdSchema } from './scoring.schema';

/** Who may change rules and the threshold (scoring_rules policies). */
export const canSetScoring = (role: MemberRole) => role === 'admin' || role === 'marketing';

/** How far back the record page's chart goes. */
export const SCORE_HISTORY_DAYS = 90;

export type StoredScoringRule = {
  id: string;
  name: string;
  kind: ScoringRuleKind;
  field: ScoringField | null;
  operator: ScoringOperator | null;
  value: string | null;
  event: ScoringEvent | null;
  decay: ScoringDecay;
  decay_days: number | null;
  points: number;
  is_active: boolean;
  updated_at: Date;
};

export type RescoringProgress = { state: 'idle' | 'waiting' | 'running'; done: number; total: number; rescoredAt: Date | null };

export type ScoringOverview = {
  rules: StoredScoringRule[];
  threshold: number;
  progress: RescoringProgress;
  qualified: { personId: string; kind: 'contact' | 'lead'; name: string; score: number; qualifiedAt: Date }[];
};

export async function scoringOverview(session: CrmSession): Promise<ScoringOverview> {
  return inUserTransaction(session, async (tx) => {
    const rules = (await tx
      .selectFrom('scoring_rules')
      .select(['id', 'name', 'kind', 'field', 'operator', 'value', 'event', 'decay', 'decay_days', 'points', 'is_active', 'updated_at'])
      .where('org_id', '=', session.orgId)
      .orderBy('kind desc')
      .orderBy('name')
      .execute()) as StoredScoringRule[];
    const settings = await tx
      .selectFrom('scoring_settings')
      .select(['mql_threshold', 'rescore_requested_at', 'rescore_for', 'rescore_phase', 'rescore_done', 'rescore_total', 'rescored_at'])
      .where('org_id', '=', session.orgId)
      .executeTakeFirst();
    // The people the user may see who qualified most recently (person_scores follows the people's policies).
    const qualified = await sql<{ person_id: string; person_kind: 'contact' | 'lead'; name: string; score: number; qualified_at: Date }>`
      select s.person_id, s.person_kind, s.score, s.qualified_at,
             coalesce(nullif(concat_ws(' ', coalesce(c.first_name, l.first_name), coalesce(c.last_name, l.last_name)), ''), coalesce(c.email, l.email)::text, 'Unnamed') as name
        from public.person_scores s
        left join public.contacts c on s.person_kind = 'contact' and c.id = s.person_id
        left join public.leads l on s.person_kind = 'lead' and l.id = s.person_id
       where s.org_id = ${session.orgId} and s.qualified_at is not null
       order by s.qualified_at desc
       limit 10`.execute(tx);
    return {
      rules,
      threshold: settings?.mql_threshold ?? DEFAULT_MQL_THRESHOLD,
      progress: progressOf(settings),
      qualified: qualified.rows.map((r) => ({ personId: r.person_id, kind: r.person_kind, name: r.name, score: r.score, qualifiedAt: r.qualified_at })),
    };
  });
}

function progressOf(settings: { rescore_requested_at: Date | null; rescore_for: Date | null; rescore_phase: string | null; rescore_done: number; rescore_total: number; rescored_at: Date | null } | undefined): RescoringProgress {
  if (!settings?.rescore_requested_at) return { state: 'idle', done: 0, total: 0, rescoredAt: settings?.rescored_at ?? null };
  const served = settings.rescore_for !== null && settings.rescore_for.getTime() >= settings.rescore_requested_at.getTime();
  if (served && settings.rescore_phase === 'done') return { state: 'idle', done: settings.rescore_done, total: settings.rescore_total, rescoredAt: settings.rescored_at };
  if (!served || settings.rescore_phase === null) return { state: 'waiting', done: 0, total: 0, rescoredAt: settings.rescored_at };
  return { state: 'running', done: settings.rescore_done, total: settings.rescore_total, rescoredAt: settings.rescored_at };
}

export async function createScoringRule(session: CrmSession, input: unknown): Promise<{ id: string }> {
  const rule = parseInput(scoringRuleSchema, input);
  return inUserTransaction(session, (tx) =>
    tx
      .insertInto('scoring_rules')
      .values({ org_id: session.orgId, ...ruleColumns(rule) })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
}

export async function updateScoringRule(session: CrmSession, ruleId: string, input: unknown): Promise<{ id: string }> {
  const rule = parseInput(scoringRuleSchema, input);
  return inUserTransaction(session, async (tx) => {
    const row = await tx
      .updateTable('scoring_rules')
      .set(ruleColumns(rule))
      .where('org_id', '=', session.orgId)
      .where('id', '=', ruleId)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw notFound('Scoring rule');
    return row;
  });
}

export async function deleteScoringRule(session: CrmSession, ruleId: string): Promise<void> {
  await inUserTransaction(session, async (tx) => {
    const row = await tx.deleteFrom('scoring_rules').where('org_id', '=', session.orgId).where('id', '=', ruleId).returning('id').executeTakeFirst();
    if (!row) throw notFound('Scoring rule');
  });
}

export async function setScoringThreshold(session: CrmSession, input: unknown): Promise<{ mql_threshold: number }> {
  const { mql_threshold } = parseInput(scoringThresholdSchema, input);
  return inUserTransaction(session, async (tx) => {
    const row = await tx.updateTable('scoring_settings').set({ mql_threshold }).where('org_id', '=', session.orgId).returning('mql_threshold').executeTakeFirst();
    // Every organisation has its row (made with it): none back means the policy refused.
    if (!row) throw forbidden('Only admins and marketers change the scoring threshold.');
    return row;
  });
}

/** The columns a rule writes: every one, so switching a rule's kind clears the other kind's. */
function ruleColumns(rule: ReturnType<typeof scoringRuleSchema.parse>) {
  if (rule.kind === 'property') {
    return { name: rule.name, kind: rule.kind, field: rule.field, operator: rule.operator, value: rule.value, event: null, decay: 'none' as const, decay_days: null, points: rule.points, is_active: rule.is_active };
  }
  return { name: rule.name, kind: rule.kind, field: null, operator: null, value: null, event: rule.event, decay: rule.decay, decay_days: rule.decay_days, points: rule.points, is_active: rule.is_active };
}

export type PersonScore = {
  score: number;
  breakdown: ScoreReason[];
  scoredAt: Date | null;
  qualifiedAt: Date | null;
  threshold: number;
  history: { day: string; score: number }[];
};

/** A lead's or contact's score, why, and its last 90 days — for the record page. */
export async function personScore(session: CrmSession, kind: 'contact' | 'lead', personId: string): Promise<PersonScore> {
  return inUserTransaction(session, async (tx) => {
    const row = await tx
      .selectFrom('person_scores')
      .select(['score', 'breakdown', 'scored_at', 'qualified_at'])
      .where('org_id', '=', session.orgId)
      .where('person_id', '=', personId)
      .where('person_kind', '=', kind)
      .executeTakeFirst();
    const history = await tx
      .selectFrom('score_history')
      .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'score'])
      .where('org_id', '=', session.orgId)
      .where('person_id', '=', personId)
      .where('day', '>=', sql<string>`current_date - ${SCORE_HISTORY_DAYS}::integer`)
      .orderBy('day')
      .execute();
    const settings = await tx.selectFrom('scoring_settings').select('mql_threshold').where('org_id', '=', session.orgId).executeTakeFirst();
    return {
      score: row?.score ?? 0,
      breakdown: (row?.breakdown ?? []) as ScoreReason[],
      scoredAt: row?.scored_at ?? null,
      qualifiedAt: row?.qualified_at ?? null,
      threshold: settings?.mql_threshold ?? DEFAULT_MQL_THRESHOLD,
      history,
    };
  });
}
