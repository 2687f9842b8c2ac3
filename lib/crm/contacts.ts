/** Contacts (people, trainees): list, read, create, edit, trash and restore — under RLS. */
import type { z } from 'zod';
import type { Tx } from '../db/session';
import type { LifecycleStage } from '../db/types';
import { contactCreateSchema, contactListSchema, contactUpdateSchema } from './contacts.schema';
import { convertedLeads } from './conversion';
import { customValuesForCreate, customValuesPatch } from './custom-properties';
import { notFound, parseInput } from './errors';
import { id } from './fields';
import { countMatches, filterByCustom, filterByOwner, filterBySearch, type ListSource, listPage } from './list-query';
import type { ListTotal, Page } from './pagination';
import { restore, softDelete, updateVersioned } from './records';
import { type CrmSession, inUserTransaction } from './session';

export type ContactListRow = {
  /** Custom property values by key (see custom-properties.schema.ts). */
  custom: unknown;
  id: string;
  first_name: string | null;
  last_name: string;
  email: string | null;
  job_title: string | null;
  lifecycle_stage: LifecycleStage;
  account_id: string | null;
  account_name: string | null;
  owner_id: string | null;
  owner_name: string | null;
  /** Marketing-email consent now; null: never asked (marketing_consent_statuses). */
  marketing_consent: boolean | null;
  created_at: Date;
  updated_at: Date;
};

export async function listContacts(session: CrmSession, params: unknown): Promise<Page<ContactListRow>> {
  const p = parseInput(contactListSchema, params);
  return inUserTransaction(session, (tx) => contactPage(tx, session, p));
}

/**
 * One page of the contacts list inside an open transaction. Exported for the benchmark,
 * which runs the very same SQL as service role to measure what RLS costs.
 */
async function contactQuery(tx: Tx, session: CrmSession, p: z.output<typeof contactListSchema>) {
  let query = tx
    .selectFrom('contacts')
    .leftJoin('accounts', 'accounts.id', 'contacts.account_id')
    .leftJoin('memberships as owner', (join) =>
      join.onRef('owner.org_id', '=', 'contacts.org_id').onRef('owner.user_id', '=', 'contacts.owner_id'),
    )
    .leftJoin('marketing_consent_statuses as consent', 'consent.person_id', 'contacts.id')
    .select([
      'contacts.id',
      'contacts.first_name',
      'contacts.last_name',
      'contacts.email',
      'contacts.job_title',
      'contacts.lifecycle_stage',
      'contacts.account_id',
      'accounts.name as account_name',
      'contacts.owner_id',
      'owner.display_name as owner_name',
      'consent.granted as marketing_consent',
      'contacts.custom',
      'contacts.created_at',
      'contacts.updated_at',
    ])
    .where('contacts.org_id', '=', session.orgId)
    .where('contacts.deleted_at', 'is', null);
  query = filterBySearch(query, 'contacts', p.q, session);
  query = filterByOwner(query, 'contacts', p.owner, session);
  query = await filterByCustom(tx, query, 'contacts', 'contact', p.custom, session);
  if (p.lifecycle_stage) query = query.where('contacts.lifecycle_stage', '=', p.lifecycle_stage);
  if (p.account_id) query = query.where('contacts.account_id', '=', p.account_id);
  return query;
}

/** The list for readers of every page (exports): the same filtered query. */
export const contactListSource: ListSource<z.output<typeof contactListSchema>> = { table: 'contacts', object: 'contact', query: contactQuery };

export async function contactPage(tx: Tx, session: CrmSession, p: z.output<typeof contactListSchema>): Promise<Page<ContactListRow>> {
  return listPage<ContactListRow, typeof p>(tx, session, contactListSource, p);
}

/** How many rows the list's filters match (capped, see countMatches), for its total. */
export async function countContacts(session: CrmSession, params: unknown): Promise<ListTotal> {
  const p = parseInput(contactListSchema, params);
  return inUserTransaction(session, async (tx) => countMatches(tx, await contactQuery(tx, session, p), 'contacts', session, { q: p.q, object: 'contact', custom: p.custom }));
}

/** A contact with its account, opportunities, training records, emails and consent history. */
export async function getContact(session: CrmSession, contactId: string) {
  parseInput(id('Contact'), contactId);
  return inUserTransaction(session, async (tx) => {
    const contact = await tx
      .selectFrom('contacts')
      .leftJoin('accounts', 'accounts.id', 'contacts.account_id')
      .selectAll('contacts')
      .select('accounts.name as account_name')
      .where('contacts.id', '=', contactId)
      .where('contacts.org_id', '=', session.orgId)
      .executeTakeFirst();
    if (!contact) throw notFound('Contact');
    const opportunities = await tx
      .selectFrom('opportunities')
      .select(['id', 'name', 'amount', 'currency', 'status', 'expected_close_date'])
      .where('primary_contact_id', '=', contactId)
      .where('org_id', '=', session.orgId)
      .where('deleted_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
    const enrollments = await tx
      .selectFrom('enrollments')
      .innerJoin('course_sessions', 'course_sessions.id', 'enrollments.session_id')
      .innerJoin('courses', 'courses.id', 'course_sessions.course_id')
      .select([
          'enrollments.id',
          'enrollments.status',
          'enrollments.created_at',
          'enrollments.updated_at',
          'enrollments.custom',
          'courses.id as course_id',
          'courses.title',
          'course_sessions.id as session_id',
          'course_sessions.starts_at',
        ])
      .where('enrollments.contact_id', '=', contactId)
      .where('enrollments.org_id', '=', session.orgId)
      .orderBy('course_sessions.starts_at', 'desc')
      .execute();
    const certifications = await tx
      .selectFrom('certifications')
      .innerJoin('courses', 'courses.id', 'certifications.course_id')
      .select(['certifications.id', 'certifications.course_id', 'certificate_number', 'courses.title', 'issued_at', 'expires_at', 'status'])
      .where('certifications.contact_id', '=', contactId)
      .where('certifications.org_id', '=', session.orgId)
      .orderBy('issued_at', 'desc')
      .execute();
    const examResults = enrollments.length
      ? await tx
          .selectFrom('exam_results')
          .select(['id', 'enrollment_id', 'attempt', 'score', 'passed', 'taken_at'])
          .where('enrollment_id', 'in', enrollments.map((e) => e.id))
          .orderBy('taken_at', 'desc')
          .execute()
      : [];
    // Emails and consent are part of the person's story; RLS decides who sees them (sales
    // reps see the emails of contacts they may see; consent is for compliance and managers).
    // …including what reached them while they were a lead (see convertedLeads).
    const emails = await tx
      .selectFrom('email_messages')
      .select(['id', 'template', 'subject', 'status', 'category', 'created_at'])
      .where((eb) => eb.or([eb('contact_id', '=', contactId), eb('lead_id', 'in', convertedLeads(tx, session.orgId, contactId))]))
      .where('org_id', '=', session.orgId)
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute();
    const consents = await tx
      .selectFrom('consent_events')
      .select(['id', 'purpose', 'granted', 'source', 'occurred_at'])
      .where((eb) => eb.or([eb('contact_id', '=', contactId), eb('lead_id', 'in', convertedLeads(tx, session.orgId, contactId))]))
      .where('org_id', '=', session.orgId)
      .orderBy('occurred_at', 'desc')
      .limit(50)
      .execute();
    return { contact, opportunities, enrollments, examResults, certifications, emails, consents };
  });
}

export async function createContact(session: CrmSession, input: unknown) {
  const { custom, ...values } = parseInput(contactCreateSchema, input);
  return inUserTransaction(session, async (tx) =>
    tx
      .insertInto('contacts')
      .values({ ...values, org_id: session.orgId, custom: await customValuesForCreate(tx, session.orgId, 'contact', custom) })
      .returning(['id', 'updated_at'])
      .executeTakeFirstOrThrow(),
  );
}

export async function updateContact(session: CrmSession, input: unknown) {
  const { id: contactId, expected_updated_at, custom, ...values } = parseInput(contactUpdateSchema, input);
  return inUserTransaction(session, async (tx) => updateVersioned(tx, 'contacts', contactId, expected_updated_at, custom ? { ...values, custom: await customValuesPatch(tx, session.orgId, 'contact', custom) } : values));
}

export async function trashContact(session: CrmSession, contactId: string) {
  return inUserTransaction(session, (tx) => softDelete(tx, 'contacts', contactId, session.userId));
}

export async function restoreContact(session: CrmSession, contactId: string) {
  return inUserTransaction(session, (tx) => restore(tx, 'contacts', contactId));
}
