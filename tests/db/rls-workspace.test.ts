/**
 * Row-level security of the marketing, compliance, retention, form, saved-view and custom-property tables
 * (specs: rls-specs.ts workspaceMatrix): every role × table × command against a row of the
 * organisation ("org"), of another organisation ("foreign") and — for saved views — the
 * acting user's own ("mine") and a colleague's ("others"). All writes are rolled back.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll } from 'vitest';
import { ownerDb } from '../../lib/db/owner';
import { describeMatrix, type Fixtures } from './rls-runner';
import { type Role, roles, workspaceMatrix } from './rls-specs';
import { CONTOSO, NORTHWIND, orgId, type Staff, staff } from './support';

const unique = () => randomUUID().slice(0, 8);

async function insert(table: string, values: Record<string, unknown>): Promise<string> {
  const row = await ownerDb()
    .insertInto(table as 'segments')
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

let fixtures: Fixtures;

beforeAll(async () => {
  const emails = { admin: 'admin', manager: 'manager', sales: 'sales1', marketing: 'marketing', compliance: 'compliance', viewer: 'viewer' } as const;
  const actors = Object.fromEntries(await Promise.all(roles.map(async (role) => [role, await staff(`${emails[role]}@northwind.example`)]))) as Record<Role, Staff>;
  const colleague = await staff('sales2@northwind.example');
  const orgs = { org: await orgId(NORTHWIND), foreign: await orgId(CONTOSO) };
  const variants = ['org', 'foreign'] as const;
  const rows: Fixtures['rows'] = {};
  const newRows: Fixtures['newRows'] = {};

  /** One existing row per organisation, and new rows made by `values`. */
  const perOrg = async (table: string, values: (org: string, variant: 'org' | 'foreign') => Record<string, unknown>) => {
    rows[table] = {};
    newRows[table] = {};
    for (const variant of variants) {
      (rows[table] as Record<string, string>)[variant] = await insert(table, values(orgs[variant], variant));
      (newRows[table] as Record<string, () => Record<string, unknown>>)[variant] = () => values(orgs[variant], variant);
    }
  };
  const person = (org: string) => insert('contacts', { org_id: org, last_name: 'Workspace', email: `ws-${unique()}@example.com` });
  const people = { org: await person(orgs.org), foreign: await person(orgs.foreign) };

  await perOrg('segments', (org) => ({ org_id: org, name: `Segment ${unique()}`, audience: 'contacts', filter: {} }));
  // Campaigns aim at segments of their own, so the segments above stay deletable.
  const audience = { org: await insert('segments', { org_id: orgs.org, name: `Audience ${unique()}`, audience: 'contacts', filter: {} }), foreign: await insert('segments', { org_id: orgs.foreign, name: `Audience ${unique()}`, audience: 'contacts', filter: {} }) };
  await perOrg('campaigns', (org, v) => ({ org_id: org, name: `Campaign ${unique()}`, segment_id: audience[v], template: 'welcome', status: 'draft' }));
  await perOrg('sequences', (org) => ({ org_id: org, name: `Sequence ${unique()}` }));
  const sequenceOf = (variant: 'org' | 'foreign') => rows.sequences?.[variant] as string;
  // Positions are 1–50 and unique per sequence: the fixture's step is 1, a new one 2.
  rows.sequence_steps = {};
  newRows.sequence_steps = {};
  for (const v of variants) {
    const step = (position: number) => ({ org_id: orgs[v], sequence_id: sequenceOf(v), position, delay_minutes: 60, template: 'welcome' });
    rows.sequence_steps[v] = await insert('sequence_steps', step(1));
    newRows.sequence_steps[v] = () => step(2);
  }
  // Every enrollment (existing and new) of a sequence of its own: one active enrollment per person.
  rows.sequence_enrollments = {};
  newRows.sequence_enrollments = {};
  for (const v of variants) {
    rows.sequence_enrollments[v] = await insert('sequence_enrollments', { org_id: orgs[v], sequence_id: sequenceOf(v), contact_id: people[v], next_run_at: new Date() });
    const otherPerson = await person(orgs[v]);
    newRows.sequence_enrollments[v] = () => ({ org_id: orgs[v], sequence_id: sequenceOf(v), contact_id: otherPerson, next_run_at: new Date() });
  }
  rows.campaign_recipients = {};
  newRows.campaign_recipients = {};
  for (const v of variants) {
    const campaign = rows.campaigns?.[v] as string;
    rows.campaign_recipients[v] = await insert('campaign_recipients', { org_id: orgs[v], campaign_id: campaign, contact_id: people[v], enqueued_run: 1 });
    const otherPerson = await person(orgs[v]);
    newRows.campaign_recipients[v] = () => ({ org_id: orgs[v], campaign_id: campaign, contact_id: otherPerson, enqueued_run: 1 });
  }
  await perOrg('email_triggers', (org, v) => ({ org_id: org, event: 'certification_issued', contact_id: people[v], record_id: randomUUID() }));
  await perOrg('audit_log', (org) => ({ org_id: org, table_name: 'contacts', record_id: randomUUID(), operation: 'update', changes: {} }));
  await perOrg('data_subject_requests', (org) => ({ org_id: org, type: 'access', subject_email: `dsr-${unique()}@example.com`, received_via: 'email' }));
  const requestOf = (variant: 'org' | 'foreign') => rows.data_subject_requests?.[variant] as string;
  rows.dsr_actions = {};
  newRows.dsr_actions = {};
  for (const v of variants) {
    rows.dsr_actions[v] = await insert('dsr_actions', { org_id: orgs[v], request_id: requestOf(v), action: 'note', note: 'Called back' });
    // An officer records history in their own name only.
    newRows.dsr_actions[v] = (_role, actor) => ({ org_id: orgs[v], request_id: requestOf(v), action: 'note', note: 'Matrix note', actor_id: actor.userId });
  }
  await perOrg('subject_exports', (org, v) => ({ org_id: org, request_id: requestOf(v), document: { matrix: true } }));
  // One policy per kind and organisation (other tests keep theirs): the fixture's is the
  // organisation's email_events policy, a new row a kind the organisation has none of.
  rows.retention_policies = {};
  newRows.retention_policies = {};
  for (const v of variants) {
    const policy = await ownerDb()
      .insertInto('retention_policies')
      .values({ org_id: orgs[v], kind: 'email_events', keep_months: 24, legal_basis: 'Deliverability evidence' })
      .onConflict((oc) => oc.columns(['org_id', 'kind']).doUpdateSet({ keep_months: 24 }))
      .returning('id')
      .executeTakeFirstOrThrow();
    rows.retention_policies[v] = policy.id;
    const taken = (await ownerDb().selectFrom('retention_policies').select('kind').where('org_id', '=', orgs[v]).execute()).map((p) => p.kind);
    const free = (['disqualified_leads', 'audit_log', 'cancelled_enrollments'] as const).find((kind) => !taken.includes(kind));
    newRows.retention_policies[v] = free ? () => ({ org_id: orgs[v], kind: free, keep_months: 36, legal_basis: 'Matrix policy' }) : undefined;
  }
  await perOrg('retention_runs', (org) => ({ org_id: org, kind: 'email_events', dry_run: true, cutoff: new Date(), affected: 0 }));
  await perOrg('lead_forms', (org) => ({ org_id: org, name: `Form ${unique()}`, consent_text: 'Yes, email me about courses.' }));
  await perOrg('property_definitions', (org) => ({ org_id: org, object: 'contact', key: `matrix_${unique()}`, label: 'Matrix property', type: 'text', archived_at: new Date() }));

  // Saved views: one per acting user ("mine"), a colleague's, and one in the other organisation.
  const view = (org: string, userId: string) => ({ org_id: org, user_id: userId, list: 'leads', name: `View ${unique()}`, query: 'status=new' });
  const mine: Partial<Record<Role, string>> = {};
  for (const role of roles) mine[role] = await insert('saved_views', view(orgs.org, actors[role].userId));
  const contosoAdmin = await staff('admin@contoso.example');
  rows.saved_views = { mine, others: await insert('saved_views', view(orgs.org, colleague.userId)), foreign: await insert('saved_views', view(orgs.foreign, contosoAdmin.userId)) };
  newRows.saved_views = {
    mine: (_role, actor) => view(orgs.org, actor.userId),
    others: () => view(orgs.org, colleague.userId),
    foreign: () => view(orgs.foreign, contosoAdmin.userId),
  };
  // Notifications: one for each acting user, a colleague's, and one in the other organisation.
  const note = (org: string, userId: string) => ({ org_id: org, user_id: userId, kind: 'assigned', title: 'Matrix notification', href: '/leads' });
  const myNotes: Partial<Record<Role, string>> = {};
  for (const role of roles) myNotes[role] = await insert('notifications', note(orgs.org, actors[role].userId));
  rows.notifications = { mine: myNotes, others: await insert('notifications', note(orgs.org, colleague.userId)), foreign: await insert('notifications', note(orgs.foreign, contosoAdmin.userId)) };
  newRows.notifications = {
    mine: (_role, actor) => note(orgs.org, actor.userId),
    others: () => note(orgs.org, colleague.userId),
    foreign: () => note(orgs.foreign, contosoAdmin.userId),
  };
  // Exports: one asked for by each acting user, a colleague's, and one in the other organisation; each with a chunk of file.
  // (Finished, with their one chunk: a drain in a later test has nothing to write for them.)
  const exportOf = (org: string, userId: string) => ({ org_id: org, requested_by: userId, list: 'contacts', query: '', columns: ['name'], file_name: 'contacts.csv', status: 'done', chunks: 1 });
  const chunkOf = (org: string, exportId: string) => ({ org_id: org, export_id: exportId, seq: 0, data: Buffer.from('First name\n') });
  const myExports: Partial<Record<Role, string>> = {};
  const myChunks: Partial<Record<Role, string>> = {};
  for (const role of roles) {
    myExports[role] = await insert('list_exports', exportOf(orgs.org, actors[role].userId));
    myChunks[role] = await insert('list_export_chunks', chunkOf(orgs.org, myExports[role] as string));
  }
  const theirExport = await insert('list_exports', exportOf(orgs.org, colleague.userId));
  const foreignExport = await insert('list_exports', exportOf(orgs.foreign, contosoAdmin.userId));
  rows.list_exports = { mine: myExports, others: theirExport, foreign: foreignExport };
  const { requested_by: _, status: _status, chunks: _chunks, ...asked } = exportOf(orgs.org, '');
  newRows.list_exports = {
    mine: () => asked,
    others: () => exportOf(orgs.org, colleague.userId),
    foreign: () => ({ ...asked, org_id: orgs.foreign }),
  };
  rows.list_export_chunks = { mine: myChunks, others: await insert('list_export_chunks', chunkOf(orgs.org, theirExport)), foreign: await insert('list_export_chunks', chunkOf(orgs.foreign, foreignExport)) };
  newRows.list_export_chunks = {
    mine: (role) => ({ ...chunkOf(orgs.org, myExports[role] as string), seq: 1 }),
    others: () => ({ ...chunkOf(orgs.org, theirExport), seq: 1 }),
    foreign: () => ({ ...chunkOf(orgs.foreign, foreignExport), seq: 1 }),
  };
  // Imports: one started by each acting user, a colleague's, and one in the other organisation;
  // each with a piece of file and a refused row. Still being mapped: the update policy allows that.
  const importOf = (org: string, userId: string) => ({ org_id: org, requested_by: userId, object: 'contacts', file_name: 'contacts.csv', file_format: 'csv' });
  const pieceOf = (org: string, importId: string, seq = 0) => ({ org_id: org, import_id: importId, seq, data: Buffer.from('Email\n') });
  const refusedOf = (org: string, importId: string, row = 1) => ({ org_id: org, import_id: importId, row_number: row, outcome: 'refused', reason: 'invalid_email', cells: ['not-an-email'] });
  const myImports: Partial<Record<Role, string>> = {};
  const myPieces: Partial<Record<Role, string>> = {};
  const myRefused: Partial<Record<Role, string>> = {};
  for (const role of roles) {
    myImports[role] = await insert('imports', importOf(orgs.org, actors[role].userId));
    myPieces[role] = await insert('import_file_chunks', pieceOf(orgs.org, myImports[role] as string));
    myRefused[role] = await insert('import_rows', refusedOf(orgs.org, myImports[role] as string));
  }
  const theirImport = await insert('imports', importOf(orgs.org, colleague.userId));
  const foreignImport = await insert('imports', importOf(orgs.foreign, contosoAdmin.userId));
  rows.imports = { mine: myImports, others: theirImport, foreign: foreignImport };
  const { requested_by: _by, ...started } = importOf(orgs.org, '');
  newRows.imports = { mine: () => started, others: () => importOf(orgs.org, colleague.userId), foreign: () => ({ ...started, org_id: orgs.foreign }) };
  rows.import_file_chunks = { mine: myPieces, others: await insert('import_file_chunks', pieceOf(orgs.org, theirImport)), foreign: await insert('import_file_chunks', pieceOf(orgs.foreign, foreignImport)) };
  newRows.import_file_chunks = {
    mine: (role) => pieceOf(orgs.org, myImports[role] as string, 1),
    others: () => pieceOf(orgs.org, theirImport, 1),
    foreign: () => pieceOf(orgs.foreign, foreignImport, 1),
  };
  rows.import_rows = { mine: myRefused, others: await insert('import_rows', refusedOf(orgs.org, theirImport)), foreign: await insert('import_rows', refusedOf(orgs.foreign, foreignImport)) };
  newRows.import_rows = {
    mine: (role) => refusedOf(orgs.org, myImports[role] as string, 2),
    others: () => refusedOf(orgs.org, theirImport, 2),
    foreign: () => refusedOf(orgs.foreign, foreignImport, 2),
  };
  await perOrg('record_merges', (org) => ({ org_id: org, object: 'contacts', survivor_id: randomUUID(), merged_ids: [randomUUID()], survivor_before: {}, survivor_after: {} }));
  // A pair of two unassigned contacts per organisation.
  const lookAlikes = { org: [await person(orgs.org), await person(orgs.org)], foreign: [await person(orgs.foreign), await person(orgs.foreign)] };
  await perOrg('contact_duplicates', (org, v) => ({ org_id: org, contact_id: lookAlikes[v][0], duplicate_of: lookAlikes[v][1], reason: 'phone' }));
  const company = async (org: string) => insert('accounts', { org_id: org, name: `Matrix ${unique()} Ltd` });
  const companies = { org: [await company(orgs.org), await company(orgs.org)], foreign: [await company(orgs.foreign), await company(orgs.foreign)] };
  const prospect = async (org: string) => insert('leads', { org_id: org, last_name: `Matrix ${unique()}`, email: `matrix.${unique()}@example.com` });
  const prospects = { org: [await prospect(orgs.org), await prospect(orgs.org)], foreign: [await prospect(orgs.foreign), await prospect(orgs.foreign)] };
  await perOrg('lead_duplicates', (org, v) => ({ org_id: org, lead_id: prospects[v][0], duplicate_of: prospects[v][1], reason: 'phone' }));
  await perOrg('account_duplicates', (org, v) => ({ org_id: org, account_id: companies[v][0], duplicate_of: companies[v][1], reason: 'name' }));
  // Inactive, so no other test's organisation starts scoring.
  await perOrg('scoring_rules', (org) => ({ org_id: org, name: `Rule ${unique()}`, kind: 'property', field: 'job_title', operator: 'contains', value: 'manager', points: 5, is_active: false }));
  rows.scoring_settings = {};
  for (const v of variants) {
    rows.scoring_settings[v] = (await ownerDb().selectFrom('scoring_settings').select('id').where('org_id', '=', orgs[v]).executeTakeFirstOrThrow()).id;
  }
  await perOrg('score_signals', (org, v) => ({ org_id: org, contact_id: people[v], event: 'form_submitted', occurred_at: new Date(), source_id: randomUUID() }));
  await perOrg('media_assets', (org) => ({ org_id: org, file_name: `${randomUUID()}.png`, content_type: 'image/png', byte_size: 68 }));
  // Finished runs (one may be under way per organisation); a new one is the admin's own choice of columns.
  await perOrg('bulk_merges', (org) => ({ org_id: org, requested_by: contosoAdmin.userId, dry_run: true, status: 'done' }));
  newRows.bulk_merges = { org: () => ({ org_id: orgs.org, dry_run: true }), foreign: () => ({ org_id: orgs.foreign, dry_run: true }) };
  await perOrg('import_mappings', (org) => ({ org_id: org, object: 'contacts', signature: `email|matrix ${unique()}`, mapping: { email: 'email' } }));

  fixtures = { actors, rows, newRows };
}, 120_000);

describeMatrix(workspaceMatrix, () => fixtures);
