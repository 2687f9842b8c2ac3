/**
 * The columns an exported list can have, per list. Their ids are the list grid's column ids
 * (so "the columns shown" is what the grid shows), a column may fill several cells (a name is
 * first and last name, for re-importing), and `extra` ones come only with "all columns".
 * Values are what a person reads: labels for statuses and selects, names for owners, ISO
 * dates — never internal keys.
 */
import type { AccountListRow } from '../crm/accounts';
import type { ContactListRow } from '../crm/contacts';
import { displayValue, type PropertyDefinition } from '../crm/custom-properties.labels';
import type { LeadListRow } from '../crm/leads';
import { leadStatusLabels } from '../crm/leads.labels';
import type { OpportunityListRow } from '../crm/opportunities';
import type { ExportList } from './list-export.schema';

export type Cell = string | number | null;
type Column<Row> = { id: string; headers: string[]; cells: (row: Row) => Cell[]; extra?: true };

const day = (value: Date | string | null) => (value === null ? null : typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10));
const instant = (value: Date) => value.toISOString();
const capitalised = (value: string) => value.charAt(0).toUpperCase() + value.slice(1).replace(/_/g, ' ');

const common = {
  owner: { id: 'owner', headers: ['Owner'], cells: (r: { owner_name: string | null }) => [r.owner_name] },
  created: { id: 'created', headers: ['Created'], cells: (r: { created_at: Date }) => [instant(r.created_at)] },
  updated: { id: 'updated', headers: ['Last updated'], cells: (r: { updated_at: Date }) => [instant(r.updated_at)], extra: true as const },
  id: { id: 'id', headers: ['Cohort ID'], cells: (r: { id: string }) => [r.id], extra: true as const },
};

const columnsOf: { [L in ExportList]: Column<RowOf<L>>[] } = {
  contacts: [
    { id: 'name', headers: ['First name', 'Last name'], cells: (r) => [r.first_name, r.last_name] },
    { id: 'job_title', headers: ['Job title'], cells: (r) => [r.job_title], extra: true },
    { id: 'account', headers: ['Account'], cells: (r) => [r.account_name] },
    { id: 'email', headers: ['Email'], cells: (r) => [r.email] },
    { id: 'stage', headers: ['Lifecycle stage'], cells: (r) => [capitalised(r.lifecycle_stage)] },
    common.owner,
    common.created,
    common.updated,
    common.id,
  ],
  leads: [
    { id: 'name', headers: ['First name', 'Last name'], cells: (r) => [r.first_name, r.last_name] },
    { id: 'company', headers: ['Company'], cells: (r) => [r.company_name] },
    { id: 'email', headers: ['Email'], cells: (r) => [r.email] },
    { id: 'status', headers: ['Status'], cells: (r) => [leadStatusLabels[r.status]] },
    { id: 'score', headers: ['Score'], cells: (r) => [r.score] },
    { id: 'source', headers: ['Source'], cells: (r) => [r.source ? capitalised(r.source) : null], extra: true },
    common.owner,
    common.created,
    common.updated,
    common.id,
  ],
  accounts: [
    { id: 'name', headers: ['Name'], cells: (r) => [r.name] },
    { id: 'domain', headers: ['Domain'], cells: (r) => [r.domain], extra: true },
    { id: 'industry', headers: ['Industry'], cells: (r) => [r.industry] },
    { id: 'training_client', headers: ['Training client'], cells: (r) => [r.is_training_client ? 'Yes' : 'No'], extra: true },
    common.owner,
    common.created,
    common.updated,
    common.id,
  ],
  opportunities: [
    { id: 'name', headers: ['Name'], cells: (r) => [r.name] },
    { id: 'stage', headers: ['Stage'], cells: (r) => [r.stage_name] },
    { id: 'status', headers: ['Status'], cells: (r) => [capitalised(r.status)], extra: true },
    { id: 'amount', headers: ['Amount', 'Currency'], cells: (r) => [r.amount, r.currency] },
    { id: 'account', headers: ['Account'], cells: (r) => [r.account_name] },
    common.owner,
    { id: 'close', headers: ['Close date'], cells: (r) => [day(r.expected_close_date)] },
    common.created,
    common.updated,
    common.id,
  ],
};

export type RowOf<L extends ExportList> = {
  contacts: ContactListRow;
  leads: LeadListRow;
  accounts: AccountListRow;
  opportunities: OpportunityListRow;
}[L];

export type ExportLayout<L extends ExportList> = { headers: string[]; cells: (row: RowOf<L>) => Cell[] };

/** Column ids a list's export can name (the grid's, its extras, and custom.<key>). */
export function columnIds(list: ExportList, definitions: PropertyDefinition[]): string[] {
  return [...columnsOf[list].map((c) => c.id), ...definitions.filter((d) => !d.archived).map((d) => `custom.${d.key}`)];
}

/**
 * The file's layout for the chosen column ids, in the list's order (custom properties after
 * the list's own columns). `all` takes every column and every live custom property.
 */
export function exportLayout<L extends ExportList>(list: L, chosen: string[] | 'all', definitions: PropertyDefinition[], memberName: (id: string) => string | undefined): ExportLayout<L> {
  const wanted = (id: string) => chosen === 'all' || chosen.includes(id);
  const own = (columnsOf[list] as Column<RowOf<L>>[]).filter((c) => wanted(c.id));
  const custom = definitions.filter((d) => !d.archived && wanted(`custom.${d.key}`));
  return {
    headers: [...own.flatMap((c) => c.headers), ...custom.map((d) => d.label)],
    cells: (row) => {
      const values = ((row as { custom?: unknown }).custom ?? {}) as Record<string, unknown>;
      return [...own.flatMap((c) => c.cells(row)), ...custom.map((d) => displayValue(d, values[d.key], memberName) || null)];
    },
  };
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a leading tab or carriage
 * return) is prefixed with an apostrophe, which spreadsheets show as text (OWASP's advice
 * for CSV injection). Numbers stay numbers.
 */
export function neutralised(cell: Cell): Cell {
  if (typeof cell !== 'string') return cell;
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
