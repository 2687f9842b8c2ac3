-- The campaign editor (issue 12): a campaign's own subject line and preheader, the final
-- check a campaign must pass before it can be scheduled, recipients deduplicated by address,
-- and the audience panel's reasons why a person in the segment will not receive it.

-- -----------------------------------------------------------------------------
-- Subject and preheader
-- -----------------------------------------------------------------------------

-- Null: the template's own. Personalisation tokens ({{first_name|there}}) are checked by the
-- template schema (emails/components/tokens.ts) when saved and again when sent.
alter table public.campaigns
  add column subject text check (length(btrim(subject)) between 1 and 150),
  add column preheader text check (length(btrim(preheader)) between 1 and 200),
  -- The content the final check passed (private.campaign_digest), and when. Written only by
  -- system work (the check runs links and renders outside Postgres); see the guard below.
  add column checked_digest text check (checked_digest ~ '^[0-9a-f]{32}$'),
  add column checked_at timestamptz;

comment on column public.campaigns.checked_digest is
  'Digest of the content that passed the final check (links, size, tokens); a draft is scheduled only while its content still has it.';

/** What a campaign sends, as a digest: any edit to it voids a passed final check. */
create or replace function private.campaign_digest(c public.campaigns) returns text
language sql immutable
set search_path = ''
as $$
  select md5(jsonb_build_array(c.name, c.segment_id, c.template, c.props, c.subject, c.preheader)::text)
$$;
grant execute on function private.campaign_digest(public.campaigns) to authenticated, service_role;

/** private.guard_campaign_change (20261121001200), now also: subject and preheader are
    content; a user creates drafts only; and a draft becomes scheduled only when its content
    is exactly what the final check passed. The check's result is system work's to write. */
create or replace function private.guard_campaign_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user <> 'authenticated' then
    return new;
  end if;
  if tg_op = 'INSERT' then
    if new.status <> 'draft' then
      raise exception 'A new campaign is a draft: it is scheduled after its final check.' using errcode = 'check_violation', constraint = 'campaign_guard';
    end if;
    new.recipients_total := 0; new.sent_count := 0; new.suppressed_count := 0; new.failed_count := 0; new.cancelled_count := 0;
    new.run := 0; new.dispatched_run := 0; new.fanout_cursor := null; new.fanout_done_at := null; new.last_error := null;
    new.started_at := null; new.paused_at := null; new.cancelled_at := null; new.completed_at := null;
    new.checked_digest := null; new.checked_at := null;
    return new;
  end if;
  if (new.name, new.segment_id, new.template, new.props, new.subject, new.preheader)
       is distinct from (old.name, old.segment_id, old.template, old.props, old.subject, old.preheader)
     and old.status <> 'draft' then
    raise exception 'Only a draft campaign can be edited.' using errcode = 'check_violation', constraint = 'campaign_guard';
  end if;
  if new.scheduled_at is distinct from old.scheduled_at and old.status not in ('draft', 'scheduled') then
    raise exception 'The schedule of a campaign that has started cannot change.' using errcode = 'check_violation', constraint = 'campaign_guard';
  end if;
  if new.status is distinct from old.status and not (old.status, new.status) in (
    ('draft', 'scheduled'), ('scheduled', 'draft'), ('scheduled', 'cancelled'),
    ('sending', 'paused'), ('paused', 'sending'), ('sending', 'cancelled'), ('paused', 'cancelled')
  ) then
    raise exception 'A % campaign cannot become %.', old.status, new.status using errcode = 'check_violation', constraint = 'campaign_guard';
  end if;
  new.checked_digest := old.checked_digest; new.checked_at := old.checked_at;
  if new.status = 'scheduled' and old.status = 'draft'
     and new.checked_digest is distinct from private.campaign_digest(new) then
    raise exception 'Run the final check first: this content has not passed it.' using errcode = 'check_violation', constraint = 'campaign_guard';
  end if;
  -- The worker's progress is its own.
  new.recipients_total := old.recipients_total; new.sent_count := old.sent_count; new.suppressed_count := old.suppressed_count;
  new.failed_count := old.failed_count; new.cancelled_count := old.cancelled_count; new.run := old.run;
  new.dispatched_run := old.dispatched_run; new.fanout_cursor := old.fanout_cursor; new.fanout_done_at := old.fanout_done_at;
  new.last_error := old.last_error; new.started_at := old.started_at; new.completed_at := old.completed_at;
  new.paused_at := old.paused_at; new.cancelled_at := old.cancelled_at;
  if new.status = 'paused' and old.status = 'sending' then
    new.paused_at := now();
  elsif new.status = 'sending' and old.status = 'paused' then
    new.run := old.run + 1;
    new.paused_at := null;
  elsif new.status = 'cancelled' and old.status <> 'cancelled' then
    new.cancelled_at := now();
  end if;
  return new;
end
$$;

-- -----------------------------------------------------------------------------
-- One message per address
-- -----------------------------------------------------------------------------

-- Two leads with the same address (leads are not unique by email) would each get the
-- campaign. The fan-out stores each recipient's keyed address hash (private.email_hash, as
-- suppressions do: no address is copied) and the first person of an address in id order
-- wins; the audience panel counts the others as duplicates.
alter table public.campaign_recipients add column email_key text check (email_key ~ '^[0-9a-f]{64}$');
create unique index campaign_recipients_address_key on public.campaign_recipients (campaign_id, email_key) where email_key is not null;

-- -----------------------------------------------------------------------------
-- Why a person will not receive marketing email
-- -----------------------------------------------------------------------------

/** The keyed hash of an address, unchecked: what private.email_hash computes once it has
    checked the caller. For definer functions that have already decided the caller may learn
    the result (the audience panel's reasons), and for send-email through email_block_reason. */
create or replace function private.hash_email_address(org uuid, email text) returns text
language plpgsql stable security definer
set search_path = ''
as $$
declare
  key bytea;
begin
  select k.secret into key from private.email_hash_keys k where k.org_id = org;
  if key is null then
    raise exception 'organisation % has no email hash key', org using errcode = 'no_data_found';
  end if;
  return encode(extensions.hmac(convert_to(lower(btrim(email)), 'UTF8'), key, 'sha256'), 'hex');
end
$$;
revoke execute on function private.hash_email_address(uuid, text) from public;
grant execute on function private.hash_email_address(uuid, text) to service_role;

/** private.email_hash (20261121000800), its hashing now private.hash_email_address. */
create or replace function private.email_hash(org uuid, email text) returns text
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if (select auth.role()) is distinct from 'service_role'
     and coalesce((select private.my_roles()) ->> org::text, '') not in ('admin', 'compliance') then
    raise exception 'hashing addresses of organisation % is not allowed', org using errcode = 'insufficient_privilege';
  end if;
  return private.hash_email_address(org, email);
end
$$;

/** private.email_block_reason (20261201000600), hashing with private.hash_email_address, so
    a definer function that checked its caller (marketing_block_reason) can ask it too. */
create or replace function private.email_block_reason(
  org uuid, email text, contact uuid, lead uuid, category public.email_category
) returns text
language plpgsql stable
set search_path = ''
as $$
declare
  hash text := private.hash_email_address(org, email);
  consented boolean;
  consented_at timestamptz;
  double_opt_in boolean;
  blocking public.suppression_reason;
begin
  if category = 'marketing' then
    select c.granted, c.occurred_at, c.confirmed into consented, consented_at, double_opt_in
      from private.latest_marketing_consent(org, contact, lead) c;
    if not coalesce(consented, false) then
      return 'no_consent';
    end if;
  end if;
  select s.reason into blocking
    from public.suppressions s
   where s.org_id = org
     and s.email_hash = hash
     and (s.scope = 'all' or category = 'marketing')
     and not (s.reason = 'unsubscribed' and coalesce(double_opt_in, false) and consented_at > s.created_at)
   order by s.scope desc -- 'all' first
   limit 1;
  return blocking::text;
end
$$;

/** The reason send-email would block a marketing email to this contact or lead: no_email,
    no_consent, or a suppression (unsubscribed, hard_bounce, complaint, erased, manual); null
    when it would go. For the roles that read campaigns and segments (the audience panel),
    who may not read the suppression list itself: it takes a person, never an address, so it
    cannot be used to probe whether an arbitrary address is suppressed. Same rule as sending:
    private.email_block_reason. */
create or replace function private.marketing_block_reason(org uuid, contact uuid, lead uuid) returns text
language plpgsql stable security definer
set search_path = ''
as $$
declare
  address text;
begin
  if (select auth.role()) is distinct from 'service_role'
     and coalesce((select private.my_roles()) ->> org::text, '') not in ('admin', 'manager', 'marketing', 'compliance', 'viewer') then
    raise exception 'reading consent of organisation % is not allowed', org using errcode = 'insufficient_privilege';
  end if;
  if contact is not null then
    select c.email::text into address from public.contacts c where c.org_id = org and c.id = contact and c.deleted_at is null;
  else
    select l.email::text into address from public.leads l where l.org_id = org and l.id = lead and l.deleted_at is null;
  end if;
  if address is null then
    return 'no_email';
  end if;
  return private.email_block_reason(org, address, contact, lead, 'marketing');
end
$$;
revoke execute on function private.marketing_block_reason(uuid, uuid, uuid) from public;
grant execute on function private.marketing_block_reason(uuid, uuid, uuid) to authenticated, service_role;

-- -----------------------------------------------------------------------------
-- Test sends
-- -----------------------------------------------------------------------------

-- A test of a marketing email goes to an address (a colleague's, the marketer's phone), not
-- to a person of the CRM, so it holds no consent to check; it is marked so that no campaign
-- statistic counts it. Only system work writes messages.
alter table public.email_messages add column is_test boolean not null default false;
alter table public.email_messages drop constraint email_messages_check1;
alter table public.email_messages add constraint email_messages_person_for_marketing
  check (category = 'transactional' or is_test or num_nonnulls(contact_id, lead_id) = 1);
alter table public.email_messages add constraint email_messages_test_has_no_person
  check (not is_test or (num_nonnulls(contact_id, lead_id) = 0 and campaign_id is null));
