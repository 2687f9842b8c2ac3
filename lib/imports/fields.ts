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
  | 'certificate_number'
  | 'date'
  | 'datetime'
  | 'certification_status'
  | 'attempt'
  | 'exam_score'
  | 'stage'
  | 'pipeline'
  | 'money'
  | 'currency'
  | 'contact'
  | 'lead'
  | 'deal'
  | 'activity_kind'
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
  aliases: ['owner', `${what} owner`, 'owner email', 'owner name', 'assigned to', 'account owner', 'record owner', 'hubspot owner', 'opportunity owner'],
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
/** Training records name a course by its code, a session by the day it starts, and a new person's company. */
const course: ImportField = { key: 'course', label: 'Course code', kind: 'course', aliases: ['course', 'course code', 'course id', 'course name', 'course title', 'training', 'programme', 'program'], hint: 'A course by its code (or its exact title).' };
const sessionStart: ImportField = { key: 'session_start', label: 'Session start date', kind: 'session_start', aliases: ['session date', 'session start', 'session start date', 'start date', 'course date', 'date', 'start', 'starts', 'session'], hint: 'The day the session starts, like 2026-12-14 or 14/12/2026.' };
const newPersonAccount: ImportField = { key: 'account', label: 'Company (new contacts)', kind: 'account', column: 'account_id', aliases: ['company', 'company name', 'account', 'account name', 'organisation', 'organization', 'employer'], hint: 'The account of a person who is not a contact yet, by domain or name. An existing contact keeps theirs.' };

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
  // Deals: HubSpot's deals export, Salesforce's opportunities, any sheet.
  opportunities: [
    { key: 'name', label: 'Deal name', kind: 'text', column: 'name', max: 200, aliases: ['deal name', 'opportunity name', 'name', 'deal', 'opportunity', 'title'] },
    { key: 'pipeline', label: 'Pipeline', kind: 'pipeline', column: 'pipeline_id', aliases: ['pipeline', 'deal pipeline', 'sales pipeline'], hint: 'A pipeline by its name; the default pipeline when empty.' },
    { key: 'stage', label: 'Stage', kind: 'stage', column: 'stage_id', aliases: ['deal stage', 'stage', 'opportunity stage', 'sales stage'], hint: "A stage by its name; a won or lost stage closes the deal." },
    { key: 'amount', label: 'Amount', kind: 'money', column: 'amount', aliases: ['amount', 'deal amount', 'value', 'deal value', 'amount in company currency', 'opportunity amount'] },
    { key: 'currency', label: 'Currency', kind: 'currency', column: 'currency', aliases: ['currency', 'currency code', 'deal currency code', 'opportunity currency'] },
    { key: 'expected_close_date', label: 'Expected close date', kind: 'date', column: 'expected_close_date', aliases: ['close date', 'expected close date', 'closing date', 'expected close'] },
    { key: 'probability', label: 'Probability (%)', kind: 'score', column: 'probability', aliases: ['probability', 'deal probability', 'probability %', 'win probability'] },
    { key: 'account', label: 'Account', kind: 'account', column: 'account_id', aliases: ['associated company', 'account name', 'account', 'company', 'company name', 'organisation', 'organization'], hint: 'An account you can see, by domain or name.' },
    { key: 'contact', label: 'Primary contact', kind: 'contact', column: 'primary_contact_id', aliases: ['associated contact', 'primary contact', 'contact', 'contact email', 'associated contact email'], hint: 'A contact you can see, by email address.' },
    { key: 'lost_reason', label: 'Lost reason', kind: 'text', column: 'lost_reason', max: 500, aliases: ['closed lost reason', 'lost reason', 'loss reason', 'reason lost'] },
    owner('deal'),
    externalId('deal'),
  ],
  // History: HubSpot's calls, meetings and notes exports, any sheet of activities.
  activities: [
    { key: 'kind', label: 'Type', kind: 'activity_kind', column: 'kind', aliases: ['type', 'activity type', 'kind', 'engagement type', 'activity'], hint: 'Note, call, meeting, email or task; a note when empty (a task when it has a due date).' },
    { key: 'subject', label: 'Subject', kind: 'text', column: 'subject', max: 300, aliases: ['subject', 'title', 'call title', 'meeting name', 'meeting title', 'note title', 'task title'], hint: 'The first line of the body when empty.' },
    { key: 'body', label: 'Body', kind: 'text', column: 'body', max: 20000, aliases: ['body', 'notes', 'note', 'note body', 'description', 'call notes', 'comments', 'details'] },
    { key: 'occurred_at', label: 'Date', kind: 'datetime', column: 'occurred_at', aliases: ['date', 'activity date', 'timestamp', 'occurred at', 'call date', 'meeting start time', 'meeting date'] },
    { key: 'due_at', label: 'Due (tasks)', kind: 'datetime', column: 'due_at', aliases: ['due date', 'due', 'due at'] },
    { key: 'completed_at', label: 'Completed (tasks)', kind: 'datetime', column: 'completed_at', aliases: ['completed', 'completed at', 'completion date', 'done'] },
    { key: 'contact', label: 'Contact', kind: 'contact', column: 'contact_id', aliases: ['contact', 'contact email', 'associated contact', 'associated contact email', 'email'], hint: 'A contact you can see, by email address.' },
    { key: 'lead', label: 'Lead', kind: 'lead', column: 'lead_id', aliases: ['lead', 'lead email', 'associated lead'], hint: 'A lead you can see, by email address.' },
    { key: 'account', label: 'Account', kind: 'account', column: 'account_id', aliases: ['company', 'associated company', 'account', 'account name'], hint: 'An account you can see, by domain or name.' },
    { key: 'deal', label: 'Deal', kind: 'deal', column: 'opportunity_id', aliases: ['deal', 'deal name', 'associated deal', 'opportunity', 'opportunity name'], hint: 'A deal you can see, by its name.' },
    owner('activity'),
    externalId('activity'),
  ],
  // An attendee sheet: who (found by email, or a new contact), which session (course code and
  // start date), and how the booking stands.
  enrollments: [
    ...identityFields,
    newPersonAccount,
    course,
    sessionStart,
    { key: 'status', label: 'Booking status', kind: 'enrollment_status', column: 'status', aliases: ['status', 'booking status', 'enrollment status', 'enrolment status', 'attendance', 'attended'], hint: 'Booked, waitlisted, attended, completed, no-show or cancelled.' },
    { key: 'price', label: 'Price paid', kind: 'price', column: 'price', aliases: ['price', 'price paid', 'fee', 'amount', 'paid'] },
    { key: 'paying_account', label: 'Paying account', kind: 'paying_account', column: 'paying_account_id', aliases: ['paying account', 'paid by', 'billed to', 'bill to', 'invoice to', 'payer'], hint: 'The corporate client paying for the seat, by domain or name.' },
  ],
  // One exam attempt of a booked person: the booking (person, course, day) and the attempt.
  exam_results: [
    identityFields[0] as ImportField,
    course,
    sessionStart,
    { key: 'attempt', label: 'Attempt', kind: 'attempt', column: 'attempt', aliases: ['attempt', 'attempt number', 'try', 'sitting'], hint: '1 to 20; 1 when the sheet has none.' },
    { key: 'score', label: 'Score (%)', kind: 'exam_score', column: 'score', aliases: ['score', 'exam score', 'result', 'mark', 'percentage', 'score %'], hint: 'Passed is decided by the pass mark, as in the app.' },
    { key: 'taken_at', label: 'Taken on', kind: 'datetime', column: 'taken_at', aliases: ['taken', 'taken on', 'taken at', 'exam date', 'date taken', 'sat on'], hint: 'When the exam was taken; the session start when the sheet has none.' },
    { key: 'notes', label: 'Notes', kind: 'text', column: 'notes', max: 2000, aliases: ['notes', 'note', 'comments', 'comment', 'remarks'] },
  ],
  // A certificate register: the certificate by its number, its holder by email.
  certifications: [
    { key: 'certificate_number', label: 'Certificate number', kind: 'certificate_number', column: 'certificate_number', aliases: ['certificate number', 'certificate no', 'certificate', 'cert number', 'cert no', 'certificate id', 'credential id', 'licence number', 'license number'], hint: 'Letters, digits and dashes, 6 to 40 long; stored in capitals.' },
    ...identityFields,
    newPersonAccount,
    course,
    { key: 'issued_at', label: 'Issued on', kind: 'date', column: 'issued_at', aliases: ['issued', 'issued on', 'issue date', 'date issued', 'awarded', 'awarded on', 'certified on', 'date'] },
    { key: 'expires_at', label: 'Expires on', kind: 'date', column: 'expires_at', aliases: ['expires', 'expires on', 'expiry', 'expiry date', 'expiration', 'expiration date', 'valid until', 'valid to'], hint: "Without one, the course's validity sets it." },
    { key: 'status', label: 'Status', kind: 'certification_status', column: 'status', aliases: ['status', 'certificate status', 'state'], hint: 'Active, expired or revoked.' },
    { key: 'revoked_reason', label: 'Reason revoked', kind: 'text', column: 'revoked_reason', max: 500, aliases: ['revoked reason', 'revocation reason', 'reason revoked', 'reason'] },
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
export const propertyObjectOf = { contacts: 'contact', leads: 'lead', accounts: 'account', opportunities: 'opportunity', activities: null, enrollments: 'enrollment', exam_results: null, certifications: null } as const satisfies Record<
  ImportObject,
  string | null
>;

/** Training records: imported by admins and managers, for people found by email (lib/imports/apply-training.ts). */
export const trainingImportObjects = ['enrollments', 'exam_results', 'certifications'] as const satisfies readonly ImportObject[];
export type TrainingImportObject = (typeof trainingImportObjects)[number];
export const isTrainingImport = (object: ImportObject): object is TrainingImportObject => (trainingImportObjects as readonly string[]).includes(object);

/** What each training import finds its rows by (the mapping step says it), the fields it needs, and the email it may send. */
export const trainingImportRules: Record<TrainingImportObject, { explanation: string; required: string[]; confirmation: string }> = {
  enrollments: {
    explanation:
      "A booking is found by the person's email address, the course code and the day the session starts. A person who is not a contact yet becomes one; an existing contact's details are not changed.",
    required: ['email', 'course', 'session_start'],
    confirmation: 'Email a booking confirmation to people booked on upcoming sessions (leave off when they were told already)',
  },
  exam_results: {
    explanation:
      "A result is found by the person's email address, the course code, the day the session starts and the attempt (1 when the sheet has none). The person must be booked on that session; passed is decided by the pass mark, as in the app.",
    required: ['email', 'course', 'session_start', 'score'],
    confirmation: 'Email each person their result',
  },
  certifications: {
    explanation:
      "A certificate is found by its number. A holder who is not a contact yet becomes one; an existing contact's details are not changed. Without an expiry date the course's validity sets it, and one past its expiry is imported as expired.",
    required: ['certificate_number'],
    confirmation: 'Email each holder of an active certificate that it was issued',
  },
};

export type CustomFieldSource = { key: string; label: string; archived: boolean };

/** The built-in fields of an object, then its live custom properties as `custom:<key>`. */
export function importFields(object: ImportObject, properties: CustomFieldSource[] = []): ImportField[] {
  const custom = properties
    .filter((p) => !p.archived)
    .map<ImportField>((p) => ({ key: `custom:${p.key}`, label: p.label, kind: 'custom', aliases: [normaliseHeader(p.label), normaliseHeader(p.key)] }));
  return [...builtIn[object], ...custom];
}

/** The keys an object's records may be matched on, the preferred first (the first a column fills is suggested). */
/** What rows are matched on (imports.match agrees). */
export const matchKeyNames = ['email', 'domain', 'external_id', 'booking', 'certificate_number', 'name', 'none'] as const;
export type MatchKey = (typeof matchKeyNames)[number];
export const matchKeys: Record<ImportObject, readonly MatchKey[]> = {
  contacts: ['email', 'external_id'],
  leads: ['email', 'external_id'],
  accounts: ['domain', 'external_id'],
  // A deal has no natural key: the source system's id, or its name (the oldest open deal of that name; rows of one name are one deal).
  opportunities: ['external_id', 'name'],
  // Nothing identifies an activity but the source system's id: without one, every row is new.
  activities: ['external_id', 'none'],
  // A booking is the person with the session, a result the booking with its attempt: nothing else identifies them.
  enrollments: ['booking'],
  exam_results: ['booking'],
  certifications: ['certificate_number'],
};

/** A match on one of the object's unique custom properties: `custom:<key>`, the mapping's field for it. */
export type PropertyMatch = `custom:${string}`;
/** Everything rows can be matched on: a key of the object's, or a unique custom property. */
export type MatchOn = MatchKey | PropertyMatch;
export const isPropertyMatch = (match: string): match is PropertyMatch => match.startsWith('custom:');
/** The objects whose records may also be matched on a unique custom property (imports_match_fits_object agrees). */
export const propertyMatchObjects: readonly ImportObject[] = ['contacts', 'leads', 'accounts', 'opportunities'];

const matchKeyLabels: Record<MatchKey, string> = {
  email: 'Email address',
  domain: 'Domain',
  external_id: 'ID in the source system',
  name: 'Deal name',
  none: 'Nothing: every row is new',
  booking: 'Person, course and session day',
  certificate_number: 'Certificate number',
};

/**
 * What an object's rows can be matched on, with labels, the preferred first: its keys, then
 * each live custom property marked unique (its values identify one record, as an email does).
 */
export function matchChoices(object: ImportObject, properties: (CustomFieldSource & { is_unique: boolean })[]): [MatchOn, string][] {
  const unique = propertyMatchObjects.includes(object) ? properties.filter((p) => p.is_unique && !p.archived) : [];
  return [...matchKeys[object].map((k): [MatchOn, string] => [k, matchKeyLabels[k]]), ...unique.map((p): [MatchOn, string] => [`custom:${p.key}`, `${p.label} (unique property)`])];
}

/** What an object's records are matched on unless the file is matched on its source ids. */
export const naturalKey: Record<ImportObject, Exclude<MatchKey, 'external_id'>> = {
  contacts: 'email',
  leads: 'email',
  accounts: 'domain',
  opportunities: 'name',
  activities: 'none',
  enrollments: 'booking',
  exam_results: 'booking',
  certifications: 'certificate_number',
};

export const objectLabels: Record<ImportObject, [one: string, many: string]> = {
  contacts: ['contact', 'contacts'],
  leads: ['lead', 'leads'],
  accounts: ['account', 'accounts'],
  opportunities: ['deal', 'deals'],
  activities: ['activity', 'activities'],
  enrollments: ['booking', 'bookings'],
  exam_results: ['exam result', 'exam results'],
  certifications: ['certificate', 'certificates'],
};

/** What the upload step offers to import. */
export const objectChoiceLabels: Record<ImportObject, string> = {
  contacts: 'Contacts',
  leads: 'Leads',
  accounts: 'Accounts',
  opportunities: 'Deals (opportunities)',
  activities: 'Activities (calls, meetings, notes, tasks)',
  enrollments: 'Bookings (an attendee sheet)',
  exam_results: 'Exam results',
  certifications: 'Certificates (a certificate register)',
};

/** Why a row was refused, as the summary and the refused-rows file say it. */
export const refusalLabels: Record<string, string> = {
  missing_email: 'No email address (the import matches on email)',
  invalid_email: 'The email address is not valid',
  missing_name: 'No name',
  missing_domain: 'No domain (the import matches on domain)',
  invalid_domain: 'The domain is not valid',
  no_record: 'Names no contact, lead, account or deal that could be found',
  missing_deal_name: 'No deal name (the import matches on it)',
  missing_external_id: 'No id in the source system (the import matches on it)',
  missing_match_value: 'No value of the unique property the import matches on',
  erased: 'This person asked to be erased: their address may not be stored again',
  already_exists: 'A record with this key exists (the import only creates)',
  not_found: 'No record with this key (the import only updates)',
  not_permitted: 'You may not write this record',
  too_long: 'A value is longer than the field allows',
  duplicate_value: 'A value that must be unique is taken by another record (an address, a certificate number)',
  database_rule: 'The database refused the row',
  missing_session: 'No course code or session start date',
  invalid_session_date: 'The session start date is not a date (write it like 2026-12-14 or 14/12/2026)',
  unknown_course: 'No course with this code',
  unknown_session: 'The course has no session starting that day',
  ambiguous_session: 'The course has more than one session starting that day',
  session_full: 'The session is full: raise its capacity, or book the person as waitlisted',
  no_booking: 'The person has no booking on this session (import the attendee sheet first)',
  session_not_started: 'The session has not started yet',
  taken_outside_session: 'The exam must have been taken between the start of the session and now',
  missing_score: 'No score',
  invalid_score: 'The score is not a number from 0 to 100',
  invalid_attempt: 'The attempt is not a number from 1 to 20',
  missing_certificate_number: 'No certificate number (the import matches on it)',
  invalid_certificate_number: 'The certificate number is not 6 to 40 letters, digits or dashes',
  missing_course: 'No course code',
  missing_issue_date: 'No issue date',
  invalid_date: 'A date that is not a date (write it like 2026-12-14 or 14/12/2026)',
  ambiguous_date: 'The column writes days both ways (14/12 and 12/14): this one reads as two days — write it like 2026-12-04',
  expiry_before_issue: 'The expiry date is not after the issue date',
  holder_differs: 'The certificate number belongs to someone else',
};

/** What a warning means: the field was left empty (or at its default) and the row imported. */
export const warningLabels: Record<string, string> = {
  unknown_owner: 'Owner is not a member: left unassigned',
  unknown_stage: 'Unknown lifecycle stage or status: the default was used',
  unknown_source: 'Unknown source: left empty',
  unknown_account: 'No account with that name or domain: left empty',
  unknown_contact: 'No contact with that email address: left empty',
  unknown_lead: 'No lead with that email address: left empty',
  unknown_deal: 'No deal with that name: left empty',
  unknown_type: 'Unknown activity type: recorded as a note',
  expired_by_date: 'Called active but past its expiry date: imported as expired',
  ambiguous_number: 'A number that reads two ways (1.500 or 1,500): left empty — write it without a thousands separator',
  not_a_task: 'Due and completed dates are for tasks: left empty',
  unknown_pipeline: 'No pipeline with that name: the default pipeline was used',
  unknown_stage_name: 'No stage with that name in the pipeline: its first stage was used',
  unknown_option: 'Not an option of the property: left empty',
  invalid_value: 'A value that does not fit its field: left empty',
  invalid_phone: 'A phone number that is not valid: left empty',
  consent_not_recorded: 'Consent could not be recorded (your role may not record consent)',
  control_characters_removed: 'Invisible control characters were removed',
  unknown_status: 'Unknown status: the default was used',
};
