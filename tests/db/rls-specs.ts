/**
 * The row-level security matrix, as data: for every table in `public`, per role and command,
 * which variants of row the role may touch (space-separated); anything not listed must be
 * refused. Variants: "mine" (the acting sales rep's, or the actor's own), "unassigned",
 * "others" (a colleague's), "org" (the organisation's), "foreign" (another organisation's),
 * and a few named ones explained beside their table. tests/db/schema-catalog.test.ts fails
 * when a table has no spec here; rls-runner.ts runs them.
 */
export const roles = ['admin', 'manager', 'sales', 'marketing', 'compliance', 'viewer'] as const;
export type Role = (typeof roles)[number];
type Cell = Partial<Record<Role, string>>; // role → space-separated allowed variants
export type Spec = { variants: string[]; select: Cell; insert: Cell; update: Cell; delete: Cell };

const ALL_OWNED = 'mine unassigned others';
const everyone = (allowed: string): Cell => Object.fromEntries(roles.map((r) => [r, allowed]));
const only = (allowed: string, ...who: Role[]): Cell => Object.fromEntries(who.map((r) => [r, allowed]));
const owned = ['mine', 'unassigned', 'others', 'foreign'];
const training = ['mine', 'others', 'foreign'];
const orgWide = ['org', 'foreign'];

// Sales reps work their own and unassigned records; managers and admins everything.
const salesWorked = (readers: Role[]): Spec => ({
  variants: owned,
  select: { ...only(ALL_OWNED, 'admin', 'manager', ...readers), sales: 'mine unassigned' },
  insert: { ...only(ALL_OWNED, 'admin', 'manager'), sales: 'mine unassigned' },
  update: { ...only(ALL_OWNED, 'admin', 'manager'), sales: 'mine unassigned' },
  delete: only(ALL_OWNED, 'admin', 'manager'),
});

const configuration: Spec = {
  variants: orgWide,
  select: everyone('org'),
  insert: only('org', 'admin', 'manager'),
  update: only('org', 'admin', 'manager'),
  delete: only('org', 'admin', 'manager'),
};

const trainingRecord: Spec = {
  variants: training,
  select: everyone('mine others'),
  insert: { ...only('mine others', 'admin', 'manager'), sales: 'mine' },
  update: { ...only('mine others', 'admin', 'manager'), sales: 'mine' },
  delete: only('mine others', 'admin', 'manager'),
};

/** CRM records, configuration, training and tenancy (rls-matrix.test.ts). */
export const coreMatrix: Record<string, Spec> = {
  leads: salesWorked(['marketing', 'compliance', 'viewer']),
  contacts: salesWorked(['marketing', 'compliance', 'viewer']),
  opportunities: salesWorked(['compliance', 'viewer']),
  accounts: {
    variants: owned,
    select: everyone(ALL_OWNED),
    insert: { ...only(ALL_OWNED, 'admin', 'manager'), sales: 'mine' },
    update: { ...only(ALL_OWNED, 'admin', 'manager'), sales: 'mine' },
    delete: only(ALL_OWNED, 'admin', 'manager'),
  },
  activities: {
    variants: owned,
    // A rep sees activities they own and those on records they can see (the unassigned contact).
    select: { ...only(ALL_OWNED, 'admin', 'manager', 'compliance', 'viewer'), sales: 'mine unassigned' },
    insert: { ...only(ALL_OWNED, 'admin', 'manager'), sales: 'mine' },
    update: { ...only(ALL_OWNED, 'admin', 'manager'), sales: 'mine' },
    delete: { ...only(ALL_OWNED, 'admin', 'manager'), sales: 'mine' },
  },
  pipelines: configuration,
  pipeline_stages: configuration,
  courses: configuration,
  course_sessions: configuration,
  tags: { ...configuration, insert: only('org', 'admin', 'manager', 'sales', 'marketing') },
  // A tagging follows the tagged record: seen, added and removed by those who see the record.
  taggings: {
    variants: ['mine', 'others', 'opportunity', 'foreign'],
    select: { ...only('mine others opportunity', 'admin', 'manager', 'compliance', 'viewer'), sales: 'mine opportunity', marketing: 'mine others' },
    insert: { ...only('mine others opportunity', 'admin', 'manager'), sales: 'mine opportunity', marketing: 'mine others' },
    update: only('mine others opportunity', 'admin', 'manager'),
    delete: { ...only('mine others opportunity', 'admin', 'manager'), sales: 'mine opportunity', marketing: 'mine others' },
  },
  enrollments: trainingRecord,
  exam_results: trainingRecord,
  certifications: trainingRecord,
  invitations: {
    variants: orgWide,
    select: only('org', 'admin'),
    insert: only('org', 'admin'),
    update: only('org', 'admin'),
    delete: only('org', 'admin'),
  },
  organizations: {
    variants: orgWide,
    select: everyone('org'),
    insert: {}, // organisations are created by the system only
    update: only('org', 'admin'),
    delete: {},
  },
  memberships: {
    // "org": another member's row; "self": the acting user's own row.
    variants: ['org', 'self', 'foreign'],
    select: everyone('org self'),
    insert: {}, // membership comes only from accepting an invitation (service work)
    update: only('org', 'admin'), // nobody edits their own membership: no self-promotion
    delete: only('org', 'admin'),
  },
};


const PEOPLE = 'mine unassigned others org';

/** Email, consent and suppressions (rls-email.test.ts). */
export const emailMatrix: Record<string, Spec> = {
  // Whoever sees the person sees their mail; reps see mail of their own and unassigned
  // contacts, not a colleague's nor mail to no CRM person ("org": a password reset).
  // A score and its history follow the person: seen by whoever sees the contact; written by the database only.
  person_scores: {
    variants: ['mine', 'unassigned', 'others', 'foreign'],
    select: { ...only('mine unassigned others', 'admin', 'manager', 'marketing', 'compliance', 'viewer'), sales: 'mine unassigned' },
    insert: {},
    update: {},
    delete: {},
  },
  score_history: {
    variants: ['mine', 'unassigned', 'others', 'foreign'],
    select: { ...only('mine unassigned others', 'admin', 'manager', 'marketing', 'compliance', 'viewer'), sales: 'mine unassigned' },
    insert: {},
    update: {},
    delete: {},
  },
  // Whether the person has marketing consent now: seen with the person (consent_events, the proof, are not); written by triggers only.
  marketing_consent_statuses: {
    variants: ['mine', 'unassigned', 'others', 'foreign'],
    select: { ...only('mine unassigned others', 'admin', 'manager', 'marketing', 'compliance', 'viewer'), sales: 'mine unassigned' },
    insert: {},
    update: {},
    delete: {},
  },
  email_messages: {
    variants: ['mine', 'unassigned', 'others', 'org', 'foreign'],
    select: { ...only(PEOPLE, 'admin', 'manager', 'marketing', 'compliance', 'viewer'), sales: 'mine unassigned' },
    insert: {},
    update: {},
    delete: {},
  },
  // Evidence: read by compliance and admins; staff entries (source staff) by marketing too.
  // "web_form" is a new row claiming a web form as its source: system work only.
  consent_events: {
    variants: ['org', 'web_form', 'foreign'],
    select: only('org web_form', 'admin', 'compliance'),
    insert: only('org', 'admin', 'marketing', 'compliance'),
    update: {},
    delete: {},
  },
  // Manual entries are added and lifted by compliance and admins; an unsubscribe is not.
  suppressions: {
    variants: ['manual', 'unsubscribed', 'foreign'],
    select: only('manual unsubscribed', 'admin', 'compliance'),
    insert: only('manual', 'admin', 'compliance'),
    update: {},
    delete: only('manual', 'admin', 'compliance'),
  },
  // The Dev inbox: admins; compliance too, since a subject export includes it. Not marketing:
  // security mail passes through it (with its links withheld).
  email_outbox: { variants: ['org', 'foreign'], select: only('org', 'admin', 'compliance'), insert: {}, update: {}, delete: {} },
  email_events: {
    variants: ['org', 'foreign'],
    select: only('org', 'admin', 'manager', 'marketing', 'compliance'),
    insert: {},
    update: {},
    delete: {},
  },
  // Pending double opt-ins: evidence like the ledger; only the system writes them.
  consent_confirmations: { variants: ['org', 'foreign'], select: only('org', 'admin', 'compliance'), insert: {}, update: {}, delete: {} },
};


const BUILDERS: Role[] = ['admin', 'manager', 'marketing'];
const AUDIENCE_READERS: Role[] = ['admin', 'manager', 'marketing', 'compliance', 'viewer'];
const EVIDENCE: Role[] = ['admin', 'compliance'];
/** Built by marketing, managers and admins; read by compliance and viewers too; sales reps see none of it. */
const marketingBuilt: Spec = {
  variants: orgWide,
  select: only('org', ...AUDIENCE_READERS),
  insert: only('org', ...BUILDERS),
  update: only('org', ...BUILDERS),
  delete: only('org', ...BUILDERS),
};

/** Marketing, compliance, retention, forms, saved views and custom properties (rls-workspace.test.ts). */
export const workspaceMatrix: Record<string, Spec> = {
  segments: marketingBuilt,
  // "org" is a draft, which may still be deleted; a campaign that sent anything may not (guarded).
  campaigns: marketingBuilt,
  sequences: marketingBuilt,
  sequence_steps: marketingBuilt,
  // Lead scoring rules: every member reads them (a rep sees why a lead is hot); admins and marketers set them.
  scoring_rules: { variants: orgWide, select: everyone('org'), insert: only('org', 'admin', 'marketing'), update: only('org', 'admin', 'marketing'), delete: only('org', 'admin', 'marketing') },
  // One row per organisation, made with it: only the threshold is changed, by admins and marketers.
  scoring_settings: { variants: orgWide, select: everyone('org'), insert: {}, update: only('org', 'admin', 'marketing'), delete: {} },
  // What people did, for the scoring: written by triggers and the form; read only by those who
  // export a subject's data (everyone else sees the breakdown on person_scores).
  score_signals: { variants: orgWide, select: only('org', 'admin', 'compliance'), insert: {}, update: {}, delete: {} },
  // Campaign images: uploaded by those who build campaigns, seen by those who read them; never changed.
  media_assets: { variants: orgWide, select: only('org', ...AUDIENCE_READERS), insert: only('org', ...BUILDERS), update: {}, delete: {} },
  // Who received a campaign: read with it, written by the worker only.
  campaign_recipients: { variants: orgWide, select: only('org', ...AUDIENCE_READERS), insert: {}, update: {}, delete: {} },
  // Builders enroll people they can see and take them out; removing the row is for managers.
  sequence_enrollments: {
    variants: orgWide,
    select: only('org', ...AUDIENCE_READERS),
    insert: only('org', ...BUILDERS),
    update: only('org', ...BUILDERS),
    delete: only('org', 'admin', 'manager'),
  },
  // Transactional emails raised by the database: read by those who follow sending; system writes.
  email_triggers: { variants: orgWide, select: only('org', 'admin', 'manager', 'marketing', 'compliance'), insert: {}, update: {}, delete: {} },
  // The audit trail: read by compliance and admins; nobody writes it but the triggers.
  audit_log: { variants: orgWide, select: only('org', ...EVIDENCE), insert: {}, update: {}, delete: {} },
  // Requests are evidence of compliance: kept, never deleted.
  data_subject_requests: { variants: orgWide, select: only('org', ...EVIDENCE), insert: only('org', ...EVIDENCE), update: only('org', ...EVIDENCE), delete: {} },
  // A request's history: appended by the officer in their own name, never changed.
  dsr_actions: { variants: orgWide, select: only('org', ...EVIDENCE), insert: only('org', ...EVIDENCE), update: {}, delete: {} },
  subject_exports: { variants: orgWide, select: only('org', ...EVIDENCE), insert: only('org', ...EVIDENCE), update: {}, delete: {} },
  // How long data is kept: set by admins, read by compliance too.
  retention_policies: { variants: orgWide, select: only('org', ...EVIDENCE), insert: only('org', 'admin'), update: only('org', 'admin'), delete: only('org', 'admin') },
  retention_runs: { variants: orgWide, select: only('org', ...EVIDENCE), insert: {}, update: {}, delete: {} },
  // Public forms: every member reads them; admins and marketing publish them.
  lead_forms: {
    variants: orgWide,
    select: everyone('org'),
    insert: only('org', 'admin', 'marketing'),
    update: only('org', 'admin', 'marketing'),
    delete: only('org', 'admin', 'marketing'),
  },
  // Custom property definitions: every member reads them; admins define them; archived, never deleted.
  property_definitions: { variants: orgWide, select: everyone('org'), insert: only('org', 'admin'), update: only('org', 'admin'), delete: {} },
  // The bell: a person reads and marks read their own notifications; only the database writes them.
  notifications: { variants: ['mine', 'others', 'foreign'], select: everyone('mine'), insert: {}, update: everyone('mine'), delete: {} },
  // An export is its requester's alone; every role but viewer may ask for one; only the worker writes progress and files.
  list_exports: { variants: ['mine', 'others', 'foreign'], select: everyone('mine'), insert: only('mine', 'admin', 'manager', 'sales', 'marketing', 'compliance'), update: {}, delete: {} },
  list_export_chunks: { variants: ['mine', 'others', 'foreign'], select: everyone('mine'), insert: {}, update: {}, delete: {} },
  // An import is its importer's alone; the roles that create records may start one.
  imports: { variants: ['mine', 'others', 'foreign'], select: everyone('mine'), insert: only('mine', 'admin', 'manager', 'sales'), update: only('mine', 'admin', 'manager', 'sales'), delete: {} },
  import_file_chunks: { variants: ['mine', 'others', 'foreign'], select: everyone('mine'), insert: {}, update: {}, delete: {} },
  import_rows: { variants: ['mine', 'others', 'foreign'], select: everyone('mine'), insert: {}, update: {}, delete: {} },
  // A mapping remembered for a set of headers serves the whole organisation's importers.
  import_mappings: { variants: ['org', 'foreign'], select: everyone('org'), insert: only('org', 'admin', 'manager', 'sales'), update: only('org', 'admin', 'manager', 'sales'), delete: {} },
  // A merge (and what its undo needs) is seen by those who merge: admins and managers; written by the merge functions only.
  record_merges: { variants: ['org', 'foreign'], select: only('org', 'admin', 'manager'), insert: {}, update: {}, delete: {} },
  // A run of "merge every email duplicate" is the organisation's admins' to ask for and follow; only the worker steps it.
  bulk_merges: { variants: orgWide, select: only('org', 'admin'), insert: only('org', 'admin'), update: {}, delete: {} },
  // A pair of look-alike contacts is seen by whoever sees both (here two unassigned, live ones); only triggers write pairs.
  contact_duplicates: { variants: ['org', 'foreign'], select: everyone('org'), insert: {}, update: {}, delete: {} },
  // A pair of look-alike accounts likewise (every role reads live accounts); only triggers write pairs.
  account_duplicates: { variants: ['org', 'foreign'], select: everyone('org'), insert: {}, update: {}, delete: {} },
  // And of look-alike leads (here two unassigned, live ones).
  lead_duplicates: { variants: ['org', 'foreign'], select: everyone('org'), insert: {}, update: {}, delete: {} },
  // A saved view is its owner's alone: "mine" is the acting user's, "others" a colleague's.
  saved_views: { variants: ['mine', 'others', 'foreign'], select: everyone('mine'), insert: everyone('mine'), update: everyone('mine'), delete: everyone('mine') },
};

/** Every table with a spec: the catalog test compares it with the tables in `public`. */
export const coveredTables = [...Object.keys(coreMatrix), ...Object.keys(emailMatrix), ...Object.keys(workspaceMatrix)];
