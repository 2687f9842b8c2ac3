/**
 * scoring-rescore: the full rescoring of organisations whose rules or threshold changed, or
 * whose behaviour points fade overnight (scoring-decay asks for it at 03:20 UTC). Each chunk
 * of RESCORE_CHUNK people is one transaction of private.rescore_next_chunk, which moves the
 * organisation's cursor with the scores: a worker killed mid-way resumes after the last
 * chunk, and a chunk done twice changes nothing. A turn is bounded in time; an organisation
 * left unfinished queues the drain again (stately: it runs right after), so one large
 * organisation does not hold up the others for long.
 */
import { sql } from 'kysely';
import { asService } from '../db/session';
import { nudge } from './boss';
import type { WorkerContext } from './context';
import type { Handler } from './handler';

export const RESCORE_CHUNK = 5_000;
const TURN_MS = 20_000;

export type RescorePace = { chunk: number; turnMs: number };

export function scoringRescorer(ctx: Pick<WorkerContext, 'boss'>, pace: RescorePace = { chunk: RESCORE_CHUNK, turnMs: TURN_MS }): Handler<'scoringRescore'> {
  return async () => {
    const pending = await asService('jobs: organisations waiting for a rescoring', (tx) =>
      tx
        .selectFrom('scoring_settings')
        .select('org_id')
        .where('rescore_requested_at', 'is not', null)
        .where((eb) => eb.or([eb('rescore_for', 'is', null), eb('rescore_for', '<', eb.ref('rescore_requested_at')), eb('rescore_phase', '<>', 'done')]))
        .orderBy('rescore_requested_at')
        .execute(),
    );
    let chunks = 0;
    let unfinished = 0;
    for (const { org_id } of pending) {
      const started = Date.now();
      let done = false;
      while (!done && Date.now() - started < pace.turnMs) {
        done = await asService('jobs: rescore the next chunk of an organisation', async (tx) => {
          const result = await sql<{ done: boolean }>`select private.rescore_next_chunk(${org_id}::uuid, ${pace.chunk}::integer) as done`.execute(tx);
          return result.rows[0]?.done ?? true;
        });
        chunks += 1;
      }
      if (!done) unfinished += 1;
    }
    if (unfinished > 0) await nudge(ctx.boss, 'scoringRescore');
    return { status: 'completed', output: { organisations: pending.length, chunks, unfinished } };
  };
}

export function requestDecayRescoring(ctx: Pick<WorkerContext, 'boss'>): Handler<'scoringDecay'> {
  return async () => {
    const result = await asService('jobs: ask for the nightly decay rescoring', (tx) => sql<{ n: number }>`select private.request_decay_rescoring() as n`.execute(tx));
    const organisations = result.rows[0]?.n ?? 0;
    if (organisations > 0) await nudge(ctx.boss, 'scoringRescore');
    return { status: 'completed', output: { organisations } };
  };
}
