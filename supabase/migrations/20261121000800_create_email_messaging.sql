-- =============================================================================
-- Email messaging: the consent ledger, the suppression list, a record of every message,
-- the local outbox transport and the provider's delivery events.
--
-- Who sees what: email history is part of a person's timeline, so the staff who may see the
-- person see their messages (admins, managers, marketing, compliance and viewers all of the
-- organisation; sales reps the messages of contacts and leads they can see). Consent and
-- suppressions are evidence kept for compliance officers and admins. Sending, delivery
-- events and unsubscribes are system work: the send-email edge function, the webhook and
-- the unsubscribe link write these tables as service_role, never as a signed-in user, so
-- only consent entered by staff and manual suppressions have write policies.
-- =============================================================================

-- hmac() and gen_random_bytes(); already present (in `extensions`) on Supabase.
create extension if not exists pgcrypto with schema extensions;

-- -----------------------------------------------------------------------------
-- Types
-- -----------------------------------------------------------------------------
create type public.consent_purpose as enum ('marketing_email', 'training_updates', 'partner_offers');
create type public.consent_source as enum ('web_form', 'import', 'staff', 'unsubscribe_link', 'preferences_page');
create type public.suppression_reason as enum ('unsubscribed', 'hard_bounce', 'complaint', 'erased', 'manual');
create type public.suppression_scope as enum ('marketing', 'all');
create type public.email_category as enum ('transactional', 'marketing');
create type public.email_status as enum (
  'queued', 'sent', 'delivered', 'delivery_delayed', 'bounced', 'complained', 'opened', 'clicked', 'failed', 'suppressed'
);
create type public.email_transport as enum ('resend', 'outbox');
comment on type public.email_category is
  'Marketing email needs a current marketing consent and carries a one-click unsubscribe; transactional email is sent because of something the person did or holds.';

-- -----------------------------------------------------------------------------
-- consent_events: an append-only ledger of consent given and withdrawn
-- -----------------------------------------------------------------------------
create table public.consent_events (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  contact_id uuid,
  lead_id uuid,
  purpose public.consent_purpose not null,
  granted boolean not null,
  source public.consent_source not null,
  proof jsonb not null default '{}' check (jsonb_typeof(proof) = 'object' and length(proof::text) <= 10000),
  occurred_at timestamptz not null default now(),
  recorded_at timestamptz not null default now(),
  -- No foreign key on purpose: who recorded a consent stays provable after they leave.
  recorded_by uuid,
  unique (org_id, id),
  check (num_nonnulls(contact_id, lead_id) = 1),
  -- consent can be recorded late (a paper form) but never ahead of time
  check (occurred_at <= recorded_at + interval '5 minutes'),
  foreign key (org_id, contact_id) references public.contacts (org_id, id) on delete cascade,
  foreign key (org_id, lead_id) references public.leads (org_id, id) on delete cascade
);
alter table public.consent_events enable row level security;
comment on table public.consent_events is
  'Consent ledger: each row is one grant or withdrawal for one purpose. The latest event per person and purpose (by occurred_at) is the current state. Never updated or deleted by users.';
comment on column public.consent_events.proof is
  'What the person saw and how they answered: text shown, form id, IP address, user agent, message id.';
comment on column public.consent_events.occurred_at is 'When the person gave or withdrew consent (may precede recorded_at).';
comment on column public.consent_events.recorded_by is 'Staff user who entered the event; null for system work (web forms, unsubscribe links).';
create index consent_events_contact_idx on public.consent_events (org_id, contact_id, purpose, occurred_at desc) where contact_id is not null;
create index consent_events_lead_idx on public.consent_events (org_id, lead_id, purpose, occurred_at desc) where lead_id is not null;
create index consent_events_list_idx on public.consent_events (org_id, recorded_at desc);
-- Append-only for API roles even if a policy were ever added by mistake. service_role keeps
-- the right so a GDPR erasure can anonymise proof.
revoke update, delete, truncate on public.consent_events from anon, authenticated;

/** BEFORE INSERT on consent_events: the recording time is now and a signed-in user records
    as themselves (nobody can enter consent in a colleague's name or in the future). */
create or replace function private.stamp_consent_event() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.recorded_at := now();
  if (select auth.uid()) is not null then
    new.recorded_by := (select auth.uid());
  end if;
  return new;
end
$$;
grant execute on function private.stamp_consent_event() to authenticated, service_role;
create trigger consent_events_stamp before insert on public.consent_events
  for each row execute function private.stamp_consent_event();

-- -----------------------------------------------------------------------------
-- email_messages: one row per message Cohort decided to send, whatever happened to it
-- -----------------------------------------------------------------------------
create table public.email_messages (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  template text not null check (template ~ '^[a-z0-9][a-z0-9-]{0,99}$'),
  category public.email_category not null,
  recipient_email extensions.citext not null check (length(recipient_email) <= 254),
  contact_id uuid,
  lead_id uuid,
  -- campaigns and sequences arrive with their own tables; the key is kept from day one
  campaign_id uuid,
  trigger_key text check (length(trigger_key) between 1 and 200),
  idempotency_key text not null check (length(idempotency_key) between 1 and 200),
  tags jsonb not null default '[]' check (jsonb_typeof(tags) = 'array'),
  subject text check (length(subject) <= 998),
  transport public.email_transport,
  provider_message_id text check (length(provider_message_id) <= 200),
  status public.email_status not null default 'queued',
  queued_at timestamptz not null default now(),
  sent_at timestamptz,
  delivered_at timestamptz,
  delivery_delayed_at timestamptz,
  bounced_at timestamptz,
  complained_at timestamptz,
  opened_at timestamptz,
  clicked_at timestamptz,
  failed_at timestamptz,
  suppressed_at timestamptz,
  last_error text check (length(last_error) <= 2000),
  attempts integer not null default 0 check (attempts >= 0),
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id),
  unique (org_id, idempotency_key),
  check (num_nonnulls(contact_id, lead_id) <= 1),
  -- consent belongs to a person, so marketing mail always names one
  check (category = 'transactional' or num_nonnulls(contact_id, lead_id) = 1),
  foreign key (org_id, contact_id) references public.contacts (org_id, id) on delete cascade,
  foreign key (org_id, lead_id) references public.leads (org_id, id) on delete cascade
);
alter table public.email_messages enable row level security;
comment on table public.email_messages is
  'Every email Cohort sent or decided not to send, with its delivery status. Written only by the send-email function and delivery webhooks (service role).';
comment on column public.email_messages.idempotency_key is
  'Caller''s key for this message (campaign + contact, or trigger event): a repeated send with the same key never sends twice.';
comment on column public.email_messages.trigger_key is 'The event that caused a transactional message, e.g. enrollment-created:<enrollment id>.';
comment on column public.email_messages.status is 'Latest known state; each state also has its own *_at timestamp (set by trigger on first entry).';
comment on column public.email_messages.attempts is 'Send attempts so far; a provider rate limit or outage leaves the message queued for a retry.';
comment on column public.email_messages.locked_until is 'Lease of the send attempt in progress, so two concurrent retries do not both call the provider.';
comment on column public.email_messages.created_by is 'Staff user who asked for the message; null for system work (jobs, triggers).';
create index email_messages_list_idx on public.email_messages (org_id, created_at desc, id desc);
create index email_messages_contact_idx on public.email_messages (org_id, contact_id, created_at desc) where contact_id is not null;
create index email_messages_lead_idx on public.email_messages (org_id, lead_id, created_at desc) where lead_id is not null;
create index email_messages_campaign_idx on public.email_messages (org_id, campaign_id, status) where campaign_id is not null;
-- Webhooks find the message by the provider's id, without knowing the organisation.
create unique index email_messages_provider_id_idx on public.email_messages (provider_message_id) where provider_message_id is not null;

/** BEFORE INSERT OR UPDATE OF status on email_messages: stamps the time the message first
    reached each status, so callers only ever set `status`. */
create or replace function private.stamp_email_status() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and new.status is not distinct from old.status then
    return new;
  end if;
  case new.status
    when 'queued' then new.queued_at := coalesce(new.queued_at, now());
    when 'sent' then new.sent_at := coalesce(new.sent_at, now());
    when 'delivered' then new.delivered_at := coalesce(new.delivered_at, now());
    when 'delivery_delayed' then new.delivery_delayed_at := coalesce(new.delivery_delayed_at, now());
    when 'bounced' then new.bounced_at := coalesce(new.bounced_at, now());
    when 'complained' then new.complained_at := coalesce(new.complained_at, now());
    when 'opened' then new.opened_at := coalesce(new.opened_at, now());
    when 'clicked' then new.clicked_at := coalesce(new.clicked_at, now());
    when 'failed' then new.failed_at := coalesce(new.failed_at, now());
    when 'suppressed' then new.suppressed_at := coalesce(new.suppressed_at, now());
  end case;
  return new;
end
$$;
grant execute on function private.stamp_email_status() to authenticated, service_role;
create trigger email_messages_stamp before insert or update on public.email_messages
  for each row execute function private.stamp_row();
create trigger email_messages_status_times before insert or update of status on public.email_messages
  for each row execute function private.stamp_email_status();

-- -----------------------------------------------------------------------------
-- suppressions: addresses that must not be emailed, stored only as a keyed hash
-- -----------------------------------------------------------------------------
create table public.suppressions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  email_hash text not null check (email_hash ~ '^[0-9a-f]{64}$'),
  reason public.suppression_reason not null,
  scope public.suppression_scope not null,
  source_message_id uuid,
  note text check (length(note) <= 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id),
  unique (org_id, email_hash, scope),
  -- Transactional mail is blocked exactly by hard bounces, complaints and erasures: those
  -- suppress everything; an unsubscribe or a manual entry stops marketing only.
  check ((scope = 'all') = (reason in ('hard_bounce', 'complaint', 'erased'))),
  foreign key (org_id, source_message_id) references public.email_messages (org_id, id) on delete set null (source_message_id)
);
alter table public.suppressions enable row level security;
comment on table public.suppressions is
  'Do-not-email list per organisation. Holds an HMAC of the lower-cased address (private.email_hash), never the address, so it survives erasure.';
comment on column public.suppressions.source_message_id is 'The message whose bounce, complaint or unsubscribe link caused the suppression.';
create index suppressions_list_idx on public.suppressions (org_id, created_at desc);
create index suppressions_source_message_idx on public.suppressions (org_id, source_message_id) where source_message_id is not null;
create trigger suppressions_stamp before insert or update on public.suppressions
  for each row execute function private.stamp_row();

-- -----------------------------------------------------------------------------
-- email_outbox: the local transport, used when no RESEND_API_KEY is configured
-- -----------------------------------------------------------------------------
create table public.email_outbox (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  message_id uuid not null,
  from_address text not null check (length(from_address) <= 400),
  to_address text not null check (length(to_address) <= 254),
  reply_to text check (length(reply_to) <= 254),
  subject text not null check (length(subject) <= 998),
  html text not null,
  text text not null,
  headers jsonb not null default '{}' check (jsonb_typeof(headers) = 'object'),
  attachments jsonb not null default '[]' check (jsonb_typeof(attachments) = 'array'),
  tags jsonb not null default '[]' check (jsonb_typeof(tags) = 'array'),
  created_at timestamptz not null default now(),
  unique (org_id, id),
  -- one transport write per message: a retried send cannot deliver twice
  unique (org_id, message_id),
  foreign key (org_id, message_id) references public.email_messages (org_id, id) on delete cascade
);
alter table public.email_outbox enable row level security;
comment on table public.email_outbox is
  'Messages exactly as they would have been handed to Resend (attachments base64-encoded). Shown by the Dev inbox; immutable.';
create index email_outbox_list_idx on public.email_outbox (org_id, created_at desc, id desc);

-- -----------------------------------------------------------------------------
-- email_events: delivery events received from the provider's webhook
-- -----------------------------------------------------------------------------
create table public.email_events (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  provider text not null default 'resend' check (provider in ('resend')),
  provider_event_id text not null check (length(provider_event_id) between 1 and 200),
  type text not null check (type ~ '^[a-z_.]{1,60}$'),
  message_id uuid,
  payload jsonb not null check (jsonb_typeof(payload) = 'object'),
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  unique (org_id, id),
  -- a provider retries webhooks: the event id makes processing idempotent
  unique (provider, provider_event_id),
  foreign key (org_id, message_id) references public.email_messages (org_id, id) on delete cascade
);
alter table public.email_events enable row level security;
comment on table public.email_events is 'Raw delivery events (delivered, bounced, complained, opened, clicked) from the provider webhook.';
create index email_events_message_idx on public.email_events (org_id, message_id, occurred_at) where message_id is not null;
create index email_events_list_idx on public.email_events (org_id, received_at desc);

-- -----------------------------------------------------------------------------
-- Address hashing and the send-time check
-- -----------------------------------------------------------------------------

-- One random HMAC key per organisation, in a schema the API never exposes: a leaked
-- suppression list cannot be matched against a list of addresses, nor across tenants.
create table private.email_hash_keys (
  org_id uuid primary key references public.organizations (id) on delete cascade,
  secret bytea not null default extensions.gen_random_bytes(32)
);
comment on table private.email_hash_keys is 'Per-organisation key of private.email_hash(). Losing it would orphan every suppression.';
insert into private.email_hash_keys (org_id) select id from public.organizations;

/** AFTER INSERT on organizations: gives the new organisation its hash key. */
create or replace function private.create_email_hash_key() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into private.email_hash_keys (org_id) values (new.id) on conflict do nothing;
  return null;
end
$$;
revoke execute on function private.create_email_hash_key() from public;
create trigger organizations_email_hash_key after insert on public.organizations
  for each row execute function private.create_email_hash_key();

/** The organisation's HMAC-SHA256 of a lower-cased, trimmed address, as 64 hex digits: what
    suppressions store. Callable by service_role (sending, unsubscribe, webhooks) and by the
    organisation's admins and compliance officers (manual suppressions, erasure). */
create or replace function private.email_hash(org uuid, email text) returns text
language plpgsql stable security definer
set search_path = ''
as $$
declare
  key bytea;
begin
  if (select auth.role()) is distinct from 'service_role'
     and coalesce((select private.my_roles()) ->> org::text, '') not in ('admin', 'compliance') then
    raise exception 'hashing addresses of organisation % is not allowed', org using errcode = 'insufficient_privilege';
  end if;
  select k.secret into key from private.email_hash_keys k where k.org_id = org;
  if key is null then
    raise exception 'organisation % has no email hash key', org using errcode = 'no_data_found';
  end if;
  return encode(extensions.hmac(convert_to(lower(btrim(email)), 'UTF8'), key, 'sha256'), 'hex');
end
$$;

/** Why an email to `email` must not be sent now, or null when it may go. Marketing needs the
    latest marketing_email consent event of the person (including events recorded on the
    leads converted into a contact) to be a grant, and no suppression; transactional mail is
    stopped only by scope-'all' suppressions (hard bounce, complaint, erasure). A consent
    granted after an unsubscribe lifts that unsubscribe: resubscribing needs new consent.
    Returns 'no_consent' or a suppression reason. Called by send-email as service_role. */
create or replace function private.email_block_reason(
  org uuid, email text, contact uuid, lead uuid, category public.email_category
) returns text
language plpgsql stable
set search_path = ''
as $$
declare
  hash text := private.email_hash(org, email);
  consented boolean;
  consented_at timestamptz;
  blocking public.suppression_reason;
begin
  if category = 'marketing' then
    select ce.granted, ce.occurred_at into consented, consented_at
      from public.consent_events ce
     where ce.org_id = org
       and ce.purpose = 'marketing_email'
       and ((contact is not null and (ce.contact_id = contact or ce.lead_id in (
              select l.id from public.leads l where l.org_id = org and l.converted_contact_id = contact)))
         or (lead is not null and ce.lead_id = lead))
     order by ce.occurred_at desc, ce.recorded_at desc
     limit 1;
    if not coalesce(consented, false) then
      return 'no_consent';
    end if;
  end if;
  select s.reason into blocking
    from public.suppressions s
   where s.org_id = org
     and s.email_hash = hash
     and (s.scope = 'all' or category = 'marketing')
     and not (s.reason = 'unsubscribed' and consented_at is not null and consented_at > s.created_at)
   order by s.scope desc -- 'all' first
   limit 1;
  return blocking::text;
end
$$;

revoke execute on function private.email_hash(uuid, text), private.email_block_reason(uuid, text, uuid, uuid, public.email_category) from public;
grant execute on function private.email_hash(uuid, text) to authenticated, service_role;
grant execute on function private.email_block_reason(uuid, text, uuid, uuid, public.email_category) to service_role;

-- -----------------------------------------------------------------------------
-- Policies
-- -----------------------------------------------------------------------------

-- consent_events: evidence for compliance officers and admins. Staff record consent they
-- were given in person, by phone or on paper (source staff) or received in a spreadsheet
-- (import), for a person they can see. Web forms, unsubscribe links and the preferences
-- page record consent as system work. No update or delete policy: the ledger is append-only.
create policy consent_events_select on public.consent_events for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance'));
create policy consent_events_insert on public.consent_events for insert to authenticated with check (
  (select private.my_roles()) ->> org_id::text in ('admin', 'marketing', 'compliance')
  and source in ('staff', 'import')
  and (contact_id is null or exists (select 1 from public.contacts c where c.id = consent_events.contact_id))
  and (lead_id is null or exists (select 1 from public.leads l where l.id = consent_events.lead_id))
);

-- suppressions: compliance officers and admins read the list, and add or lift manual
-- entries. Unsubscribes, bounces, complaints and erasures are recorded by system work and
-- cannot be lifted by hand (a resubscribe needs new consent instead).
create policy suppressions_select on public.suppressions for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance'));
create policy suppressions_insert on public.suppressions for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance') and reason = 'manual');
create policy suppressions_delete on public.suppressions for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance') and reason = 'manual');

-- email_messages: part of the person's timeline. Everyone who sees the whole organisation
-- reads every message; a sales rep reads the messages of the contacts and leads they can
-- see (the subqueries run under those tables' own policies). Messages to no CRM person
-- (staff invitations, password resets) are therefore hidden from reps. Writes: system only.
create policy email_messages_select on public.email_messages for select to authenticated using (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing', 'compliance', 'viewer')
  or ((select private.my_roles()) ->> org_id::text = 'sales' and (
    exists (select 1 from public.contacts c where c.id = email_messages.contact_id)
    or exists (select 1 from public.leads l where l.id = email_messages.lead_id)
  ))
);

-- email_outbox: the Dev inbox, for admins and marketing (who design the email). System writes.
-- Compliance officers read it too: it holds personal data that a subject export must include.
create policy email_outbox_select on public.email_outbox for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'marketing', 'compliance'));

-- email_events: delivery evidence for the roles that analyse or audit sending. System writes.
create policy email_events_select on public.email_events for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing', 'compliance'));
