/**
 * The columns an exported list can have, per list, as SQL over the list's own rows (`r`, what
 * the list's query selects): Postgres writes the cells, so a CSV comes straight out of `COPY`
 * (lib/exports/list-export.ts). Column ids are the list grid's (so "the columns shown" is what
 * the grid shows); a column may fill several cells (a name is first and last name, for
 * re-importing); `extra` ones come only with "all columns". Values are what a person reads:
 * labels for statuses and selects, names for owners, ISO dates and UTC times — never internal keys. Numbers
 * stay numbers (plain in a CSV, numeric cells in a workbook).
 */
import { type RawBuilder, sql } from 'kysely';
import type { PropertyDefinition } from '../crm/custom-properties.labels';
import { activityKindLabels } from '../crm/activities.schema';
import { marketingConsentLabels } from '../crm/consent.labels';
import { leadStatusLabels } from '../crm/leads.labels';
import { certificationStatusLabels, enrollmentStatusLabels } from '../crm/training.schema';
import { recipientStatusLabels } from '../marketing/campaign-recipients.schema';
import type { ExportList } from './list-export.schema';

/** A cell as a workbook stores it (lib/exports/xlsx.ts). */
export type Cell = string | number | null;
/** CSV cells are text made inert against formulas; a workbook's are typed and never formulas. */
export type CellFormat = 'csv' | 'xlsx';
type Expr = RawBuilder<unknown>;
/** A column of the list's row `r`. */
type Ref = (column: string) => Expr;
type Column = { id: string; headers: string[]; cells: (r: Ref, format: CellFormat) => Expr[]; extra?: true };

/**
 * Text a spreadsheet would run as a formula (=, +, -, @, or a leading tab or carriage return)
 * is prefixed with an apostrophe, which spreadsheets show as text (OWASP's advice for CSV
 * injection). The same rule as `neutralised` below, in SQL.
 */
const inert = (value: Expr, format: CellFormat): Expr =>
  // ascii() of the first character, compared as integers: a fifth cheaper than comparing text.
  format === 'csv' ? sql`case when ascii(${value}) in (61, 43, 45, 64, 9, 13) then '''' || ${value} else ${value} end` : value;
const text = (column: string) => (r: Ref, format: CellFormat) => [inert(r(column), format)];
/**
 * An instant as UTC date and time to the second, "2026-12-03 08:53:12": a form spreadsheets
 * read as a date and time (an ISO "…T…Z" stays text in Excel), and Postgres writes it at the
 * cost of a plain column (to_char took twice as long as the rest of a contact's row).
 */
const instant = (value: Expr) => sql`(${value} at time zone 'UTC')::timestamp(0)::text`;
const day = (value: Expr) => sql`to_char(${value}, 'YYYY-MM-DD')`;
/** "marketing_qualified" → "Marketing qualified". */
const capitalised = (value: Expr) => sql`upper(left(${value}::text, 1)) || replace(substr(${value}::text, 2), '_', ' ')`;
/** A key's label from `labels`, the key itself when it has none. */
const labelled = (value: Expr, labels: Record<string, string>) => {
  const entries = Object.entries(labels);
  if (entries.length === 0) return sql`${value}::text`;
  return sql`case ${value}::text ${sql.join(entries.map(([key, label]) => sql`when ${key} then ${label}`), sql` `)} else ${value}::text end`;
};
/** A number: a workbook's numeric cell, a CSV's plain digits. */
const number = (value: Expr, format: CellFormat) => (format === 'xlsx' ? sql`${value}::float8` : value);

const common = {
  owner: { id: 'owner', headers: ['Owner'], cells: text('owner_name') },
  created: { id: 'created', headers: ['Created (UTC)'], cells: (r: Ref) => [instant(r('created_at'))] },
  marketing: {
    id: 'marketing',
    headers: ['Marketing email'],
    cells: (r: Ref) => [
      sql`case ${r('marketing_consent')} when true then ${marketingConsentLabels.granted} when false then ${marketingConsentLabels.withdrawn} else ${marketingConsentLabels.none} end`,
    ],
  },
  updated: { id: 'updated', headers: ['Last updated (UTC)'], cells: (r: Ref) => [instant(r('updated_at'))], extra: true as const },
  id: { id: 'id', headers: ['Cohort ID'], cells: (r: Ref) => [r('id')], extra: true as const },
} satisfies Record<string, Column>;

const columnsOf: Record<ExportList, Column[]> = {
  contacts: [
    { id: 'name', headers: ['First name', 'Last name'], cells: (r, f) => [inert(r('first_name'), f), inert(r('last_name'), f)] },
    { id: 'job_title', headers: ['Job title'], cells: text('job_title'), extra: true },
    { id: 'account', headers: ['Account'], cells: text('account_name') },
    { id: 'email', headers: ['Email'], cells: text('email') },
    { id: 'stage', headers: ['Lifecycle stage'], cells: (r) => [capitalised(r('lifecycle_stage'))] },
    common.owner,
    common.marketing,
    common.created,
    common.updated,
    common.id,
  ],
  leads: [
    { id: 'name', headers: ['First name', 'Last name'], cells: (r, f) => [inert(r('first_name'), f), inert(r('last_name'), f)] },
    { id: 'company', headers: ['Company'], cells: text('company_name') },
    { id: 'email', headers: ['Email'], cells: text('email') },
    { id: 'status', headers: ['Status'], cells: (r) => [labelled(r('status'), leadStatusLabels)] },
    { id: 'score', headers: ['Score'], cells: (r, f) => [number(r('score'), f)] },
    { id: 'source', headers: ['Source'], cells: (r) => [capitalised(r('source'))], extra: true },
    common.owner,
    common.marketing,
    common.created,
    common.updated,
    common.id,
  ],
  accounts: [
    { id: 'name', headers: ['Name'], cells: text('name') },
    { id: 'domain', headers: ['Domain'], cells: text('domain'), extra: true },
    { id: 'industry', headers: ['Industry'], cells: text('industry') },
    { id: 'training_client', headers: ['Training client'], cells: (r) => [sql`case when ${r('is_training_client')} then 'Yes' else 'No' end`], extra: true },
    common.owner,
    common.created,
    common.updated,
    common.id,
  ],
  opportunities: [
    { id: 'name', headers: ['Name'], cells: text('name') },
    { id: 'stage', headers: ['Stage'], cells: text('stage_name') },
    { id: 'status', headers: ['Status'], cells: (r) => [capitalised(r('status'))], extra: true },
    { id: 'amount', headers: ['Amount', 'Currency'], cells: (r, f) => [number(r('amount'), f), r('currency')] },
    { id: 'account', headers: ['Account'], cells: text('account_name') },
    common.owner,
    { id: 'close', headers: ['Close date'], cells: (r) => [day(r('expected_close_date'))] },
    common.created,
    common.updated,
    common.id,
  ],
  activities: [
    { id: 'occurred', headers: ['Date (UTC)'], cells: (r) => [instant(r('occurred_at'))] },
    { id: 'kind', headers: ['Kind'], cells: (r) => [labelled(r('kind'), activityKindLabels)] },
    { id: 'subject', headers: ['Subject'], cells: text('subject') },
    { id: 'record', headers: ['Record type', 'Record'], cells: (r, f) => [capitalised(r('record_type')), inert(r('record_name'), f)] },
    common.owner,
    { id: 'due', headers: ['Due (UTC)'], cells: (r) => [instant(r('due_at'))] },
    { id: 'completed', headers: ['Completed (UTC)'], cells: (r) => [instant(r('completed_at'))], extra: true },
    common.created,
    common.updated,
    common.id,
  ],
  enrollments: [
    { id: 'trainee', headers: ['First name', 'Last name'], cells: (r, f) => [inert(r('first_name'), f), inert(r('last_name'), f)] },
    { id: 'email', headers: ['Email'], cells: text('email') },
    { id: 'course', headers: ['Course code', 'Course'], cells: (r, f) => [inert(r('course_code'), f), inert(r('course_title'), f)] },
    { id: 'session', headers: ['Session start (UTC)'], cells: (r) => [instant(r('starts_at'))] },
    { id: 'status', headers: ['Status'], cells: (r) => [labelled(r('status'), enrollmentStatusLabels)] },
    { id: 'paying_account', headers: ['Paying account'], cells: text('paying_account_name') },
    { id: 'price', headers: ['Price', 'Currency'], cells: (r, f) => [number(r('price'), f), r('currency')], extra: true },
    { ...common.created, headers: ['Booked (UTC)'] },
    common.updated,
    common.id,
  ],
  certifications: [
    { id: 'number', headers: ['Certificate number'], cells: text('certificate_number') },
    { id: 'holder', headers: ['First name', 'Last name'], cells: (r, f) => [inert(r('first_name'), f), inert(r('last_name'), f)] },
    { id: 'email', headers: ['Email'], cells: text('email'), extra: true },
    { id: 'course', headers: ['Course code', 'Course'], cells: (r, f) => [inert(r('course_code'), f), inert(r('course_title'), f)] },
    { id: 'issued', headers: ['Issued'], cells: (r) => [day(r('issued_at'))] },
    { id: 'expires', headers: ['Expires'], cells: (r) => [day(r('expires_at'))] },
    { id: 'status', headers: ['Status'], cells: (r) => [labelled(r('status'), certificationStatusLabels)] },
    { id: 'revoked_reason', headers: ['Revocation reason'], cells: text('revoked_reason'), extra: true },
    common.created,
    common.updated,
    common.id,
  ],
  campaign_recipients: [
    { id: 'name', headers: ['First name', 'Last name'], cells: (r, f) => [inert(r('first_name'), f), inert(r('last_name'), f)] },
    { id: 'email', headers: ['Email'], cells: text('email') },
    { id: 'status', headers: ['Status'], cells: (r) => [labelled(r('status'), recipientStatusLabels)] },
    { id: 'error', headers: ['Last error'], cells: text('last_error') },
    { ...common.updated, extra: undefined },
    { id: 'person', headers: ['Contact or lead'], cells: (r) => [sql`case when ${r('contact_id')} is not null then 'Contact' when ${r('lead_id')} is not null then 'Lead' end`], extra: true },
    common.id,
  ],
};

/** A member as a `user` property's cell names them. */
export type MemberName = { user_id: string; display_name: string };

/**
 * A custom property's cell, as the grid reads it (displayValue in custom-properties.labels.ts):
 * option labels (a multi-select's joined by ", "), Yes / No, a member's name ("Former member"
 * for someone who left); numbers plain, dates and instants as stored (ISO).
 */
function customCell(def: PropertyDefinition, custom: Expr, format: CellFormat, members: MemberName[]): Expr {
  const value = sql`${custom} -> ${def.key}`;
  const raw = sql`nullif(${custom} ->> ${def.key}, '')`;
  const options = Object.fromEntries(def.options.map((o) => [o.value, o.label]));
  switch (def.type) {
    case 'boolean':
      return sql`case ${value} when 'true'::jsonb then 'Yes' when 'false'::jsonb then 'No' end`;
    case 'number':
    case 'currency':
      return number(sql`case jsonb_typeof(${value}) when 'number' then (${value})::numeric end`, format);
    case 'single_select':
      return inert(labelled(raw, options), format);
    case 'multi_select': {
      const each = sql`case jsonb_typeof(${value}) when 'array' then ${value} when 'string' then jsonb_build_array(${value}) end`;
      // The guard inside the subquery: its aggregate is then computed once, not once per mention.
      return sql`(select ${inert(sql`string_agg(${labelled(sql.ref('e.v'), options)}, ', ' order by e.n)`, format)} from jsonb_array_elements_text(${each}) with ordinality as e(v, n))`;
    }
    case 'user': {
      const names = members.map((m) => sql`when ${m.user_id} then ${m.display_name}`);
      const named = names.length ? sql`case ${raw} ${sql.join(names, sql` `)} else 'Former member' end` : sql`'Former member'`;
      return inert(sql`case when ${raw} is null then null else ${named} end`, format);
    }
    default:
      return inert(raw, format);
  }
}

/** Column ids a list's export can name (the grid's, its extras, and custom.<key>). */
export function columnIds(list: ExportList, definitions: PropertyDefinition[]): string[] {
  return [...columnsOf[list].map((c) => c.id), ...definitions.filter((d) => !d.archived).map((d) => `custom.${d.key}`)];
}

export type ExportLayout = { headers: string[]; cells: (format: CellFormat) => Expr[] };

/**
 * The file's layout for the chosen column ids, in the list's order (custom properties after
 * the list's own columns). `all` takes every column and every live custom property.
 */
export function exportLayout(list: ExportList, chosen: string[] | 'all', definitions: PropertyDefinition[], members: MemberName[]): ExportLayout {
  const wanted = (id: string) => chosen === 'all' || chosen.includes(id);
  const own = columnsOf[list].filter((c) => wanted(c.id));
  const custom = definitions.filter((d) => !d.archived && wanted(`custom.${d.key}`));
  const r: Ref = (column) => sql.ref(`r.${column}`);
  return {
    headers: [...own.flatMap((c) => c.headers), ...custom.map((d) => d.label)],
    cells: (format) => [...own.flatMap((c) => c.cells(r, format)), ...custom.map((d) => customCell(d, r('custom'), format, members))],
  };
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a leading tab or carriage
 * return) is prefixed with an apostrophe (`inert` above is the same rule in SQL). For
 * headers, and for files written in JavaScript (an import's refused rows). Numbers stay numbers.
 */
export function neutralised(cell: Cell): Cell {
  if (typeof cell !== 'string') return cell;
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
