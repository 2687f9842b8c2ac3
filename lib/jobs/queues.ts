/**
 * Every queue of the worker: its name, the zod schema of its payload, and its retry policy.
 * Each queue has a dead-letter queue (<name>.dead) that keeps what failed for good: a
 * payload that does not parse, a message that can never be sent, or work that failed after
 * its last retry. Send jobs carry ids only — never addresses or content — so the queue
 * holds no personal data, and an erased person's queued work finds nothing to do.
 */
import { z } from 'zod';
import { SEND_EMAIL_BATCH_MAX } from '../email/send';

export type QueuePolicyOptions = {
  /** At most one waiting and one running job: wake-ups and ticks coalesce. */
  policy?: 'standard' | 'stately';
  retryLimit: number;
  /** Seconds before the first retry; doubled (with jitter) each time. */
  retryDelay: number;
  retryDelayMax: number;
  /** A job whose worker stops heartbeating (killed, crashed) comes back after this many seconds. */
  heartbeatSeconds: number;
  expireInSeconds: number;
};

const empty = z.object({}).strict();
const uuid = z.uuid();

export const queues = {
  /** Starts due campaigns and dispatches one fan-out per campaign run. */
  campaignDispatch: {
    name: 'campaign-dispatch',
    payload: empty,
    options: { policy: 'stately', retryLimit: 3, retryDelay: 5, retryDelayMax: 60, heartbeatSeconds: 30, expireInSeconds: 300 },
  },
  /** Copies a campaign's segment into recipients, chunk by chunk, queueing their sends. */
  campaignFanout: {
    name: 'campaign-fanout',
    payload: z.object({ campaignId: uuid, run: z.number().int().min(1) }).strict(),
    options: { retryLimit: 10, retryDelay: 5, retryDelayMax: 300, heartbeatSeconds: 10, expireInSeconds: 3600 },
  },
  /** Sends one batch of a campaign's recipients (one send-email batch call). */
  campaignSend: {
    name: 'campaign-send',
    payload: z
      .object({ campaignId: uuid, run: z.number().int().min(1), recipientIds: z.array(uuid).min(1).max(SEND_EMAIL_BATCH_MAX) })
      .strict(),
    options: { retryLimit: 5, retryDelay: 10, retryDelayMax: 900, heartbeatSeconds: 10, expireInSeconds: 900 },
  },
  /** Turns pending email_triggers rows into email-send jobs. */
  triggerDrain: {
    name: 'email-trigger-drain',
    payload: empty,
    options: { policy: 'stately', retryLimit: 3, retryDelay: 5, retryDelayMax: 60, heartbeatSeconds: 30, expireInSeconds: 300 },
  },
  /** One transactional or sequence email. */
  emailSend: {
    name: 'email-send',
    payload: z.discriminatedUnion('source', [
      z.object({ source: z.literal('trigger'), triggerId: uuid }).strict(),
      z.object({ source: z.literal('sequence'), enrollmentId: uuid, position: z.number().int().min(1) }).strict(),
    ]),
    options: { retryLimit: 5, retryDelay: 10, retryDelayMax: 900, heartbeatSeconds: 10, expireInSeconds: 300 },
  },
  /** Sends the sequence steps that are due and takes people out who meet an exit condition. */
  sequenceTick: {
    name: 'sequence-tick',
    payload: empty,
    options: { policy: 'stately', retryLimit: 3, retryDelay: 5, retryDelayMax: 60, heartbeatSeconds: 30, expireInSeconds: 600 },
  },
  /** Daily: expires certifications and raises renewal reminders (90/60/30/7 days). */
  certificationNotices: {
    name: 'certification-notices',
    payload: z.object({ today: z.iso.date().optional() }).strict(),
    options: { policy: 'stately', retryLimit: 5, retryDelay: 60, retryDelayMax: 3600, heartbeatSeconds: 30, expireInSeconds: 900 },
  },
  /** Writes the files of requested list exports, chunk by chunk (lib/jobs/exports.ts). */
  exportDrain: {
    name: 'export-drain',
    payload: empty,
    options: { policy: 'stately', retryLimit: 3, retryDelay: 5, retryDelayMax: 60, heartbeatSeconds: 30, expireInSeconds: 3600 },
  },
  /** Runs imports, their dry runs and their reverts, batch by batch (lib/jobs/imports.ts). */
  importDrain: {
    name: 'import-drain',
    payload: empty,
    options: { policy: 'stately', retryLimit: 5, retryDelay: 5, retryDelayMax: 120, heartbeatSeconds: 30, expireInSeconds: 3600 },
  },
  /** Runs "merge every duplicate by email address" and its dry runs, step by step (lib/jobs/bulk-merges.ts). */
  bulkMergeDrain: {
    name: 'bulk-merge-drain',
    payload: empty,
    options: { policy: 'stately', retryLimit: 5, retryDelay: 5, retryDelayMax: 120, heartbeatSeconds: 30, expireInSeconds: 3600 },
  },
  /** Every five minutes: tells owners about tasks coming due (notifications), and drops notifications past 90 days. */
  taskNotices: {
    name: 'task-notices',
    payload: empty,
    options: { policy: 'stately', retryLimit: 3, retryDelay: 30, retryDelayMax: 300, heartbeatSeconds: 30, expireInSeconds: 300 },
  },
  /** Runs the organisations' full rescorings (lead scoring), chunk by chunk (lib/jobs/scoring.ts). */
  scoringRescore: {
    name: 'scoring-rescore',
    payload: empty,
    options: { policy: 'stately', retryLimit: 5, retryDelay: 5, retryDelayMax: 120, heartbeatSeconds: 30, expireInSeconds: 3600 },
  },
  /** Nightly: asks for the rescoring of every organisation whose behaviour points fade. */
  scoringDecay: {
    name: 'scoring-decay',
    payload: empty,
    options: { policy: 'stately', retryLimit: 5, retryDelay: 60, retryDelayMax: 3600, heartbeatSeconds: 30, expireInSeconds: 300 },
  },
  /** Daily: applies the organisations' retention policies. */
  retention: {
    name: 'retention',
    payload: empty,
    options: { policy: 'stately', retryLimit: 5, retryDelay: 60, retryDelayMax: 3600, heartbeatSeconds: 30, expireInSeconds: 3600 },
  },
} as const satisfies Record<string, { name: string; payload: z.ZodType; options: QueuePolicyOptions }>;

export type QueueKey = keyof typeof queues;
export type Payload<K extends QueueKey> = z.output<(typeof queues)[K]['payload']>;
export const deadLetterOf = (name: string) => `${name}.dead`;

/** Test and deployment tuning, e.g. fast retries: replaces fields of a queue's options. */
export type QueueOverrides = Partial<Record<QueueKey, Partial<QueuePolicyOptions>>>;
