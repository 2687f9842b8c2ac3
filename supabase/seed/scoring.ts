/**
 * Lead scoring for the demo that `npm start` shows: Northwind's rules, as a marketer would set
 * them up on day one. Not part of the shared seed (tests/…), whose organisations score nothing
 * unless a test sets rules: scores there stay what each test wrote.
 *
 * Once only: a rule change stamps scoring_settings.rescore_requested_at, so an organisation
 * that ever had rules (and perhaps deleted them all on purpose) is left alone.
 */
import { ownerDb } from '../../lib/db/owner';
import { northwind } from './catalog';

const rules = [
  { name: 'Manager', kind: 'property', field: 'job_title', operator: 'contains', value: 'manager', points: 10 },
  { name: 'Head of department', kind: 'property', field: 'job_title', operator: 'contains', value: 'head of', points: 15 },
  { name: 'Large account', kind: 'property', field: 'account_employee_count', operator: 'at_least', value: '200', points: 10 },
  { name: 'Prospect', kind: 'property', field: 'lifecycle_stage', operator: 'equals', value: 'prospect', points: 5 },
  { name: 'Opened an email', kind: 'behaviour', event: 'email_opened', decay: 'halve', decay_days: 14, points: 2 },
  { name: 'Clicked an email', kind: 'behaviour', event: 'email_clicked', decay: 'halve', decay_days: 14, points: 5 },
  { name: 'Submitted a form', kind: 'behaviour', event: 'form_submitted', decay: 'expire', decay_days: 90, points: 15 },
  { name: 'Booked a course', kind: 'behaviour', event: 'enrollment_created', decay: 'halve', decay_days: 180, points: 20 },
  { name: 'Unsubscribed', kind: 'behaviour', event: 'unsubscribed', points: -30 },
] as const;

export async function seedDemoScoring(log: (msg: string) => void = () => {}): Promise<void> {
  const db = ownerDb();
  const org = await db
    .selectFrom('organizations')
    .innerJoin('scoring_settings', 'scoring_settings.org_id', 'organizations.id')
    .select(['organizations.id', 'scoring_settings.rescore_requested_at'])
    .where('organizations.name', '=', northwind.name)
    .executeTakeFirst();
  if (!org || org.rescore_requested_at) return;
  // The insert asks for the organisation's full rescoring, which the worker runs.
  await db
    .insertInto('scoring_rules')
    .values(rules.map((rule) => ({ org_id: org.id, ...rule })))
    .execute();
  log(`  lead scoring rules set up for ${northwind.name}`);
}
