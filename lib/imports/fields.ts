/**
 * What an import can fill, per kind of record: each field's label, how a cell becomes its
 * value, and the headers it is recognised by — Cohort's own export, HubSpot's, Salesforce's
 * and Twenty's, and what people type into a sheet. Custom properties are fields too
 * (`custom:<key>`), recognised by their label and key. No zod here: the mapping step's client
 * code imports this file.
 */
import type { ImportObject } from '../db/types';

export type FieldKind =
  | 'text'
  | 'email'
  | 'phone'
  | 'full_name'
  | 'lifecycle_stage'
  | 'lead_status'
  | 'source'
  | 'owner'
  | 'account'
  | 'domain'
  | 'integer'
  | 'score'
  | 'external_id'
  | 'consent'
  | 'course'
  | 'session_start'
  | 'enrollment_status'
  | 'price'
  | 'paying_account'
  | 'custom';

export type ImportField = {
  key: string;
  label: string;
  kind: FieldKind;
  /** The column the value is stored in (none for a name to split, an account to find, a consent event). */
  column?: string;
  max?: number;
  /** Headers this field is recognised by, normalised (normaliseHeader). */
  aliases: string[];
  /** Shown in the mapping step. */
  hint?: string;
};

/** "Contact owner", "contact_owner", "Contact Owner " → "contact owner". */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[_./\\|:()[\]-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const externalId = (what: string): ImportField => ({
  key: 'external_id',
  label: 'ID in the source system',
  kind: 'external_id',
  aliases: ['record id', 'id', `${what} id`, 'hubspot id', 'salesforce id', 'external id', 'record id hubspot', 'twenty id'],
  hint: 'Stored as "<source>:<id>", to match the next import from the same system.',
});
const owner = (what: string): ImportField => ({
  key: 'owner',
  label: 'Owner',
  kind: 'owner',
  column: 'owner_id',
  aliases: ['owner', `${what} owner`, 'owner email', 'owner name', 'assigned to', 'account owner', 'record owner', 'hubspot owner'],
  hint: 'A member, by email address or name.',
});
const consent: ImportField = {
  key: 'marketing_consent',
  label: 'Marketing email consent',
  kind: 'consent',
  aliases: ['marketing consent', 'email consent', 'consent', 'marketing email consent', 'opted in', 'email opt in', 'subscribed'],
  hint: 'Recorded as an import consent event, with the file as proof — never as a grant by itself.',
};
const source: ImportField = {
  key: 'source',
  label: 'Source',
  kind: 'source',
  column: 'source',
  aliases: ['source', 'lead source', 'original source', 'original traffic source', 'record source'],
};

/** Who a person is: the fields a contact, a lead and an attendee have in common. */
const identityFields: ImportField[] = [
  { key: 'email', label: 'Email', kind: 'email', column: 'email', max: 254, aliases: ['email', 'email address', 'e mail', 'emails primary email', 'primary email', 'work email'] },
  { key: 'first_name', label: 'First name', kind: 'text', column: 'first_name', max: 100, aliases: ['first name', 'firstname', 'given name', 'name first name', 'forename'] },
  { key: 'last_name', label: 'Last name', kind: 'text', column: 'last_name', max: 100, aliases: ['last name', 'lastname', 'surname', 'family name', 'name last name'] },
  { key: 'full_name', label: 'Full name (split)', kind: 'full_name', aliases: ['full name', 'name', 'contact name', 'lead name'], hint: 'Split at the last space into first and last name.' },
  { key: 'phone', label: 'Phone', kind: 'phone', column: 'phone', max: 40, aliases: ['phone', 'phone number', 'mobile', 'mobile phone', 'mobile phone number', 'phones primary phone number', 'telephone', 'work phone'] },
  { key: 'job_title', label: 'Job title', kind: 'text', column: 'job_title', max: 150, aliases: ['job title', 'title', 'position', 'role'] },
];
const personFields = (what: string): ImportField[] => [
  ...identityFields,
  source,
  owner(what),
  externalId(what),
  consent,
];

const builtIn: Record<ImportObject, ImportField[]> = {
  contacts: [
    ...personFields('contact'),
    { key: 'lifecycle_stage', label: 'Lifecycle stage', kind: 'lifecycle_stage', column: 'lifecycle_stage', aliases: ['lifecycle stage', 'lifecycle', 'stage', 'contact stage'] },
    { key: 'account', label: 'Account', kind: 'account', column: 'account_id', aliases: ['account', 'account name', 'company', 'company name', 'associated company', 'organisation', 'organization', 'company domain', 'company domain name', 'company name name'], hint: 'An account you can see, by domain or name.' },
  ],
  leads: [
    ...personFields('lead'),
    { key: 'company_name', label: 'Company', kind: 'text', column: 'company_name', max: 200, aliases: ['company', 'company name', 'organisation', 'organization', 'account name'] },
    { key: 'status', label: 'Status', kind: 'lead_status', column: 'status', aliases: ['status', 'lead status'] },
    { key: 'score', label: 'Score', kind: 'score', column: 'score', aliases: ['score', 'lead score', 'hubspot score'] },
  ],
  accounts: [
    { key: 'name', label: 'Name', kind: 'text', column: 'name', max: 200, aliases: ['name', 'company name', 'account name', 'company', 'organisation', 'organization'] },
    { key: 'domain', label: 'Domain', kind: 'domain', column: 'domain', aliases: ['domain', 'company domain name', 'website', 'website url', 'domain name', 'domain name primary link url'] },
    { key: 'industry', label: 'Industry', kind: 'text', column: 'industry', max: 100, aliases: ['industry'] },
    { key: 'phone', label: 'Phone', kind: 'phone', column: 'phone', max: 40, aliases: ['phone', 'phone number', 'company phone'] },
    { key: 'billing_address', label: 'Billing address', kind: 'text', column: 'billing_address', max: 500, aliases: ['billing address', 'address', 'street address', 'billing street'] },
    { key: 'employee_count', label: 'Employees', kind: 'integer', column: 'employee_count', aliases: ['employees', 'number of employees', 'employee count', 'employee size'] },
    owner('company'),
    externalId('company'),
  ],
  // An attendee sheet: who (found by email, or a new contact), which session (course code and
  // start date), and how the booking stands.
  enrollments: [
    ...identityFields,
    { key: 'account', label: 'Company (new contacts)', kind: 'account', column: 'account_id', aliases: ['company', 'company name', 'account', 'account name', 'organisation', 'organization', 'employer'], hint: 'The account of a person who is not a contact yet, by domain or name. An existing contact keeps theirs.' },
    { key: 'course', label: 'Course code', kind: 'course', aliases: ['course', 'course code', 'course id', 'course name', 'course title', 'training', 'programme', 'program'], hint: 'A course by its code (or its exact title).' },
    { key: 'session_start', label: 'Session start date', kind: 'session_start', aliases: ['session date', 'session start', 'session start date', 'start date', 'course date', 'date', 'start', 'starts', 'session'], hint: 'The day the session starts, like 2026-12-14 or 14/12/2026.' },
    { key: 'status', label: 'Booking status', kind: 'enrollment_status', column: 'status', aliases: ['status', 'booking status', 'enrollment status', 'enrolment status', 'attendance', 'attended'], hint: 'Booked, waitlisted, attended, completed, no-show or cancelled.' },
    { key: 'price', label: 'Price paid', kind: 'price', column: 'price', aliases: ['price', 'price paid', 'fee', 'amount', 'paid'] },
    { key: 'paying_account', label: 'Paying account', kind: 'paying_account', column: 'paying_account_id', aliases: ['paying account', 'paid by', 'billed to', 'bill to', 'invoice to', 'payer'], hint: 'The corporate client paying for the seat, by domain or name.' },
  ],
};

/**
 * Headers a source system writes that carry nothing Cohort stores as such, recognised so the
 * mapping step can say why it leaves them out.
 */
export const knownSkipped: Record<string, string> = {
  'marketing contact status': "HubSpot's marketing contact status is a billing setting, not consent: not imported.",
  'create date': 'Cohort keeps its own creation date.',
  'created date': 'Cohort keeps its own creation date.',
  'last modified date': 'Cohort keeps its own change dates.',
  'last activity date': 'Activities are imported on their own.',
};

/** The kind of record a custom property of each import object is defined on. */
export const propertyObjectOf = { contacts: 'contact', leads: 'lead', accounts: 'account', enrollments: 'enrollment' } as const;

export type CustomFieldSource = { key: string; label: string; archived: boolean };

/** The built-in fields of an object, then its live custom properties as `custom:<key>`. */
export function importFields(object: ImportObject, properties: CustomFieldSource[] = []): ImportField[] {
  const custom = properties
    .filter((p) => !p.archived)
    .map<ImportField>((p) => ({ key: `custom:${p.key}`, label: p.label, kind: 'custom', aliases: [normaliseHeader(p.label), normaliseHeader(p.key)] }));
  return [...builtIn[object], ...custom];
}

/** The key an object's records are matched on by default, and the ones it may be matched on. */
export const matchKeys: Record<ImportObject, readonly ('email' | 'domain' | 'external_id')[]> = {
  contacts: ['email', 'external_id'],
  leads: ['email', 'external_id'],
  accounts: ['domain', 'external_id'],
  // A booking is the person's email with the session: nothing else identifies it.
  enrollments: ['email'],
};

/** What an object's records are matched on unless the file is matched on its source ids. */
export const naturalKey: Record<ImportObject, 'email' | 'domain'> = { contacts: 'email', leads: 'email', accounts: 'domain', enrollments: 'email' };

export const objectLabels: Record<ImportObject, [one: string, many: string]> = {
  contacts: ['contact', 'contacts'],
  leads: ['lead', 'leads'],
  accounts: ['account', 'accounts'],
  enrollments: ['booking', 'bookings'],
};

/** What the upload step offers to import. */
export const objectChoiceLabels: Record<ImportObject, string> = {
  contacts: 'Contacts',
  leads: 'Leads',
  accounts: 'Accounts',
  enrollments: 'Bookings (an attendee sheet)',
};

/** Why a row was refused, as the summary and the refused-rows file say it. */
export const refusalLabels: Record<string, string> = {
  missing_email: 'No email address (the import matches on email)',
  invalid_email: 'The email address is not valid',
  missing_name: 'No name',
  missing_domain: 'No domain (the import matches on domain)',
  invalid_domain: 'The domain is not valid',
  missing_external_id: 'No id in the source system (the import matches on it)',
  erased: 'This person asked to be erased: their address may not be stored again',
  already_exists: 'A record with this key exists (the import only creates)',
  not_found: 'No record with this key (the import only updates)',
  not_permitted: 'You may not write this record',
  too_long: 'A value is longer than the field allows',
  database_rule: 'The database refused the row',
  missing_session: 'No course code or session start date',
  invalid_session_date: 'The session start date is not a date (write it like 2026-12-14 or 14/12/2026)',
  unknown_course: 'No course with this code',
  unknown_session: 'The course has no session starting that day',
  ambiguous_session: 'The course has more than one session starting that day',
  session_full: 'The session is full: raise its capacity, or book the person as waitlisted',
};

/** What a warning means: the field was left empty (or at its default) and the row imported. */
export const warningLabels: Record<string, string> = {
  unknown_owner: 'Owner is not a member: left unassigned',
  unknown_stage: 'Unknown lifecycle stage or status: the default was used',
  unknown_source: 'Unknown source: left empty',
  unknown_account: 'No account with that name or domain: left empty',
  unknown_option: 'Not an option of the property: left empty',
  invalid_value: 'A value that does not fit its field: left empty',
  invalid_phone: 'A phone number that is not valid: left empty',
  consent_not_recorded: 'Consent could not be recorded (your role may not record consent)',
  control_characters_removed: 'Invisible control characters were removed',
  unknown_status: 'Unknown booking status: enrolled was used',
};
