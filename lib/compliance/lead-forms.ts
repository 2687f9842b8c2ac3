/**
 * Public lead-capture forms (/forms/<id>). A submission creates the lead (or completes the
 * existing one with that address) and, when the visitor ticked the box, records their consent
 * with the exact text shown as proof — in one transaction, as named system work (visitors have
 * no account). Spam is kept out by a honeypot field, a minimum fill time and a per-address
 * rate limit; bad input writes nothing.
 */
import { sql } from 'kysely';
import { CrmError, parseInput, validationError } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { asService } from '../db/session';
import { leadFormDefinitionSchema, leadFormSubmissionSchema, optionalFormFields } from './lead-forms.schema';

const MIN_FILL_MS = 3_000;
const MAX_FORM_AGE_MS = 24 * 3_600_000;
const LIMIT = { submissions: 5, windowMs: 10 * 60_000 };
// Per server process: enough to stop a script hammering one form from one address.
const recent = new Map<string, number[]>();

function rateLimited(key: string, now: number): boolean {
  const hits = (recent.get(key) ?? []).filter((t) => now - t < LIMIT.windowMs);
  if (hits.length >= LIMIT.submissions) return true;
  recent.set(key, [...hits, now]);
  return false;
}

export type PublicForm = { id: string; name: string; fields: string[]; consent_text: string; thank_you_text: string; org_name: string };

export async function getPublicForm(formId: string): Promise<PublicForm | null> {
  if (!/^[0-9a-f-]{36}$/i.test(formId)) return null;
  return asService('lead forms: show a public form', async (tx) => {
    const form = await tx
      .selectFrom('lead_forms')
      .innerJoin('organizations', 'organizations.id', 'lead_forms.org_id')
      .select(['lead_forms.id', 'lead_forms.name', 'lead_forms.fields', 'lead_forms.consent_text', 'lead_forms.thank_you_text', 'organizations.name as org_name'])
      .where('lead_forms.id', '=', formId)
      .where('lead_forms.enabled', '=', true)
      .executeTakeFirst();
    return form ? { ...form, fields: (form.fields as string[]).filter((f) => (optionalFormFields as readonly string[]).includes(f)) } : null;
  });
}

export type SubmissionMeta = { ip: string | null; userAgent: string | null; now?: number };

export async function submitLeadForm(formId: string, input: unknown, meta: SubmissionMeta): Promise<{ thankYou: string }> {
  const submission = parseInput(leadFormSubmissionSchema, input);
  const now = meta.now ?? Date.now();
  const elapsed = now - submission.started_at;
  if (elapsed < MIN_FILL_MS || elapsed > MAX_FORM_AGE_MS) {
    throw validationError('Please reload the page and fill in the form again.');
  }
  if (rateLimited(`${formId}:${meta.ip ?? 'unknown'}`, now)) {
    throw new CrmError('conflict', 'Too many submissions from your connection. Please try again in a few minutes.');
  }
  const form = await getPublicForm(formId);
  if (!form) throw new CrmError('not_found', 'This form is no longer available.');

  return asService('lead forms: a visitor submits a public form', async (tx) => {
    const definition = await tx.selectFrom('lead_forms').select(['org_id', 'consent_purpose', 'consent_text', 'thank_you_text']).where('id', '=', formId).executeTakeFirstOrThrow();
    const optional = Object.fromEntries(form.fields.map((f) => [f, submission[f as 'phone'] ?? null]).filter(([, v]) => v));
    const erasedBefore = (await sql<{ e: boolean }>`select private.was_erased(${definition.org_id}::uuid, ${submission.email}) as e`.execute(tx)).rows[0]?.e ?? false;
    const existing = await tx.selectFrom('leads').select(['id', 'custom']).where('org_id', '=', definition.org_id).where('email', '=', submission.email).where('deleted_at', 'is', null).executeTakeFirst();
    const flag = erasedBefore ? { previously_erased: true } : {};
    const lead = existing
      ? await tx
          .updateTable('leads')
          .set({ first_name: submission.first_name, last_name: submission.last_name, ...optional, custom: sql`custom || ${JSON.stringify(flag)}::jsonb` })
          .where('id', '=', existing.id)
          .returning('id')
          .executeTakeFirstOrThrow()
      : await tx
          .insertInto('leads')
          .values({ org_id: definition.org_id, first_name: submission.first_name, last_name: submission.last_name, email: submission.email, source: 'website', custom: JSON.stringify({ form: form.name, ...flag }), ...optional })
          .returning('id')
          .executeTakeFirstOrThrow();
    if (submission.consent) {
      await tx
        .insertInto('consent_events')
        .values({
          org_id: definition.org_id,
          lead_id: lead.id,
          purpose: definition.consent_purpose,
          granted: true,
          source: 'web_form',
          proof: JSON.stringify({ text_shown: definition.consent_text, form_id: formId, form_name: form.name, ip: meta.ip, user_agent: meta.userAgent }),
        })
        .execute();
    }
    return { thankYou: definition.thank_you_text };
  });
}

export async function listLeadForms(session: CrmSession) {
  return inUserTransaction(session, (tx) =>
    tx.selectFrom('lead_forms').select(['id', 'name', 'fields', 'consent_text', 'enabled', 'created_at']).where('org_id', '=', session.orgId).orderBy('created_at', 'desc').execute(),
  );
}

export async function createLeadForm(session: CrmSession, input: unknown) {
  const form = parseInput(leadFormDefinitionSchema, input);
  return inUserTransaction(session, (tx) =>
    tx
      .insertInto('lead_forms')
      .values({ org_id: session.orgId, name: form.name, fields: JSON.stringify(form.fields), consent_text: form.consent_text, ...(form.thank_you_text ? { thank_you_text: form.thank_you_text } : {}) })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
}
