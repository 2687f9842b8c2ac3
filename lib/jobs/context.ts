/** What every handler of the worker may use: the queue, and the one send module's two calls. */
import type { PgBoss } from 'pg-boss';
import type { EmailBatchSender, EmailSender } from '../email/send';

export type WorkerContext = {
  boss: PgBoss;
  send: EmailSender;
  sendBatch: EmailBatchSender;
};
