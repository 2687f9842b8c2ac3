/** Accounts (companies, corporate training clients): list, read, create, edit, trash, restore. */
import type { Tx } from '../db/session';
import type { z } from 'zod';
import { sql } from 'kysely';
import { accountCreateSchema, accountListSchema, accountUpdateSchema } from './accounts.schema';
import { customValuesForCreate, customValuesPatch } from './custom-properties';
import { notFound, parseInput } from './errors';
import { id } from './fields';
import { countMatches, filterByCustom, filterByOwner, filterBySearch, type ListSource, listPage } from './list-query';
import type { ListTotal, Page } from './pagination';
import { restore, softDelete, updateVersioned } from './records';
import { type CrmSession, inUserTransaction } from './session';

export type AccountListRow = {
  /** Custom property values by key (see custom-properties.schema.ts). */
  custom: unknown;
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  is_training_client: boolean;
  owner_id: string | null;
  owner_name: string | null;
  created_at: Date;
  updated_at: Date;
};

/** The list's query with its filters applied (one query: the page reads it, the total counts it). */
async function accountQuery(tx: Tx, session: CrmSession, p: z.output<typeof accountListSchema>) {
  let query = tx
    .selectFrom('accounts')
    .leftJoin('memberships as owner', (join) =>
      join.onRef('owner.org_id', '=', 'accounts.org_id').onRef('owner.user_id', '=', 'accounts.owner_id'),
    )
    .select([
      'accounts.id',
      'accounts.name',
      'accounts.domain',
      'accounts.industry',
      'accounts.is_training_client',
      'accounts.owner_id',
      'owner.display_name as owner_name',
      'accounts.custom',
    'accounts.created_at',
      'accounts.updated_at',
    ])
    .where('accounts.org_id', '=', session.orgId)
    .where('accounts.deleted_at', 'is', null);
  query = filterBySearch(query, 'accounts', p.q, session);
  query = filterByOwner(query, 'accounts', p.owner, session);
  query = await filterByCustom(tx, query, 'accounts', 'account', p.custom, session);
  if (p.training_clients_only) query = query.where('accounts.is_training_client', '=', true);
  return query;
}

/** The list for readers of every page (exports): the same filtered query. */
export const accountListSource: ListSource<z.output<typeof accountListSchema>> = { table: 'accounts', object: 'account', query: accountQuery };

export async function listAccounts(session: CrmSession, params: unknown): Promise<Page<AccountListRow>> {
  const p = parseInput(accountListSchema, params);
  return inUserTransaction(session, (tx) => accountPage(tx, session, p));
}

/** One page of the list inside an open transaction (the list page, and exports walking every page). */
export async function accountPage(tx: Tx, session: CrmSession, p: z.output<typeof accountListSchema>): Promise<Page<AccountListRow>> {
  return listPage<AccountListRow, typeof p>(tx, session, accountListSource, p);
}

/** How many rows the list's filters match (capped, see countMatches), for its total. */
export async function countAccounts(session: CrmSession, params: unknown): Promise<ListTotal> {
  const p = parseInput(accountListSchema, params);
  return inUserTransaction(session, async (tx) => countMatches(tx, await accountQuery(tx, session, p), 'accounts', session, { q: p.q, object: 'account', custom: p.custom }));
}

export async function getAccount(session: CrmSession, accountId: string) {
  parseInput(id('Account'), accountId);
  return inUserTransaction(session, async (tx) => {
    const account = await tx
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', accountId)
      .where('org_id', '=', session.orgId)
      .executeTakeFirst();
    if (!account) throw notFound('Account');
    return account;
  });
}

export async function createAccount(session: CrmSession, input: unknown) {
  const { custom, ...values } = parseInput(accountCreateSchema, input);
  return inUserTransaction(session, async (tx) =>
    tx
      .insertInto('accounts')
      .values({ ...values, org_id: session.orgId, custom: await customValuesForCreate(tx, session.orgId, 'account', custom) })
      .returning(['id', 'updated_at'])
      .executeTakeFirstOrThrow(),
  );
}

export async function updateAccount(session: CrmSession, input: unknown) {
  const { id: accountId, expected_updated_at, custom, ...values } = parseInput(accountUpdateSchema, input);
  return inUserTransaction(session, async (tx) => updateVersioned(tx, 'accounts', accountId, expected_updated_at, custom ? { ...values, custom: await customValuesPatch(tx, session.orgId, 'account', custom) } : values));
}

export async function trashAccount(session: CrmSession, accountId: string) {
  return inUserTransaction(session, (tx) => softDelete(tx, 'accounts', accountId, session.userId));
}

export async function restoreAccount(session: CrmSession, accountId: string) {
  return inUserTransaction(session, (tx) => restore(tx, 'accounts', accountId));
}

/** How many of an account's contacts, deals and seats its page lists (the totals count them all). */
export const ACCOUNT_OVERVIEW_LIMIT = 200;

/**
 * What an account page shows around the account: its people, deals, seats bought and revenue
 * won. The lists show the latest 200; the totals (people, seats, revenue per currency) are
 * counted and summed in the database over all of them, as the user may see them.
 */
export async function getAccountOverview(session: CrmSession, accountId: string) {
  parseInput(id('Account'), accountId);
  return inUserTransaction(session, async (tx) => {
    const contacts = await tx
      .selectFrom('contacts')
      .select(['id', 'first_name', 'last_name', 'email', 'job_title'])
      .where('account_id', '=', accountId)
      .where('org_id', '=', session.orgId)
      .where('deleted_at', 'is', null)
      .orderBy('last_name')
      .limit(ACCOUNT_OVERVIEW_LIMIT)
      .execute();
    const opportunities = await tx
      .selectFrom('opportunities')
      .select(['id', 'name', 'amount', 'currency', 'status'])
      .where('account_id', '=', accountId)
      .where('org_id', '=', session.orgId)
      .where('deleted_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(ACCOUNT_OVERVIEW_LIMIT)
      .execute();
    const enrollments = await tx
      .selectFrom('enrollments')
      .innerJoin('course_sessions', 'course_sessions.id', 'enrollments.session_id')
      .innerJoin('courses', 'courses.id', 'course_sessions.course_id')
      .innerJoin('contacts', 'contacts.id', 'enrollments.contact_id')
      .select(['enrollments.id', 'enrollments.status', 'courses.title', 'course_sessions.starts_at', 'contacts.first_name', 'contacts.last_name'])
      .where('enrollments.paying_account_id', '=', accountId)
      .where('enrollments.org_id', '=', session.orgId)
      .orderBy('course_sessions.starts_at', 'desc')
      .limit(ACCOUNT_OVERVIEW_LIMIT)
      .execute();
    const revenueWon = await tx
      .selectFrom('opportunities')
      .select(['currency', sql<string>`sum(amount)::text`.as('amount')])
      .where('account_id', '=', accountId)
      .where('org_id', '=', session.orgId)
      .where('deleted_at', 'is', null)
      .where('status', '=', 'won')
      .groupBy('currency')
      .orderBy('currency')
      .execute();
    const counts = await tx
      .selectNoFrom((eb) => [
        eb.selectFrom('contacts').select(sql<number>`count(*)::int`.as('n')).where('account_id', '=', accountId).where('org_id', '=', session.orgId).where('deleted_at', 'is', null).as('contacts'),
        eb.selectFrom('enrollments').select(sql<number>`count(*)::int`.as('n')).where('paying_account_id', '=', accountId).where('org_id', '=', session.orgId).as('seats'),
      ])
      .executeTakeFirstOrThrow();
    return { contacts, opportunities, enrollments, revenueWon, contactCount: counts.contacts ?? 0, seatCount: counts.seats ?? 0 };
  });
}
