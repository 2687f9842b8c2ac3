/**
 * Public lead-capture forms (/forms/<id>). A submission never changes a person Cohort already
 * has: a new address becomes a lead; for an address with a lead, what the visitor typed
 * becomes a note on that lead for staff to review. A ticked consent box counts only after
 * double opt-in: the submission records a pending confirmation and emails its link (security
 * mail); the consent event, with its proof, is written when the person confirms
 * (confirmConsent). All of it is named system work — visitors have no account. Spam is kept
 * out by a honeypot field, a minimum fill time and limits per client address (in Postgres,
 * shared by every app instance); bad input writes nothing.
 */

import { randomUUID } from 'node:crypto';
import { type Brand, brandColumns, brandOf } from '../brand';
import { sql } from 'kysely';
import { hashBearerToken, looksLikeBearerToken, newBearerToken } from '../auth/bearer-tokens';
import { CrmError, parseInput, validationError } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { asService, type Tx } from '../db/session';
import { sendEmail } from '../email/send';
import { RATE_LIMITS, takeRateLimit } from '../http/rate-limit';
import { embeddingUpdateSchema, formFieldLabels, leadFormDefinitionSchema, leadFormSubmissionSchema, optionalFormFields } from './lead-forms.schema';

const MIN_FILL_MS = 3_000;
const MAX_FORM_AGE_MS = 24 * 3_600_000;
const CONFIRMATION_DAYS = 7;

const appUrl = () => (process.env.APP_URL ?? process.env.BETTER_AUTH_URL ?? 'http://localhost:3000').replace(/\/+$/, '');

export type PublicForm = { id: string; name: string; fields: string[]; consent_text: string; thank_you_text: string; org_name: string; brand: Brand };

export async function getPublicForm(formId: string): Promise<PublicForm | null> {
  if (!/^[0-9a-f-]{36}$/i.test(formId)) return null;
  return asService('lead forms: show a public form', async (tx) => {
    const form = await tx
      .selectFrom('lead_forms')
      .innerJoin('organizations', 'organizations.id', 'lead_forms.org_id')
      .select(['lead_forms.id', 'lead_forms.name', 'lead_forms.fields', 'lead_forms.consent_text', 'lead_forms.thank_you_text', 'organizations.name as org_name', ...brandColumns])
      .where('lead_forms.id', '=', formId)
      .where('lead_forms.enabled', '=', true)
      .executeTakeFirst();
    if (!form) return null;
    const { brand_name, brand_logo_url, brand_color, ...rest } = form;
    return { ...rest, brand: brandOf({ brand_name, brand_logo_url, brand_color }), fields: (form.fields as string[]).filter((f) => (optionalFormFields as readonly string[]).includes(f)) };
  });
}

/** The sites the form's owner lets frame the form (the web server's frame-ancestors). */
export async function formEmbedOrigins(formId: string): Promise<string[]> {
  if (!/^[0-9a-f-]{36}$/i.test(formId)) return [];
  return asService('lead forms: which sites may frame a public form', async (tx) => {
    const form = await tx.selectFrom('lead_forms').select('embed_origins').where('id', '=', formId).where('enabled', '=', true).executeTakeFirst();
    return form?.embed_origins ?? [];
  });
}

export type SubmissionMeta = { ip: string | null; userAgent: string | null; now?: number };
export type SubmissionOutcome = { thankYou: string; confirmation: 'not_asked' | 'emailed' | 'not_sent' };

type Submission = ReturnType<typeof leadFormSubmissionSchema.parse>;
const personFields = ['first_name', 'last_name', 'company_name', 'job_title', 'phone'] as const;
const personLabels: Record<(typeof personFields)[number], string> = { first_name: 'First name', last_name: 'Last name', ...formFieldLabels };

/** The note that carries a returning visitor's details to staff, instead of overwriting the lead. */
function reviewNote(formName: string, submitted: Partial<Record<(typeof personFields)[number], string>>, stored: Record<string, unknown>, erased: boolean) {
  const lines = personFields
    .filter((field) => submitted[field])
    .map((field) => {
      const now = stored[field] ? String(stored[field]) : '—';
      return `${personLabels[field]}: ${submitted[field]}${now === submitted[field] ? '' : ` (on the lead: ${now})`}`;
    });
  return {
    subject: `Web form “${formName}” submitted again: review the details`,
    body: [
      'Someone submitted this lead’s email address on a public form. Cohort changed nothing on the lead: update it if these details are right.',
      '',
      ...lines,
      ...(erased ? ['', 'This address belonged to a person erased earlier at their request.'] : []),
    ].join('\n'),
  };
}

export async function submitLeadForm(formId: string, input: unknown, meta: SubmissionMeta): Promise<SubmissionOutcome> {
  const submission = parseInput(leadFormSubmissionSchema, input);
  const now = meta.now ?? Date.now();
  const elapsed = now - submission.started_at;
  if (elapsed < MIN_FILL_MS || elapsed > MAX_FORM_AGE_MS) {
    throw validationError('Please reload the page and fill in the form again.');
  }
  if (!(await takeRateLimit(`lead-form:${formId}:${meta.ip ?? 'unknown'}`, RATE_LIMITS.leadFormSubmissions))) {
    throw new CrmError('conflict', 'Too many submissions from your connection. Please try again in a few minutes.');
  }
  const form = await getPublicForm(formId);
  if (!form) throw new CrmError('not_found', 'This form is no longer available.');

  const recorded = await asService('lead forms: a visitor submits a public form', (tx) => recordSubmission(tx, formId, form, submission, meta));
  if (!recorded.confirmation) return { thankYou: recorded.thankYou, confirmation: 'not_asked' };
  const { confirmation } = recorded;
  const outcome = await sendEmail(
    { system: 'lead forms: ask the visitor to confirm their consent (double opt-in)' },
    {
      org_id: recorded.orgId,
      template: 'consent-confirmation',
      category: 'transactional',
      lead_id: recorded.leadId,
      idempotency_key: `consent-confirmation:${confirmation.id}`,
      props: {
        confirmUrl: `${appUrl()}/confirm-consent/${confirmation.token}`,
        consentText: recorded.consentText,
        formName: form.name,
        recipient: { firstName: submission.first_name },
      },
    },
  ).catch((error: unknown) => {
    console.error(`[lead forms] confirmation email for form ${formId} failed`, error);
    return { ok: false as const };
  });
  const sent = outcome.ok && outcome.result.status !== 'suppressed';
  return { thankYou: recorded.thankYou, confirmation: sent ? 'emailed' : 'not_sent' };
}

async function recordSubmission(tx: Tx, formId: string, form: PublicForm, submission: Submission, meta: SubmissionMeta) {
  const definition = await tx.selectFrom('lead_forms').select(['org_id', 'consent_purpose', 'consent_text', 'thank_you_text']).where('id', '=', formId).executeTakeFirstOrThrow();
  const submitted = Object.fromEntries(personFields.filter((f) => f === 'first_name' || f === 'last_name' || form.fields.includes(f)).map((f) => [f, submission[f]]).filter(([, v]) => v)) as Partial<Record<(typeof personFields)[number], string>>;
  const erasedBefore = (await sql<{ e: boolean }>`select private.was_erased(${definition.org_id}::uuid, ${submission.email}) as e`.execute(tx)).rows[0]?.e ?? false;
  const existing = await tx
    .selectFrom('leads')
    .select(['id', 'owner_id', ...personFields])
    .where('org_id', '=', definition.org_id)
    .where('email', '=', submission.email)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .executeTakeFirst();
  let leadId: string;
  if (existing) {
    leadId = existing.id;
    await tx
      .insertInto('activities')
      .values({ org_id: definition.org_id, kind: 'note', lead_id: existing.id, owner_id: existing.owner_id, ...reviewNote(form.name, submitted, existing, erasedBefore) })
      .execute();
  } else {
    const created = await tx
      .insertInto('leads')
      .values({ org_id: definition.org_id, email: submission.email, source: 'website', ...submitted })
      .returning('id')
      .executeTakeFirstOrThrow();
    leadId = created.id;
    // Which form brought the lead is part of its story (custom values are the organisation's own properties).
    await tx
      .insertInto('activities')
      .values({
        org_id: definition.org_id,
        kind: 'note',
        lead_id: leadId,
        subject: `Came in through the web form “${form.name}”`,
        body: erasedBefore ? 'This address belonged to a person erased earlier at their request.' : null,
      })
      .execute();
  }
  // A submission is something the lead did: a behaviour rule may score it (lead scoring).
  await tx
    .insertInto('score_signals')
    .values({ org_id: definition.org_id, lead_id: leadId, event: 'form_submitted', occurred_at: sql<Date>`now()`, source_id: randomUUID() })
    .execute();
  const base = { orgId: definition.org_id, leadId, thankYou: definition.thank_you_text, consentText: definition.consent_text };
  if (!submission.consent) return { ...base, confirmation: null };
  // One address cannot be used to flood someone's inbox with confirmation emails.
  const { rows } = await sql<{ allowed: boolean }>`
    select private.take_rate_limit(${`consent-confirmation:${formId}:${submission.email.toLowerCase()}`}, ${RATE_LIMITS.consentConfirmationEmails.max}, ${RATE_LIMITS.consentConfirmationEmails.windowSeconds}) as allowed`.execute(tx);
  if (!rows[0]?.allowed) return { ...base, confirmation: null };
  const token = newBearerToken();
  const confirmation = await tx
    .insertInto('consent_confirmations')
    .values({
      org_id: definition.org_id,
      lead_id: leadId,
      form_id: formId,
      purpose: definition.consent_purpose,
      token_hash: hashBearerToken(token),
      text_shown: definition.consent_text,
      proof: JSON.stringify({ form_name: form.name, submitted_ip: meta.ip, submitted_user_agent: meta.userAgent }),
      expires_at: sql<Date>`now() + make_interval(days => ${CONFIRMATION_DAYS})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...base, confirmation: { id: confirmation.id, token } };
}

export type PendingConsent = { orgName: string; brand: Brand; formName: string | null; textShown: string; status: 'pending' | 'confirmed' | 'expired' };

/** What a confirmation link asks the person to confirm, or null for an unknown link. */
export async function findConsentConfirmation(token: string): Promise<PendingConsent | null> {
  if (!looksLikeBearerToken(token)) return null;
  return asService('lead forms: show a double opt-in to the holder of its link', async (tx) => {
    const row = await tx
      .selectFrom('consent_confirmations as c')
      .innerJoin('organizations', 'organizations.id', 'c.org_id')
      .leftJoin('lead_forms as f', 'f.id', 'c.form_id')
      .select(['organizations.name as org_name', ...brandColumns, 'f.name as form_name', 'c.text_shown', 'c.confirmed_at', sql<boolean>`c.expires_at < now()`.as('expired')])
      .where('c.token_hash', '=', hashBearerToken(token))
      .executeTakeFirst();
    if (!row) return null;
    const status = row.confirmed_at ? 'confirmed' : row.expired ? 'expired' : 'pending';
    return { orgName: row.org_name, brand: brandOf(row), formName: row.form_name, textShown: row.text_shown, status };
  });
}

/**
 * The person confirms through the emailed link: their consent is recorded now, with the text
 * they saw, how the form was submitted and how they confirmed, as a double opt-in. A second
 * click changes nothing; an expired link records nothing.
 */
export async function confirmConsent(token: string, meta: SubmissionMeta): Promise<'confirmed' | 'already' | 'expired' | 'unknown'> {
  if (!looksLikeBearerToken(token)) return 'unknown';
  return asService('lead forms: the person confirms their consent (double opt-in)', async (tx) => {
    const pending = await tx
      .selectFrom('consent_confirmations')
      .select(['id', 'org_id', 'lead_id', 'contact_id', 'form_id', 'purpose', 'text_shown', 'proof', 'requested_at', 'confirmed_at', sql<boolean>`expires_at < now()`.as('expired')])
      .where('token_hash', '=', hashBearerToken(token))
      .forUpdate()
      .executeTakeFirst();
    if (!pending) return 'unknown';
    if (pending.confirmed_at) return 'already';
    if (pending.expired) return 'expired';
    const event = await tx
      .insertInto('consent_events')
      .values({
        org_id: pending.org_id,
        lead_id: pending.lead_id,
        contact_id: pending.contact_id,
        purpose: pending.purpose,
        granted: true,
        source: 'web_form',
        double_opt_in_at: sql<Date>`now()`,
        proof: JSON.stringify({
          ...(pending.proof as Record<string, unknown>),
          text_shown: pending.text_shown,
          form_id: pending.form_id,
          submitted_at: pending.requested_at,
          confirmed_ip: meta.ip,
          confirmed_user_agent: meta.userAgent,
          method: 'double opt-in: the emailed link',
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.updateTable('consent_confirmations').set({ confirmed_at: sql<Date>`now()`, consent_event_id: event.id }).where('id', '=', pending.id).execute();
    return 'confirmed';
  });
}

export async function listLeadForms(session: CrmSession) {
  return inUserTransaction(session, (tx) =>
    tx.selectFrom('lead_forms').select(['id', 'name', 'fields', 'consent_text', 'enabled', 'embed_origins', 'created_at']).where('org_id', '=', session.orgId).orderBy('created_at', 'desc').execute(),
  );
}

export async function createLeadForm(session: CrmSession, input: unknown) {
  const form = parseInput(leadFormDefinitionSchema, input);
  return inUserTransaction(session, (tx) =>
    tx
      .insertInto('lead_forms')
      .values({
        org_id: session.orgId,
        name: form.name,
        fields: JSON.stringify(form.fields),
        consent_text: form.consent_text,
        embed_origins: form.embed_origins,
        ...(form.thank_you_text ? { thank_you_text: form.thank_you_text } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
}

/** Which sites may frame a form (admins and marketing, under RLS). */
export async function updateLeadFormEmbedding(session: CrmSession, input: unknown): Promise<{ embed_origins: string[] }> {
  const { id, embed_origins } = parseInput(embeddingUpdateSchema, input);
  const updated = await inUserTransaction(session, (tx) =>
    tx.updateTable('lead_forms').set({ embed_origins }).where('id', '=', id).where('org_id', '=', session.orgId).returning('embed_origins').executeTakeFirst(),
  );
  if (!updated) throw new CrmError('not_found', 'The form was not found, or you do not have access to it.');
  return updated;
}
