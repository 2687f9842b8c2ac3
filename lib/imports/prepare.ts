/**
 * One row of a file as the values it will be stored with. A row is refused only when it
 * cannot be stored as asked (no or an invalid key, no name for a new record); a value that
 * does not map — an owner who is not a member, an unknown stage or option — is a warning:
 * the field is left empty (or at its default) and the row goes on. The field rules are the
 * CRM's own schemas (lib/crm/fields.ts, custom property value schemas), so an import accepts
 * exactly what a form would.
 */
import type { z } from 'zod';
import { type PropertyDefinition, valueSchema } from '../crm/custom-properties.schema';
import { optionalEmail, optionalPhone, recordSources } from '../crm/fields';
import { lifecycleStages } from '../crm/contacts.schema';
import type { ImportObject } from '../db/types';
import { type ImportField, importFields, isPropertyMatch, type MatchOn } from './fields';
import type { Mapping } from './mapping';

export type { MatchKey, MatchOn } from './fields';

export type Member = { user_id: string; email: string; display_name: string };

/** What is needed to read rows of one import, loaded once. */
export type RowContext = {
  object: ImportObject;
  match: MatchOn;
  externalSource: string;
  /** Mapped columns: index → field. */
  columns: [index: number, field: ImportField][];
  properties: Map<string, PropertyDefinition>;
  members: Member[];
  /** How each column of days writes them, read from the whole file first (lib/imports/run.ts). */
  dayOrders?: Map<number, DayOrder>;
};

/** The context of an import's rows from its mapping, its object's custom properties and the team. */
export function rowContextOf(
  imp: { object: ImportObject; mapping: Mapping; match: string; external_source: string | null },
  definitions: PropertyDefinition[],
  members: Member[],
): RowContext {
  const byKey = new Map(importFields(imp.object, definitions).map((f) => [f.key, f]));
  const columns = Object.entries(imp.mapping).flatMap(([index, key]) => {
    const field = byKey.get(key);
    return field ? [[Number(index), field] as [number, ImportField]] : [];
  });
  return { object: imp.object, match: imp.match as MatchOn, externalSource: imp.external_source ?? 'import', columns, properties: new Map(definitions.map((d) => [d.key, d])), members };
}

export type PreparedRow = {
  /** The normalised key the row is matched on (email, domain or "<source>:<id>"), if any. */
  key: string | null;
  /** Column → value, only what the row fills (a blank cell never overwrites). */
  values: Record<string, unknown>;
  custom: Record<string, unknown>;
  externalId: string | null;
  /** An account named by domain or name, found per batch. */
  accountRef: string | null;
  /** Training records: the course, by code (or exact title). */
  course: string | null;
  /** Bookings and results: the session, by course code (or title) and the day it starts (UTC, as the app shows it). */
  session: { course: string; day: string } | null;
  /** Bookings: the paying account, by domain or name. */
  payingAccountRef: string | null;
  /** Deals: the pipeline and stage by name, the primary contact by email, found per batch. */
  pipelineRef: string | null;
  stageRef: string | null;
  contactRef: string | null;
  /** Activities: the lead by email, the deal by name. */
  leadRef: string | null;
  dealRef: string | null;
  consent: boolean | null;
  warnings: string[];
};

export type Refusal = { refused: string; warnings: string[] };

const HUBSPOT_STAGES: Record<string, (typeof lifecycleStages)[number]> = {
  marketingqualifiedlead: 'prospect',
  'marketing qualified lead': 'prospect',
  mql: 'prospect',
  salesqualifiedlead: 'prospect',
  'sales qualified lead': 'prospect',
  sql: 'prospect',
  opportunity: 'prospect',
  evangelist: 'customer',
};
const LEAD_STATUSES: Record<string, string> = {
  new: 'new',
  open: 'new',
  'open deal': 'working',
  'in progress': 'working',
  working: 'working',
  'attempted to contact': 'working',
  contacted: 'working',
  connected: 'working',
  qualified: 'qualified',
};
const SOURCE_ALIASES: Record<string, (typeof recordSources)[number]> = {
  'organic search': 'website',
  'direct traffic': 'website',
  web: 'website',
  'paid search': 'website',
  'social media': 'website',
  'email marketing': 'other',
  offline: 'other',
  'offline sources': 'import',
  'cold call': 'cold_outreach',
  'cold outreach': 'cold_outreach',
  'trade show': 'event',
  seminar: 'event',
  'employee referral': 'referral',
  'external referral': 'referral',
  'partner referral': 'partner',
};
const BOOKING_STATUSES: Record<string, string> = {
  enrolled: 'enrolled',
  enroled: 'enrolled',
  booked: 'enrolled',
  registered: 'enrolled',
  confirmed: 'enrolled',
  waitlisted: 'waitlisted',
  waitlist: 'waitlisted',
  'waiting list': 'waitlisted',
  attended: 'attended',
  present: 'attended',
  yes: 'attended',
  completed: 'completed',
  complete: 'completed',
  passed: 'completed',
  'no show': 'no_show',
  noshow: 'no_show',
  absent: 'no_show',
  'did not attend': 'no_show',
  no: 'no_show',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};
const CERTIFICATE_STATUSES: Record<string, string> = {
  active: 'active',
  valid: 'active',
  current: 'active',
  issued: 'active',
  expired: 'expired',
  lapsed: 'expired',
  revoked: 'revoked',
  withdrawn: 'revoked',
  cancelled: 'revoked',
  canceled: 'revoked',
};
const ACTIVITY_KINDS: Record<string, string> = {
  note: 'note',
  notes: 'note',
  call: 'call',
  calls: 'call',
  'phone call': 'call',
  meeting: 'meeting',
  meetings: 'meeting',
  email: 'email',
  'e mail': 'email',
  emails: 'email',
  task: 'task',
  tasks: 'task',
  'to do': 'task',
  todo: 'task',
};
const YES = new Set(['yes', 'y', 'true', '1', 'opted in', 'opt in', 'subscribed', 'granted', 'x']);
const NO = new Set(['no', 'n', 'false', '0', 'opted out', 'opt out', 'unsubscribed', 'withdrawn']);

const lower = (s: string) => s.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

/** A domain from what people write for one: "https://www.Acme.com/about" → "acme.com". */
export function normaliseDomain(raw: string): string | null {
  const value = raw
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .split(/[/?#]/)[0]
    ?.replace(/:\d+$/, '');
  return value && /^[a-z0-9.-]+\.[a-z]{2,}$/.test(value) ? value : null;
}

/** How a column writes its days: day first, month first (US), or both in one column. */
export type DayOrder = 'dmy' | 'mdy' | 'mixed';

/** The two numbers before the year of a written-out day (14/12/2026 → [14, 12]), if it is one. */
const writtenDay = (raw: string) => {
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:$|[T\s])/.exec(raw.trim());
  return m ? ([Number(m[1]), Number(m[2]), Number(m[3])] as const) : null;
};

/**
 * How a column writes its days, from all its cells: month first when some cell can only be
 * read that way (12/14/2026) and none only day first (14/12/2026); both ways is 'mixed'; day
 * first otherwise, as most of the world writes it.
 */
export function dayOrderOf(cells: Iterable<string>): DayOrder {
  const seen = new Set<'dmy' | 'mdy'>();
  for (const cell of cells) {
    const shows = dayEvidence(cell);
    if (shows) seen.add(shows);
  }
  return seen.size === 2 ? 'mixed' : seen.has('mdy') ? 'mdy' : 'dmy';
}

/** The order a written-out day can only be read in (14/12 → day first), if only one. */
export function dayEvidence(cell: string): 'dmy' | 'mdy' | null {
  const parts = writtenDay(cell);
  if (!parts) return null;
  if (parts[0] > 12 && parts[1] <= 12) return 'dmy';
  if (parts[1] > 12 && parts[0] <= 12) return 'mdy';
  return null;
}

/** A written-out day that reads as two different days in a column that writes both orders. */
export const ambiguousDay = (raw: string, order: DayOrder) => {
  const parts = writtenDay(raw);
  return order === 'mixed' && !!parts && parts[0] <= 12 && parts[1] <= 12 && parts[0] !== parts[1];
};

/**
 * A day from what a sheet holds: an ISO date or date-time, or a day written out in the
 * column's order (dayOrderOf); a cell that can only be read the other way is read that way.
 */
export function sessionDay(raw: string, order: DayOrder = 'dmy'): string | null {
  let year: number;
  let month: number;
  let day: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])/.exec(raw.trim());
  const written = writtenDay(raw);
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (written) {
    const [a, b] = written;
    const monthFirst = order === 'mdy' ? a <= 12 : a <= 12 && b > 12;
    [day, month] = monthFirst ? [b, a] : [a, b];
    year = written[2];
  } else return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** A moment from a sheet: its day (sessionDay), its time if it has one, its zone if it says one (else UTC). */
export function sheetMoment(raw: string, order: DayOrder = 'dmy'): string | null {
  const day = sessionDay(raw, order);
  if (!day) return null;
  const time = /[T\s](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/i.exec(raw.trim());
  if (!time) return `${day}T00:00:00.000Z`;
  const [h, m, sec] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)];
  if (h > 23 || m > 59 || sec > 59) return null;
  const zone = (time[4] ?? 'Z').toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const moment = new Date(`${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}${zone}`);
  return Number.isNaN(moment.getTime()) ? null : moment.toISOString();
}

/**
 * An amount as sheets write it, in any of the usual notations: 1234.5, 1,234.50 (US),
 * 1.234,50 (most of Europe), 1 234,50, 1'234.50, with a currency sign or code. A dot or comma
 * before exactly three digits could be either separator ("1.500"): that is 'ambiguous', not a
 * guess. Anything else (hex, exponents, words) is not an amount.
 */
export function parseAmount(raw: string): number | 'ambiguous' | null {
  const text = raw
    .replace(/[\s\u00a0\u202f'€$£]/g, '')
    .replace(/^[A-Za-z]{3}|[A-Za-z]{3}$/g, '');
  if (!/^\d[\d.,]*$/.test(text) || /[.,]$/.test(text)) return null;
  const commas = (text.match(/,/g) ?? []).length;
  const dots = (text.match(/\./g) ?? []).length;
  let plain: string;
  if (commas && dots) {
    // Both: the last one is the decimal separator, the other groups thousands.
    const decimal = text.lastIndexOf(',') > text.lastIndexOf('.') ? ',' : '.';
    const grouping = decimal === ',' ? '.' : ',';
    if (text.split(decimal).length > 2) return null;
    plain = text.split(grouping).join('').replace(decimal, '.');
  } else if (commas || dots) {
    const mark = commas ? ',' : '.';
    const groups = text.split(mark);
    const grouped = groups.length > 1 && /^\d{1,3}$/.test(groups[0] as string) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
    if (groups.length === 2 && grouped) return mark === ',' ? Number(groups.join('')) : 'ambiguous';
    if (grouped) plain = groups.join('');
    else if (groups.length === 2) plain = groups.join('.');
    else return null;
  } else plain = text;
  const n = Number(plain);
  return Number.isFinite(n) ? n : null;
}

function memberOf(members: Member[], raw: string): string | null {
  const wanted = raw.trim().toLowerCase();
  const found = members.find((m) => m.email.toLowerCase() === wanted) ?? members.find((m) => m.display_name.trim().toLowerCase() === wanted);
  return found?.user_id ?? null;
}

function parsed<T>(schema: z.ZodType<T>, value: unknown): { ok: true; value: T } | { ok: false } {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false };
}

/** A cell for a custom property in the shape its value schema takes. */
function customCell(def: PropertyDefinition, cell: string, members: Member[]): unknown {
  const findOption = (text: string) => {
    const wanted = lower(text);
    return def.options.find((o) => o.value === wanted.replace(/ /g, '-') || lower(o.label) === wanted || lower(o.value) === wanted)?.value;
  };
  switch (def.type) {
    case 'number':
    case 'currency':
      return cell.replace(/[\s,]/g, '');
    case 'boolean':
      return YES.has(lower(cell)) ? true : NO.has(lower(cell)) ? false : cell;
    case 'date':
      return /^\d{4}-\d{2}-\d{2}/.test(cell) ? cell.slice(0, 10) : cell;
    case 'datetime': {
      const date = new Date(cell);
      return Number.isNaN(date.getTime()) ? cell : date.toISOString();
    }
    case 'single_select':
      return findOption(cell) ?? cell;
    case 'multi_select':
      return [...new Set(cell.split(';').map((part) => part.trim()).filter(Boolean).map((part) => findOption(part) ?? part))];
    case 'user':
      return memberOf(members, cell) ?? cell;
    default:
      return cell;
  }
}

/** Postgres cannot store NUL; other control characters (bar tab and newlines) are invisible noise. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: exactly what this removes
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * A row's cells as values to store, or why it cannot be stored. The key is checked here;
 * whether the row creates, updates or is refused for lack of a name is decided once it is
 * matched (lib/imports/apply.ts).
 */
export function prepareRow(ctx: RowContext, rawCells: readonly string[]): PreparedRow | Refusal {
  const warnings: string[] = [];
  const values: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  let externalId: string | null = null;
  let accountRef: string | null = null;
  let payingAccountRef: string | null = null;
  let pipelineRef: string | null = null;
  let stageRef: string | null = null;
  let contactRef: string | null = null;
  let leadRef: string | null = null;
  let dealRef: string | null = null;
  let course: string | null = null;
  let day: string | null = null;
  let consent: boolean | null = null;
  const warn = (kind: string) => {
    if (!warnings.includes(kind)) warnings.push(kind);
  };
  const orderOf = (index: number) => ctx.dayOrders?.get(index) ?? 'dmy';

  for (const [index, field] of ctx.columns) {
    let cell = rawCells[index] ?? '';
    const clean = cell.replace(CONTROL, '');
    if (clean.length !== cell.length) {
      cell = clean;
      warn('control_characters_removed');
    }
    cell = cell.trim();
    if (cell === '') continue;
    // A cell a Cohort export neutralised against formulas ("'+44 …") reads back as it was.
    if (/^'[=+\-@]/.test(cell)) cell = cell.slice(1);
    switch (field.kind) {
      case 'text':
        if (field.max && cell.length > field.max) return { refused: 'too_long', warnings };
        values[field.column as string] = cell;
        break;
      case 'email': {
        const email = parsed(optionalEmail, cell);
        if (!email.ok || !email.value) return { refused: 'invalid_email', warnings };
        values.email = email.value.toLowerCase();
        break;
      }
      case 'phone': {
        const phone = parsed(optionalPhone, cell);
        if (phone.ok && phone.value) values[field.column as string] = phone.value;
        else warn('invalid_phone');
        break;
      }
      case 'full_name': {
        const parts = cell.split(/\s+/);
        const last = parts.pop() as string;
        if (!('last_name' in values)) values.last_name = last.slice(0, 100);
        if (parts.length && !('first_name' in values)) values.first_name = parts.join(' ').slice(0, 100);
        break;
      }
      case 'lifecycle_stage': {
        const wanted = lower(cell);
        const stage = (lifecycleStages as readonly string[]).includes(wanted) ? wanted : HUBSPOT_STAGES[wanted] ?? HUBSPOT_STAGES[wanted.replace(/ /g, '')];
        if (stage) values.lifecycle_stage = stage;
        else warn('unknown_stage');
        break;
      }
      case 'lead_status': {
        const status = LEAD_STATUSES[lower(cell)];
        if (status) values.status = status;
        else warn('unknown_stage');
        break;
      }
      case 'source': {
        const wanted = lower(cell);
        const value = (recordSources as readonly string[]).includes(wanted.replace(/ /g, '_')) ? wanted.replace(/ /g, '_') : SOURCE_ALIASES[wanted];
        if (value) values.source = value;
        else warn('unknown_source');
        break;
      }
      case 'owner': {
        const owner = memberOf(ctx.members, cell);
        if (owner) values.owner_id = owner;
        else warn('unknown_owner');
        break;
      }
      case 'account':
        accountRef = cell.slice(0, 200);
        break;
      case 'paying_account':
        payingAccountRef = cell.slice(0, 200);
        break;
      case 'pipeline':
        pipelineRef = cell.slice(0, 100);
        break;
      case 'stage':
        stageRef = cell.slice(0, 100);
        break;
      case 'contact':
      case 'lead': {
        const email = parsed(optionalEmail, cell);
        if (!email.ok || !email.value) warn(`unknown_${field.kind}`);
        else if (field.kind === 'contact') contactRef = email.value.toLowerCase();
        else leadRef = email.value.toLowerCase();
        break;
      }
      case 'deal':
        dealRef = cell.slice(0, 200).toLowerCase();
        break;
      case 'activity_kind': {
        const kind = ACTIVITY_KINDS[lower(cell)];
        if (kind) values.kind = kind;
        else warn('unknown_type');
        break;
      }
      case 'currency':
        if (/^[a-z]{3}$/i.test(cell)) values.currency = cell.toUpperCase();
        else warn('invalid_value');
        break;
      case 'course':
        if (cell.length > 200) return { refused: 'unknown_course', warnings };
        course = cell;
        break;
      case 'session_start':
        if (ambiguousDay(cell, orderOf(index))) return { refused: 'ambiguous_date', warnings };
        day = sessionDay(cell, orderOf(index));
        if (!day) return { refused: 'invalid_session_date', warnings };
        break;
      case 'certificate_number': {
        const number = cell.toUpperCase().replace(/\s+/g, '');
        if (!/^[A-Z0-9][A-Z0-9-]{5,39}$/.test(number)) return { refused: 'invalid_certificate_number', warnings };
        values.certificate_number = number;
        break;
      }
      case 'date':
      case 'datetime': {
        // A day alone is that day; a moment keeps its time (a sheet without a zone is read as UTC).
        if (ambiguousDay(cell, orderOf(index))) return { refused: 'ambiguous_date', warnings };
        const value = field.kind === 'date' ? sessionDay(cell, orderOf(index)) : sheetMoment(cell, orderOf(index));
        if (!value) return { refused: 'invalid_date', warnings };
        values[field.column as string] = value;
        break;
      }
      case 'certification_status': {
        const status = CERTIFICATE_STATUSES[lower(cell)];
        if (status) values.status = status;
        else warn('unknown_status');
        break;
      }
      case 'attempt': {
        const n = Number(cell);
        if (!Number.isInteger(n) || n < 1 || n > 20) return { refused: 'invalid_attempt', warnings };
        values.attempt = n;
        break;
      }
      case 'exam_score': {
        const n = parseAmount(cell.replace(/%$/, ''));
        if (typeof n !== 'number' || n > 100) return { refused: 'invalid_score', warnings };
        values.score = Math.round(n * 100) / 100;
        break;
      }
      case 'enrollment_status': {
        const status = BOOKING_STATUSES[lower(cell)] ?? BOOKING_STATUSES[lower(cell).replace(/ /g, '')];
        if (status) values.status = status;
        else warn('unknown_status');
        break;
      }
      case 'price':
      case 'money': {
        const amount = parseAmount(cell);
        if (amount === 'ambiguous') warn('ambiguous_number');
        else if (amount !== null && amount < (field.kind === 'price' ? 1e10 : 1e12)) values[field.column as string] = Math.round(amount * 100) / 100;
        else warn('invalid_value');
        break;
      }
      case 'domain': {
        const domain = normaliseDomain(cell);
        if (domain) values.domain = domain;
        else if (ctx.match === 'domain') return { refused: 'invalid_domain', warnings };
        else warn('invalid_value');
        break;
      }
      case 'integer':
      case 'score': {
        const n = Number(cell.replace(/[\s,]/g, ''));
        const ok = Number.isInteger(n) && n >= 0 && (field.kind === 'score' ? n <= 100 : n < 2 ** 31);
        if (ok) values[field.column as string] = n;
        else warn('invalid_value');
        break;
      }
      case 'external_id':
        if (cell.length > 200) return { refused: 'too_long', warnings };
        externalId = `${ctx.externalSource}:${cell}`;
        break;
      case 'consent':
        if (YES.has(lower(cell))) consent = true;
        else if (NO.has(lower(cell))) consent = false;
        else warn('invalid_value');
        break;
      case 'custom': {
        const def = ctx.properties.get(field.key.slice('custom:'.length));
        if (!def) break;
        const candidate = customCell(def, cell, ctx.members);
        const memberIds = def.type === 'user' ? ctx.members.map((m) => m.user_id) : null;
        const value = parsed(valueSchema(def, memberIds), candidate);
        if (value.ok) custom[def.key] = value.value;
        else warn(def.type === 'single_select' || def.type === 'multi_select' ? 'unknown_option' : 'invalid_value');
        break;
      }
    }
  }

  let key: string | null = null;
  let session: PreparedRow['session'] = null;
  if (ctx.object === 'enrollments' || ctx.object === 'exam_results') {
    // A booking is one person on one session; a result, one attempt of a booking.
    if (!values.email) return { refused: 'missing_email', warnings };
    if (!course || !day) return { refused: 'missing_session', warnings };
    session = { course, day };
    key = bookingKey(values.email as string, course, day);
    if (ctx.object === 'exam_results') {
      if (values.score === undefined) return { refused: 'missing_score', warnings };
      key = `${key}|${(values.attempt as number | undefined) ?? 1}`;
    }
  } else if (ctx.object === 'certifications') {
    key = (values.certificate_number as string | undefined) ?? null;
    if (!key) return { refused: 'missing_certificate_number', warnings };
    if (typeof values.expires_at === 'string' && typeof values.issued_at === 'string' && values.expires_at <= values.issued_at) return { refused: 'expiry_before_issue', warnings };
  } else if (isPropertyMatch(ctx.match)) {
    const definition = ctx.properties.get(ctx.match.slice('custom:'.length));
    key = definition ? propertyMatchKey(custom[definition.key], definition.type) : null;
    if (!key) return { refused: 'missing_match_value', warnings };
  } else if (ctx.match === 'none') {
    // Nothing to match on: every row is a new record.
    key = null;
  } else if (ctx.match === 'name') {
    key = typeof values.name === 'string' ? values.name.toLowerCase() : null;
    if (!key) return { refused: 'missing_deal_name', warnings };
  } else if (ctx.match === 'email') {
    key = (values.email as string | undefined) ?? null;
    if (!key) return { refused: 'missing_email', warnings };
  } else if (ctx.match === 'domain') {
    key = (values.domain as string | undefined) ?? null;
    if (!key) return { refused: 'missing_domain', warnings };
  } else {
    key = externalId;
    if (!key) return { refused: 'missing_external_id', warnings };
  }
  return { key, values, custom, externalId, accountRef, course, session, payingAccountRef, pipelineRef, stageRef, contactRef, leadRef, dealRef, consent, warnings };
}

/**
 * A unique property's value as rows and records are compared on it: numbers as numbers
 * ("1200.00" is 1200), email addresses in any case, other text as written — as the
 * property's unique index compares them (private.property_unique_expression).
 */
export function propertyMatchKey(value: unknown, type: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (type === 'number') return Number.isFinite(Number(value)) ? String(Number(value)) : null;
  if (type === 'email') return String(value).trim().toLowerCase();
  return String(value);
}

/** What identifies a booking in a file: the person's address, the course and the day. */
export const bookingKey = (email: string, course: string, day: string) => `${email.trim().toLowerCase()}|${course.trim().toLowerCase()}|${day}`;

export const isRefusal = (row: PreparedRow | Refusal): row is Refusal => 'refused' in row;

/** Whether a new record of this object can be made from the row (the name its table requires). */
export function hasRequiredName(object: ImportObject, values: Record<string, unknown>): boolean {
  if (object === 'contacts') return typeof values.last_name === 'string';
  if (object === 'accounts' || object === 'opportunities') return typeof values.name === 'string';
  // An activity without a subject takes one from its body or its type (lib/imports/apply.ts).
  if (object === 'activities') return true;
  return typeof values.last_name === 'string' || typeof values.email === 'string';
}

/**
 * Duplicates inside a file are folded into their first row: a cell the first row leaves
 * blank takes the first later row's value for it.
 */
export function foldCells(first: readonly string[], later: readonly (readonly string[])[]): string[] {
  const width = Math.max(first.length, ...later.map((r) => r.length));
  const out: string[] = [];
  for (let i = 0; i < width; i++) {
    let cell = first[i] ?? '';
    if (cell.trim() === '') for (const row of later) if ((row[i] ?? '').trim() !== '') { cell = row[i] as string; break; }
    out.push(cell);
  }
  return out;
}
