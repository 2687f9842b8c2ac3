/**
 * The only two ways code reaches the database.
 *
 * withUser: one transaction that first becomes `authenticated` with the user's claims —
 * exactly what PostgREST does — so every query inside is answered under RLS as that user.
 * asService: one transaction as `service_role` (bypasses RLS) for named system work. Every
 * call names its purpose so service access stays rare, explicit and greppable. becomeUser and
 * becomeService switch an open transaction between the two, for work whose writes and
 * bookkeeping must commit together (an import's batch as the importer, its progress as system).
 */
import { CompiledQuery, type Transaction } from 'kysely';
import type pg from 'pg';
import { applicationNameFor, currentRequestId } from '../../supabase/functions/_shared/log.ts';
import { APP_NAME, handles } from './client';
import type { DB } from './types';

/** Who is asking. Organisation and role are deliberately absent: policies look them up. */
export type Actor = { userId: string; email: string };

export type Tx = Transaction<DB>;

const userClaims = (actor: Actor) => JSON.stringify({ sub: actor.userId, role: 'authenticated', email: actor.email });

/**
 * The settings that make a transaction someone's: its role and claims, and — inside a request
 * or job — the request's id as `cohort.request_id` and in `application_name`, so the
 * transaction can be told apart in pg_stat_activity and Postgres's log (supabase/functions/_shared/log.ts).
 */
function transactionSettings(role: string, claims: string): { text: string; values: string[] } {
  const requestId = currentRequestId();
  if (!requestId) return { text: `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, values: [role, claims] };
  return {
    text: `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true), set_config('application_name', $3, true), set_config('cohort.request_id', $4, true)`,
    values: [role, claims, applicationNameFor(APP_NAME), requestId],
  };
}

async function become(tx: Tx, role: string, claims: string): Promise<void> {
  const { text, values } = transactionSettings(role, claims);
  await tx.executeQuery(CompiledQuery.raw(text, values));
}

/** Makes the rest of the transaction act as the user, under RLS. */
export async function becomeUser(tx: Tx, actor: Actor): Promise<void> {
  await become(tx, 'authenticated', userClaims(actor));
}

/**
 * Makes the rest of the transaction named system work. Also used inside a user's transaction
 * when its bookkeeping must commit with its writes (an import's batch and its progress).
 */
export async function becomeService(tx: Tx, purpose: string): Promise<void> {
  if (!purpose) throw new Error('service work needs a purpose');
  await become(tx, 'service_role', JSON.stringify({ role: 'service_role', purpose }));
}

export async function withUser<T>(actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return handles()
    .db.transaction()
    .execute(async (tx) => {
      await becomeUser(tx, actor);
      return fn(tx);
    });
}

/**
 * A read-only transaction as the user, under RLS, on a connection of its own, for what kysely
 * cannot say: `COPY … TO STDOUT` (an export's CSV). Repeatable read, so every statement in it
 * sees the same rows.
 */
export async function readAsUser<T>(actor: Actor, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await handles().pool.connect();
  let unusable = false;
  try {
    await client.query('begin isolation level repeatable read read only');
    // Quoted literals mean what lib/db/inline-sql.ts writes them to mean, whatever the server's default.
    await client.query('set local standard_conforming_strings = on');
    const { text, values } = transactionSettings('authenticated', userClaims(actor));
    await client.query(text, values);
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    // A connection that cannot even roll back (a COPY cut off mid-stream) is not handed out again.
    await client.query('rollback').catch(() => {
      unusable = true;
    });
    throw error;
  } finally {
    client.release(unusable);
  }
}

export async function asService<T>(purpose: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!purpose) throw new Error('asService needs a purpose');
  return handles()
    .db.transaction()
    .execute(async (tx) => {
      await becomeService(tx, purpose);
      return fn(tx);
    });
}
