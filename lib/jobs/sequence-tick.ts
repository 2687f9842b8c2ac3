/**
 * sequence-tick: for every active enrollment whose next step is due, first the exit
 * conditions — the lead converted or the contact booked a course since enrolling (when the
 * sequence says so), the address hard-bounced or complained, the person unsubscribed or
 * withdrew consent — then the step: its email is queued (key sequence:<enrollment>:<step>)
 * and the enrollment moves on to the next step's time, or completes after the last. Each
 * batch of enrollments is one transaction with its send jobs, skip-locked so ticks never
 * overlap. Woken every minute, and by the database when people are enrolled.
 */
import { sql } from 'kysely';
import { asService, type Tx } from '../db/session';
import type { SequenceExitReason } from '../db/types';
import { enqueue } from './boss';
import type { WorkerContext } from './context';
import type { Handler } from './handler';

const BATCH = 200;

type Due = {
  id: string;
  current_step: number;
  step_position: number | null;
  next_delay: number | null;
  converted: boolean;
  block: string | null;
  withdrew: boolean;
};

async function dueEnrollments(tx: Tx): Promise<Due[]> {
  const { rows } = await sql<Due>`
    select e.id, e.current_step, s.position as step_position, nxt.delay_minutes as next_delay,
           q.exit_on_conversion and (coalesce(l.status = 'converted', false) or exists (
             select 1 from public.enrollments b where b.contact_id = e.contact_id and b.created_at > e.created_at and b.status <> 'cancelled'
           )) as converted,
           case when coalesce(c.email, l.email) is not null
                then private.email_block_reason(e.org_id, coalesce(c.email, l.email)::text, e.contact_id, e.lead_id, 'marketing') end as block,
           coalesce((select not ce.granted from public.consent_events ce
                      where ce.purpose = 'marketing_email' and (ce.contact_id = e.contact_id or ce.lead_id = e.lead_id)
                      order by ce.occurred_at desc, ce.recorded_at desc limit 1), false) as withdrew
      from public.sequence_enrollments e
      join public.sequences q on q.id = e.sequence_id
      left join public.contacts c on c.id = e.contact_id
      left join public.leads l on l.id = e.lead_id
      left join public.sequence_steps s on s.sequence_id = e.sequence_id and s.position = e.current_step + 1
      left join public.sequence_steps nxt on nxt.sequence_id = e.sequence_id and nxt.position = e.current_step + 2
     where e.status = 'active' and e.next_run_at <= now() and q.is_active
     order by e.next_run_at
     limit ${BATCH}
     for update of e skip locked`.execute(tx);
  return rows;
}

function exitReason(due: Due): SequenceExitReason | null {
  if (due.converted) return 'converted';
  if (due.block === 'hard_bounce' || due.block === 'complaint' || due.block === 'erased') return 'bounced';
  if (due.block === 'unsubscribed' || due.withdrew) return 'unsubscribed';
  return null;
}

async function advance(ctx: WorkerContext, tx: Tx): Promise<{ due: number; sent: number; exited: number; completed: number }> {
  const due = await dueEnrollments(tx);
  const counts = { due: due.length, sent: 0, exited: 0, completed: 0 };
  const sends = [];
  for (const enrollment of due) {
    const reason = exitReason(enrollment);
    if (reason) {
      await tx.updateTable('sequence_enrollments').set({ status: 'exited', exit_reason: reason, exited_at: sql<Date>`now()` }).where('id', '=', enrollment.id).execute();
      counts.exited++;
    } else if (enrollment.step_position === null) {
      await tx.updateTable('sequence_enrollments').set({ status: 'completed', completed_at: sql<Date>`now()` }).where('id', '=', enrollment.id).execute();
      counts.completed++;
    } else {
      sends.push({ data: { source: 'sequence' as const, enrollmentId: enrollment.id, position: enrollment.step_position } });
      const last = enrollment.next_delay === null;
      await tx
        .updateTable('sequence_enrollments')
        .set({
          current_step: enrollment.step_position,
          status: last ? 'completed' : 'active',
          completed_at: last ? sql<Date>`now()` : null,
          next_run_at: last ? sql<Date>`now()` : sql<Date>`now() + make_interval(mins => ${enrollment.next_delay})`,
        })
        .where('id', '=', enrollment.id)
        .execute();
      counts.sent++;
      if (last) counts.completed++;
    }
  }
  await enqueue(ctx.boss, tx, 'emailSend', sends);
  return counts;
}

export function tickSequences(ctx: WorkerContext): Handler<'sequenceTick'> {
  return async () => {
    const total = { due: 0, sent: 0, exited: 0, completed: 0 };
    for (;;) {
      const counts = await asService('jobs: advance sequences', (tx) => advance(ctx, tx));
      for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += counts[key];
      if (counts.due < BATCH) return { status: 'completed', output: total };
    }
  };
}
