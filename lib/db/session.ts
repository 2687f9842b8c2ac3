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
import { sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { handles } from './client';
import type { DB } from './types';

/** Who is asking. Organisation and role are deliberately absent: policies look them up. */
export type Actor = { userId: string; email: string };

export type Tx = Transaction<DB>;

const userClaims = (actor: Actor) => JSON.stringify({ sub: actor.userId, role: 'authenticated', email: actor.email });

/** Makes the rest of the transaction act as the user, under RLS. */
export async function becomeUser(tx: Tx, actor: Actor): Promise<void> {
  await sql`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${userClaims(actor)}, true)`.execute(tx);
}

/**
 * Makes the rest of the transaction named system work. Also used inside a user's transaction
 * when its bookkeeping must commit with its writes (an import's batch and its progress).
 */
export async function becomeService(tx: Tx, purpose: string): Promise<void> {
  if (!purpose) throw new Error('service work needs a purpose');
  await sql`select set_config('role', 'service_role', true), set_config('request.jwt.claims', ${JSON.stringify({ role: 'service_role', purpose })}, true)`.execute(tx);
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
    await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [userClaims(actor)]);
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
