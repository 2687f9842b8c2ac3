/**
 * Writing one batch of prepared rows, inside the importer's own transaction — so RLS decides
 * what they may create and change, exactly as in the app. A batch is a handful of set-based
 * statements (find the matches, insert the new records, update the changed ones, record
 * consents), not a statement per row; when the database refuses one of them, the batch is
 * halved under savepoints until the refused rows are alone, and each is refused with the
 * database's reason while the rest goes in.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor, Tx } from '../db/session';
import type { ImportMode, ImportObject } from '../db/types';
import { isTrainingImport } from './fields';
import { isPropertyMatch } from './fields';
import { hasRequiredName, isRefusal, type MatchKey, type MatchOn, type PreparedRow, type Refusal } from './prepare';

export type BatchRow = { rowNumber: number; cells: string[]; prepared: PreparedRow | Refusal | 'duplicate' };

export type RowOutcome =
  | { rowNumber: number; outcome: 'created'; recordId: string; warnings: string[] }
  | { rowNumber: number; outcome: 'updated'; recordId: string; previous: Record<string, unknown>; applied: Record<string, unknown>; warnings: string[] }
  | { rowNumber: number; outcome: 'unchanged'; recordId: string; warnings: string[] }
  | { rowNumber: number; outcome: 'duplicate'; warnings: string[] }
  | { rowNumber: number; outcome: 'refused'; reason: string; warnings: string[] };

export type BatchContext = {
  importId: string;
  orgId: string;
  object: ImportObject;
  mode: ImportMode;
  match: MatchOn;
  /** Matched on a unique custom property: its type (how its values compare). */
  matchType?: string;
  fileName: string;
  /** The header of the consent column, for the consent event's proof. */
  consentHeader: string | null;
  /** Owner of new records that name none (a sales rep's own, as their forms default to). */
  defaultOwner: string | null;
  /** Accounts already looked up by this run: reference → id (null: none found). */
  accounts: Map<string, string | null>;
  /** Deals: the organisation's pipelines and stages, read once per run. */
  pipelines?: Pipeline[];
  /** Bookings: whether people booked on upcoming sessions get the confirmation email. */
  sendConfirmations: boolean;
  /** Whose transaction this is, to return to after a step of bookkeeping. */
  requester: Actor;
};

const tables = { contacts: 'contacts', leads: 'leads', accounts: 'accounts', opportunities: 'opportunities', activities: 'activities' } as const;
/** Tables with custom property values (activities have none). */
const withCustom = (object: RecordObject) => object !== 'activities';
const customOf = (object: RecordObject) => (withCustom(object) ? sql`custom` : sql`'{}'::jsonb as custom`);
type RecordObject = keyof typeof tables;
/** The columns an import may write, per table (the registry's columns, and the import's own). */
export const writable: Record<RecordObject, string[]> = {
  contacts: ['first_name', 'last_name', 'email', 'phone', 'job_title', 'lifecycle_stage', 'source', 'owner_id', 'account_id'],
  leads: ['first_name', 'last_name', 'email', 'phone', 'job_title', 'company_name', 'status', 'source', 'score', 'owner_id'],
  accounts: ['name', 'domain', 'industry', 'phone', 'billing_address', 'employee_count', 'owner_id'],
  opportunities: ['name', 'account_id', 'primary_contact_id', 'pipeline_id', 'stage_id', 'amount', 'currency', 'expected_close_date', 'closed_at', 'probability', 'owner_id', 'lost_reason'],
  activities: ['kind', 'subject', 'body', 'occurred_at', 'due_at', 'completed_at', 'owner_id', 'lead_id', 'contact_id', 'account_id', 'opportunity_id'],
};
/** What a new record gets for a NOT NULL column the file leaves blank. */
const defaults: Record<RecordObject, Record<string, unknown>> = {
  contacts: { lifecycle_stage: 'lead' },
  leads: { status: 'new', score: 0 },
  accounts: {},
  // The pipeline and its first stage are the run's (lib/imports/apply.ts placeDeals).
  opportunities: { amount: 0, currency: 'EUR' },
  activities: { kind: 'note' },
};
const keyColumn: Partial<Record<MatchKey, string>> = { email: 'email', domain: 'domain', external_id: 'external_ids', name: 'name' };

type Existing = { id: string; custom: Record<string, unknown>; external_ids: string[] } & Record<string, unknown>;
type Pipeline = { id: string; name: string; is_default: boolean; stages: { id: string; name: string; is_lost: boolean; is_won: boolean }[] };

/** The reason a lost deal gets when the sheet gives none (a lost deal needs one). */
const LOST_BEFORE_IMPORT = 'Lost before it was imported';
/** What the stage trigger sets when a deal moves: kept with the change, so a revert puts it back too. */
const followStage = ['closed_at', 'lost_reason', 'expected_close_date', 'probability'] as const;

/** A stage or pipeline name as people and exports write it: "Closed Won", "closedwon", "closed_won" are "Won". */
const nameKey = (name: string) =>
  name
    .toLowerCase()
    .replace(/[\s_-]+/g, '')
    .replace(/^closed(won|lost)$/, '$1');

/**
 * The records a deal or an activity names, as the importer sees them: contacts and leads by
 * email, deals by name (the oldest of a name), into `columns`; one not found is a warning.
 */
async function linkRecords(tx: Tx, ctx: BatchContext, live: { prepared: PreparedRow }[], columns: { contact: string; lead?: string; deal?: string }): Promise<void> {
  const lookups = [
    { ref: (p: PreparedRow) => p.contactRef, column: columns.contact, table: 'contacts', key: sql`lower(email::text)`, warning: 'unknown_contact' },
    ...(columns.lead ? [{ ref: (p: PreparedRow) => p.leadRef, column: columns.lead, table: 'leads', key: sql`lower(email::text)`, warning: 'unknown_lead' }] : []),
    ...(columns.deal ? [{ ref: (p: PreparedRow) => p.dealRef, column: columns.deal, table: 'opportunities', key: sql`lower(name)`, warning: 'unknown_deal' }] : []),
  ];
  for (const { ref, column, table, key, warning } of lookups) {
    const wanted = [...new Set(live.flatMap((l) => ref(l.prepared) ?? []))];
    if (wanted.length === 0) continue;
    const { rows } = await sql<{ id: string; ref: string }>`select id, ${key} as ref from ${sql.table(`public.${table}`)}
      where org_id = ${ctx.orgId}::uuid and deleted_at is null and ${key} = any(${wanted}::text[]) order by created_at desc`.execute(tx);
    // The oldest of a name or address, read last, is the one linked.
    const found = new Map(rows.map((r) => [r.ref, r.id]));
    for (const { prepared } of live) {
      const wantedRef = ref(prepared);
      if (!wantedRef) continue;
      const id = found.get(wantedRef);
      if (id) prepared.values[column] = id;
      else if (!prepared.warnings.includes(warning)) prepared.warnings.push(warning);
    }
  }
}

/**
 * Activities: a task keeps its due and completed dates, another kind has none (a due date
 * alone makes a task); one without a subject takes the first line of its body, or its type.
 */
function shapeActivities(live: { prepared: PreparedRow }[]): void {
  for (const { prepared } of live) {
    const { values, warnings } = prepared;
    if (!values.kind && values.due_at) values.kind = 'task';
    if ((values.kind ?? 'note') !== 'task' && (values.due_at || values.completed_at)) {
      delete values.due_at;
      delete values.completed_at;
      if (!warnings.includes('not_a_task')) warnings.push('not_a_task');
    }
  }
}
const subjectOf = (values: Record<string, unknown>) =>
  (typeof values.body === 'string' ? values.body.split('\n')[0]?.trim().slice(0, 120) : '') || `Imported ${(values.kind as string | undefined) ?? 'note'}`;

/**
 * Deals: their pipeline and stage from the names in the row (a stage name alone is looked for
 * in the default pipeline first), their primary contact by email; what a new deal needs and
 * the row leaves out — the default pipeline and its first stage — in `placement`. A won or
 * lost deal closes on the row's close date, and a lost one without a reason gets one.
 */
async function placeDeals(tx: Tx, ctx: BatchContext, live: { prepared: PreparedRow }[]): Promise<Map<PreparedRow, Record<string, unknown>>> {
  if (!ctx.pipelines) {
    const { rows } = await sql<Pipeline>`
      select p.id, p.name, p.is_default,
             coalesce((select jsonb_agg(jsonb_build_object('id', s.id, 'name', s.name, 'is_lost', s.is_lost, 'is_won', s.is_won) order by s.position)
                         from public.pipeline_stages s where s.pipeline_id = p.id), '[]'::jsonb) as stages
        from public.pipelines p where p.org_id = ${ctx.orgId}::uuid order by p.is_default desc, p.created_at`.execute(tx);
    ctx.pipelines = rows;
  }
  const pipelines = ctx.pipelines;
  const placement = new Map<PreparedRow, Record<string, unknown>>();
  for (const { prepared } of live) {
    const { values, warnings } = prepared;
    const warn = (kind: string) => warnings.includes(kind) || warnings.push(kind);
    const named = prepared.pipelineRef ? pipelines.find((p) => nameKey(p.name) === nameKey(prepared.pipelineRef as string)) : undefined;
    if (prepared.pipelineRef && !named) warn('unknown_pipeline');
    const stageRef = prepared.stageRef ? nameKey(prepared.stageRef) : null;
    const pipeline = named ?? (stageRef ? pipelines.find((p) => p.stages.some((s) => nameKey(s.name) === stageRef)) : undefined) ?? pipelines[0];
    if (!pipeline) continue;
    const stage = stageRef ? pipeline.stages.find((s) => nameKey(s.name) === stageRef) : undefined;
    if (stageRef && !stage) warn('unknown_stage_name');
    // Only what the row names moves a deal: a known stage, or a known pipeline (at its first stage).
    if (stage || named) {
      values.pipeline_id = pipeline.id;
      values.stage_id = (stage ?? pipeline.stages[0])?.id;
    }
    if (stage?.is_won || stage?.is_lost) {
      if (typeof values.expected_close_date === 'string') values.closed_at = `${values.expected_close_date}T12:00:00.000Z`;
      if (stage.is_lost && !values.lost_reason) values.lost_reason = LOST_BEFORE_IMPORT;
    } else delete values.lost_reason;
    placement.set(prepared, { pipeline_id: pipeline.id, stage_id: pipeline.stages[0]?.id });
  }
  return placement;
}

/** Rules of the database that have a reason of their own (lib/imports/fields.ts refusalLabels). */
const refusedByConstraint: Record<string, string> = {
  enrollments_session_capacity: 'session_full',
  exam_results_session_started: 'session_not_started',
  exam_results_taken_during_session: 'taken_outside_session',
};

/** The database's refusal of one row as a reason; anything else (a lost connection) is not the row's fault. */
export function refusalOf(error: unknown): string | null {
  const code = (error as { code?: string }).code ?? '';
  const constraint = (error as { constraint?: string }).constraint;
  if (constraint && constraint in refusedByConstraint) return refusedByConstraint[constraint] as string;
  if (code === '42501') return 'not_permitted';
  if (code === '23505') return 'duplicate_value';
  if (code === '22001') return 'too_long';
  if (code.startsWith('23') || code.startsWith('22')) return 'database_rule';
  return null;
}

/**
 * Runs `statement` for all `items` under a savepoint; if the database refuses, halves them
 * until each refused item is alone, and returns those with their reason.
 */
export async function refusingAlone<T>(tx: Tx, items: T[], statement: (items: T[]) => Promise<void>, depth = 0): Promise<{ item: T; reason: string }[]> {
  if (items.length === 0) return [];
  const name = sql.raw(`import_part_${depth}`);
  await sql`savepoint ${name}`.execute(tx);
  try {
    await statement(items);
    await sql`release savepoint ${name}`.execute(tx);
    return [];
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(tx);
    const reason = refusalOf(error);
    if (reason === null) throw error;
    if (items.length === 1) return [{ item: items[0] as T, reason }];
    const half = Math.ceil(items.length / 2);
    return [...(await refusingAlone(tx, items.slice(0, half), statement, depth + 1)), ...(await refusingAlone(tx, items.slice(half), statement, depth + 1))];
  }
}

export const same = (a: unknown, b: unknown) => {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  // Numeric columns come back as text ("1200.00"): a sheet's 1200 is the same amount.
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return String(a).toLowerCase() === String(b).toLowerCase();
};

/** Finds the records the rows match, as the importer sees them. */
async function findExisting(tx: Tx, ctx: BatchContext, object: RecordObject, keys: string[]): Promise<Map<string, Existing>> {
  const found = new Map<string, Existing>();
  if (keys.length === 0) return found;
  const table = sql.table(`public.${tables[object]}`);
  const columns = sql.join(writable[object].map((c) => sql.ref(c)));
  if (ctx.match === 'external_id') {
    const { rows } = await sql<Existing>`select id, ${columns}, ${customOf(object)}, external_ids from ${table}
       where org_id = ${ctx.orgId}::uuid and deleted_at is null and external_ids <> '{}' and external_ids && ${keys}::text[]`.execute(tx);
    const wanted = new Set(keys);
    for (const row of rows) for (const key of row.external_ids) if (wanted.has(key) && !found.has(key)) found.set(key, row);
    return found;
  }
  if (isPropertyMatch(ctx.match)) {
    // As the property's unique index compares values (private.property_unique_expression), so
    // the lookup uses it; the key as prepare.ts propertyMatchKey writes it.
    const property = ctx.match.slice('custom:'.length);
    const value = sql`custom ->> ${property}`;
    const compared = ctx.matchType === 'number' ? sql`(${value})::numeric` : ctx.matchType === 'email' ? sql`lower(${value})` : sql`(${value})`;
    const written = ctx.matchType === 'number' ? sql`trim_scale((${value})::numeric)::text` : compared;
    const wanted = ctx.matchType === 'number' ? sql`any(${keys}::numeric[])` : sql`any(${keys}::text[])`;
    const { rows } = await sql<Existing & { match_key: string }>`select id, ${columns}, ${customOf(object)}, external_ids, ${written} as match_key from ${table}
       where org_id = ${ctx.orgId}::uuid and deleted_at is null and custom ? ${property} and ${compared} = ${wanted}`.execute(tx);
    for (const row of rows) found.set(row.match_key, row);
    return found;
  }
  const keyName = keyColumn[ctx.match];
  if (!keyName) throw new Error(`${object} are not matched on ${ctx.match}.`);
  const column = sql.ref(keyName);
  const { rows } = await sql<Existing & { match_key: string }>`select id, ${columns}, ${customOf(object)}, external_ids, lower(${column}::text) as match_key from ${table}
     where org_id = ${ctx.orgId}::uuid and deleted_at is null
       and ${ctx.match === 'name' ? sql`lower(name) = any(${keys}::text[]) and status = 'open'` : sql`${column} = any(${keys}::extensions.citext[])`}
     order by created_at desc`.execute(tx);
  // Several with one key (open deals of one name): the oldest, read last, is the one matched.
  // A closed deal is history: a sheet's deal of the same name is a new one.
  for (const row of rows) found.set(row.match_key, row);
  return found;
}

/** Addresses of people who were erased: they may not be stored again. */
export async function erasedAmong(tx: Tx, orgId: string, emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const { rows } = await sql<{ email: string }>`select e as email from private.erased_among(${orgId}::uuid, ${emails}::text[]) e`.execute(tx);
  return new Set(rows.map((r) => r.email));
}

/** Accounts named in the rows, by domain or name, as the importer sees them. */
export async function resolveAccounts(tx: Tx, ctx: BatchContext, refs: string[]): Promise<void> {
  const unknown = [...new Set(refs.map((r) => r.toLowerCase()))].filter((r) => !ctx.accounts.has(r));
  if (unknown.length === 0) return;
  const { rows } = await sql<{ id: string; domain: string | null; name: string }>`
    select id, domain::text as domain, lower(name) as name from public.accounts
     where org_id = ${ctx.orgId}::uuid and deleted_at is null
       and (domain = any(${unknown}::extensions.citext[]) or lower(name) = any(${unknown}::text[]))
     order by created_at`.execute(tx);
  for (const ref of unknown) {
    const hit = rows.find((r) => r.domain === ref) ?? rows.find((r) => r.name === ref);
    ctx.accounts.set(ref, hit?.id ?? null);
  }
  // A run meets many names: keep the lookups bounded.
  if (ctx.accounts.size > 50_000) ctx.accounts.clear();
}

type Creation = { rowNumber: number; record: Record<string, unknown>; consent: boolean | null; consentCell: string };
type Change = { rowNumber: number; id: string; patch: Record<string, unknown>; previous: Record<string, unknown>; applied: Record<string, unknown>; consent: boolean | null; consentCell: string };

/**
 * Writes a batch as the importer (the transaction is theirs) and says what became of each
 * row. Rows are in file order; a key appears at most once (duplicates are folded before).
 */
export async function applyBatch(tx: Tx, ctx: BatchContext, rows: BatchRow[], consentColumn: number | null): Promise<RowOutcome[]> {
  const object = ctx.object;
  if (isTrainingImport(object)) throw new Error('Training records are written by lib/imports/apply-training.ts.');
  const outcomes = new Map<number, RowOutcome>();
  const live: { row: BatchRow; prepared: PreparedRow }[] = [];
  for (const row of rows) {
    if (row.prepared === 'duplicate') outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, outcome: 'duplicate', warnings: [] });
    else if (isRefusal(row.prepared)) outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, outcome: 'refused', reason: row.prepared.refused, warnings: row.prepared.warnings });
    else live.push({ row, prepared: row.prepared });
  }
  const refuse = (rowNumber: number, reason: string, warnings: string[]) => outcomes.set(rowNumber, { rowNumber, outcome: 'refused', reason, warnings });

  const person = object === 'contacts' || object === 'leads';
  if (person) {
    const erased = await erasedAmong(tx, ctx.orgId, live.flatMap((l) => (typeof l.prepared.values.email === 'string' ? [l.prepared.values.email] : [])));
    for (const l of live) if (erased.has(l.prepared.values.email as string)) refuse(l.row.rowNumber, 'erased', l.prepared.warnings);
  }
  const placement = object === 'opportunities' ? await placeDeals(tx, ctx, live) : new Map<PreparedRow, Record<string, unknown>>();
  if (object === 'opportunities') await linkRecords(tx, ctx, live, { contact: 'primary_contact_id' });
  if (object === 'activities') {
    await linkRecords(tx, ctx, live, { contact: 'contact_id', lead: 'lead_id', deal: 'opportunity_id' });
    shapeActivities(live);
  }
  if (object === 'contacts' || object === 'opportunities' || object === 'activities') {
    const refs = live.flatMap((l) => (l.prepared.accountRef ? [l.prepared.accountRef] : []));
    await resolveAccounts(tx, ctx, refs);
    for (const l of live) {
      if (!l.prepared.accountRef) continue;
      const account = ctx.accounts.get(l.prepared.accountRef.toLowerCase());
      if (account) l.prepared.values.account_id = account;
      else l.prepared.warnings.push('unknown_account');
    }
  }

  const pending = live.filter((l) => !outcomes.has(l.row.rowNumber));
  const existing = await findExisting(tx, ctx, object, pending.flatMap((l) => l.prepared.key ?? []));
  const creations: Creation[] = [];
  const changes: Change[] = [];
  for (const { row, prepared } of pending) {
    const consentCell = consentColumn === null ? '' : (row.cells[consentColumn] ?? '');
    const match = existing.get(prepared.key as string);
    if (match) {
      if (ctx.mode === 'create') {
        refuse(row.rowNumber, 'already_exists', prepared.warnings);
        continue;
      }
      const patch: Record<string, unknown> = {};
      const previous: Record<string, unknown> = {};
      for (const [column, value] of Object.entries(prepared.values)) {
        // A deal closed already keeps when it closed, and a reason someone gave keeps it over the placeholder.
        if (object === 'opportunities' && column === 'closed_at' && match.closed_at) continue;
        if (object === 'opportunities' && column === 'lost_reason' && value === LOST_BEFORE_IMPORT && match.lost_reason) continue;
        if (!same(match[column], value)) {
          patch[column] = value;
          previous[column] = match[column] ?? null;
        }
      }
      if (object === 'opportunities' && 'stage_id' in patch) for (const f of followStage) if (!(f in previous)) previous[f] = match[f] ?? null;
      const customPatch: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(prepared.custom)) {
        if (!same(match.custom?.[key], value)) {
          customPatch[key] = value;
          previous[`custom.${key}`] = match.custom?.[key] ?? null;
        }
      }
      if (Object.keys(customPatch).length) patch.custom = customPatch;
      if (prepared.externalId && !match.external_ids.includes(prepared.externalId)) {
        patch.external_ids = [...match.external_ids, prepared.externalId];
        previous.external_ids = match.external_ids;
      }
      if (Object.keys(patch).length === 0) {
        outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, outcome: 'unchanged', recordId: match.id, warnings: prepared.warnings });
      } else {
        // What the import wrote; what triggers set with it is read back after the update.
        const applied = Object.fromEntries(Object.keys(previous).flatMap((k) => (k.startsWith('custom.') ? [[k, customPatch[k.slice(7)]]] : k in patch ? [[k, patch[k]]] : [])));
        changes.push({ rowNumber: row.rowNumber, id: match.id, patch, previous, applied, consent: prepared.consent, consentCell });
      }
      if (prepared.consent !== null && Object.keys(patch).length === 0) changes.push({ rowNumber: -row.rowNumber, id: match.id, patch: {}, previous: {}, applied: {}, consent: prepared.consent, consentCell });
      continue;
    }
    if (ctx.mode === 'update') {
      refuse(row.rowNumber, 'not_found', prepared.warnings);
      continue;
    }
    if (!hasRequiredName(object, prepared.values)) {
      refuse(row.rowNumber, 'missing_name', prepared.warnings);
      continue;
    }
    const record: Record<string, unknown> = {
      ...defaults[object],
      ...placement.get(prepared),
      owner_id: ctx.defaultOwner,
      ...prepared.values,
      id: randomUUID(),
      org_id: ctx.orgId,
      import_id: ctx.importId,
      custom: prepared.custom,
      external_ids: prepared.externalId ? [prepared.externalId] : [],
    };
    if (object === 'activities') {
      record.subject ??= subjectOf(record);
      // Without a date, an activity happened when it was imported (the column's own default).
      record.occurred_at ??= new Date().toISOString();
      if (!record.lead_id && !record.contact_id && !record.account_id && !record.opportunity_id) {
        refuse(row.rowNumber, 'no_record', prepared.warnings);
        continue;
      }
    }
    creations.push({ rowNumber: row.rowNumber, record, consent: prepared.consent, consentCell });
  }
  const warningsByRow = new Map(live.map((l) => [l.row.rowNumber, l.prepared.warnings]));
  const warningsOf = (rowNumber: number) => warningsByRow.get(rowNumber) ?? [];

  // New records: one insert, typed by the table's own row type.
  const table = tables[object];
  const insertColumns = ['id', 'org_id', 'import_id', ...(withCustom(object) ? ['custom'] : []), 'external_ids', ...writable[object]];
  const insertList = sql.join(insertColumns.map((c) => sql.ref(c)));
  const refusedCreations = await refusingAlone(tx, creations, async (items) => {
    await sql`insert into ${sql.table(`public.${table}`)} (${insertList})
      select ${insertList} from jsonb_populate_recordset(null::${sql.table(`public.${table}`)}, ${JSON.stringify(items.map((i) => i.record))}::jsonb)`.execute(tx);
  });
  const refusedCreationRows = new Set(refusedCreations.map((r) => r.item.rowNumber));
  for (const { item, reason } of refusedCreations) refuse(item.rowNumber, reason, warningsOf(item.rowNumber));
  for (const c of creations) {
    if (!refusedCreationRows.has(c.rowNumber)) outcomes.set(c.rowNumber, { rowNumber: c.rowNumber, outcome: 'created', recordId: c.record.id as string, warnings: warningsOf(c.rowNumber) });
  }

  // Changed records: one update; a blank cell never overwrites, custom values merge key by key.
  const updates = changes.filter((c) => c.rowNumber > 0);
  const assignments = sql.join(
    [...writable[object], 'external_ids'].map((c) => sql`${sql.ref(c)} = case when r.d ? ${c} then (r.p).${sql.ref(c)} else t.${sql.ref(c)} end`),
  );
  const refusedUpdates = await refusingAlone(tx, updates, async (items) => {
    const { rows: written } = await sql<{ id: string; row: Record<string, unknown> }>`
      update ${sql.table(`public.${table}`)} as t
         set ${assignments} ${withCustom(object) ? sql`, custom = t.custom || coalesce(r.d -> 'custom', '{}'::jsonb)` : sql``}
        from (select x.d, jsonb_populate_record(null::${sql.table(`public.${table}`)}, x.d - 'custom') as p
                from jsonb_array_elements(${JSON.stringify(items.map((i) => ({ ...i.patch, id: i.id })))}::jsonb) x(d)) r
       where t.id = (r.p).id and t.org_id = ${ctx.orgId}::uuid
      returning t.id, to_jsonb(t) as row`.execute(tx);
    // A record the importer may see but not change is left out by RLS, not refused: say so.
    const done = new Map(written.map((w) => [w.id, w.row]));
    for (const item of items) if (!done.has(item.id)) throw Object.assign(new Error('not permitted'), { code: '42501' });
    // What triggers set with the change (a deal's close date when its stage moved) is what a revert compares with.
    for (const item of items) for (const f of Object.keys(item.previous)) if (!(f in item.applied)) item.applied[f] = done.get(item.id)?.[f] ?? null;
  });
  const refusedUpdateRows = new Set(refusedUpdates.map((r) => r.item.rowNumber));
  for (const { item, reason } of refusedUpdates) refuse(item.rowNumber, reason, warningsOf(item.rowNumber));
  for (const c of updates) {
    if (!refusedUpdateRows.has(c.rowNumber)) outcomes.set(c.rowNumber, { rowNumber: c.rowNumber, outcome: 'updated', recordId: c.id, previous: c.previous, applied: c.applied, warnings: warningsOf(c.rowNumber) });
  }

  // Consent, only as the file states it, as an import event with the file as proof.
  if (person) {
    const stated = [
      ...creations.filter((c) => c.consent !== null && !refusedCreationRows.has(c.rowNumber)).map((c) => ({ rowNumber: c.rowNumber, id: c.record.id as string, granted: c.consent as boolean, cell: c.consentCell })),
      ...changes.filter((c) => c.consent !== null && !refusedUpdateRows.has(Math.abs(c.rowNumber))).map((c) => ({ rowNumber: Math.abs(c.rowNumber), id: c.id, granted: c.consent as boolean, cell: c.consentCell })),
    ];
    if (stated.length) {
      const person = object === 'contacts' ? 'contact_id' : 'lead_id';
      const events = stated.map((s) => ({
        org_id: ctx.orgId,
        [person]: s.id,
        purpose: 'marketing_email',
        granted: s.granted,
        source: 'import',
        proof: { import_id: ctx.importId, file: ctx.fileName, row: s.rowNumber, column: ctx.consentHeader, value: s.cell.slice(0, 200) },
      }));
      const notRecorded = await refusingAlone(tx, [events], async ([items]) => {
        await sql`insert into public.consent_events (org_id, contact_id, lead_id, purpose, granted, source, proof)
          select org_id, contact_id, lead_id, purpose, granted, source, proof
            from jsonb_populate_recordset(null::public.consent_events, ${JSON.stringify(items)}::jsonb)`.execute(tx);
      });
      if (notRecorded.length) for (const s of stated) outcomes.get(s.rowNumber)?.warnings.push('consent_not_recorded');
    }
  }

  return rows.map((r) => outcomes.get(r.rowNumber) as RowOutcome);
}
