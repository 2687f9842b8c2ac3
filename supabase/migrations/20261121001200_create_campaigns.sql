-- =============================================================================
-- Marketing: saved segments, campaigns (a segment + a template + a schedule) with their
-- recipients, and drip sequences (ordered steps with delays) with their enrollments.
--
-- Who does what: marketing, managers and admins build segments, campaigns and sequences and
-- enroll people; compliance officers and viewers read them. Sending is system work: the
-- pg-boss worker (lib/jobs) writes recipients, counters and send progress as service_role,
-- so recipients have no write policy at all, and the columns that record progress are
-- guarded against changes by signed-in users.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Types
-- -----------------------------------------------------------------------------
create type public.segment_audience as enum ('contacts', 'leads');
create type public.campaign_status as enum ('draft', 'scheduled', 'sending', 'paused', 'cancelled', 'completed');
create type public.campaign_recipient_status as enum ('pending', 'sent', 'suppressed', 'failed', 'cancelled');
create type public.sequence_enrollment_status as enum ('active', 'exited', 'completed');
create type public.sequence_exit_reason as enum ('converted', 'unsubscribed', 'replied', 'bounced', 'manual');
create type public.sequence_enrollment_source as enum ('manual', 'segment', 'trigger');
comment on type public.campaign_status is
  'draft → scheduled → sending → completed; sending ⇄ paused; anything not finished → cancelled.';

-- -----------------------------------------------------------------------------
-- segments: a saved filter over contacts or leads
-- -----------------------------------------------------------------------------
create table public.segments (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 120),
  description text check (length(description) <= 500),
  audience public.segment_audience not null,
  filter jsonb not null default '{}' check (jsonb_typeof(filter) = 'object' and length(filter::text) <= 10000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id),
  unique (org_id, name)
);
alter table public.segments enable row level security;
comment on table public.segments is 'A saved audience: contacts or leads matching a filter, evaluated when used (counts, campaign fan-out, sequence enrollment).';
comment on column public.segments.filter is
  'Conditions, all of which must hold (lib/marketing/segment.schema.ts): lifecycle stages or lead statuses, tags, accounts, course enrollment, certification expiring within N days, marketing consent.';
create index segments_list_idx on public.segments (org_id, name);
create trigger segments_stamp before insert or update on public.segments
  for each row execute function private.stamp_row();

-- -----------------------------------------------------------------------------
-- campaigns: one email to everyone in a segment, sent in batches by the worker
-- -----------------------------------------------------------------------------
create table public.campaigns (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  segment_id uuid not null,
  template text not null check (template ~ '^[a-z0-9][a-z0-9-]{0,99}$'),
  props jsonb not null default '{}' check (jsonb_typeof(props) = 'object' and length(props::text) <= 50000),
  status public.campaign_status not null default 'draft',
  scheduled_at timestamptz,
  started_at timestamptz,
  paused_at timestamptz,
  cancelled_at timestamptz,
  completed_at timestamptz,
  recipients_total integer not null default 0 check (recipients_total >= 0),
  sent_count integer not null default 0 check (sent_count >= 0),
  suppressed_count integer not null default 0 check (suppressed_count >= 0),
  failed_count integer not null default 0 check (failed_count >= 0),
  cancelled_count integer not null default 0 check (cancelled_count >= 0),
  -- Send progress of the worker; see the comments below.
  run integer not null default 0 check (run >= 0),
  dispatched_run integer not null default 0 check (dispatched_run >= 0),
  fanout_cursor uuid,
  fanout_done_at timestamptz,
  last_error text check (length(last_error) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id),
  check (status <> 'scheduled' or scheduled_at is not null),
  check (sent_count + suppressed_count + failed_count + cancelled_count <= recipients_total),
  foreign key (org_id, segment_id) references public.segments (org_id, id) on delete restrict
);
alter table public.campaigns enable row level security;
comment on table public.campaigns is
  'A segment + a template + props + a schedule. The worker snapshots the segment into campaign_recipients and sends in batches; the counters are its live progress.';
comment on column public.campaigns.props is 'Template props shared by every recipient; brand, recipient and unsubscribe links are filled in per message by send-email.';
comment on column public.campaigns.run is
  'Bumped each time sending starts or resumes; the worker dispatches one fan-out per run (dispatched_run), so a resume re-queues exactly the recipients still pending.';
comment on column public.campaigns.fanout_cursor is 'Last contact or lead id copied from the segment: the fan-out continues after it after a crash or a pause.';
comment on column public.campaigns.last_error is 'The latest error that made recipients fail (e.g. props the template refuses), shown on the campaign.';
create index campaigns_list_idx on public.campaigns (org_id, created_at desc, id desc);
create index campaigns_segment_idx on public.campaigns (org_id, segment_id);
-- The dispatcher's two questions: which scheduled campaigns are due, which runs are not dispatched.
create index campaigns_due_idx on public.campaigns (scheduled_at) where status = 'scheduled';
create index campaigns_undispatched_idx on public.campaigns (id) where status = 'sending' and dispatched_run < run;
create trigger campaigns_stamp before insert or update on public.campaigns
  for each row execute function private.stamp_row();

-- The column was kept on email_messages from day one; now it can point somewhere.
alter table public.email_messages
  add constraint email_messages_campaign_fk foreign key (org_id, campaign_id)
  references public.campaigns (org_id, id) on delete set null (campaign_id);

-- -----------------------------------------------------------------------------
-- campaign_recipients: the segment as it was when the campaign went out
-- -----------------------------------------------------------------------------
create table public.campaign_recipients (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  campaign_id uuid not null,
  contact_id uuid,
  lead_id uuid,
  status public.campaign_recipient_status not null default 'pending',
  -- The run whose fan-out queued this recipient's send job (see campaigns.run).
  enqueued_run integer not null,
  message_id uuid,
  last_error text check (length(last_error) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, id),
  check (num_nonnulls(contact_id, lead_id) = 1),
  foreign key (org_id, campaign_id) references public.campaigns (org_id, id) on delete cascade,
  foreign key (org_id, contact_id) references public.contacts (org_id, id) on delete cascade,
  foreign key (org_id, lead_id) references public.leads (org_id, id) on delete cascade,
  foreign key (org_id, message_id) references public.email_messages (org_id, id) on delete set null (message_id)
);
alter table public.campaign_recipients enable row level security;
comment on table public.campaign_recipients is
  'Who a campaign goes to, one row per person, copied from the segment when sending starts. A person appears once per campaign and their message key is campaign:<campaign id>:<person id>, so nobody can get a campaign twice.';
comment on column public.campaign_recipients.status is 'pending until the worker has an answer from send-email: sent, suppressed (consent or suppression list), failed (after the last retry, or props the template refuses) or cancelled.';
-- One row per person per campaign: the fan-out inserts with ON CONFLICT DO NOTHING.
create unique index campaign_recipients_contact_key on public.campaign_recipients (campaign_id, contact_id) where contact_id is not null;
create unique index campaign_recipients_lead_key on public.campaign_recipients (campaign_id, lead_id) where lead_id is not null;
create index campaign_recipients_pending_idx on public.campaign_recipients (campaign_id, id) where status = 'pending';
create index campaign_recipients_list_idx on public.campaign_recipients (org_id, campaign_id, status);
create index campaign_recipients_person_contact_idx on public.campaign_recipients (org_id, contact_id) where contact_id is not null;
create index campaign_recipients_person_lead_idx on public.campaign_recipients (org_id, lead_id) where lead_id is not null;
create index campaign_recipients_message_idx on public.campaign_recipients (org_id, message_id) where message_id is not null;

-- -----------------------------------------------------------------------------
-- sequences: nurture and drip series of timed steps
-- -----------------------------------------------------------------------------
create table public.sequences (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 120),
  description text check (length(description) <= 500),
  is_active boolean not null default true,
  exit_on_conversion boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id),
  unique (org_id, name)
);
alter table public.sequences enable row level security;
comment on table public.sequences is 'An ordered series of emails with delays. People leave early when they convert, unsubscribe, bounce, reply or are taken out.';
comment on column public.sequences.is_active is 'Paused sequences keep their enrollments but send nothing until reactivated.';
comment on column public.sequences.exit_on_conversion is 'Take people out when a lead converts or a contact books a course after enrolling.';
create index sequences_list_idx on public.sequences (org_id, name);
create trigger sequences_stamp before insert or update on public.sequences
  for each row execute function private.stamp_row();

create table public.sequence_steps (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  sequence_id uuid not null,
  position integer not null check (position between 1 and 50),
  delay_minutes integer not null check (delay_minutes between 0 and 525600),
  template text not null check (template ~ '^[a-z0-9][a-z0-9-]{0,99}$'),
  props jsonb not null default '{}' check (jsonb_typeof(props) = 'object' and length(props::text) <= 50000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id),
  -- deferrable so an editor can swap two steps in one transaction
  unique (sequence_id, position) deferrable initially immediate,
  foreign key (org_id, sequence_id) references public.sequences (org_id, id) on delete cascade
);
alter table public.sequence_steps enable row level security;
comment on table public.sequence_steps is 'One email of a sequence: sent delay_minutes after the previous step (or after enrolling, for the first).';
create index sequence_steps_sequence_idx on public.sequence_steps (org_id, sequence_id, position);
create trigger sequence_steps_stamp before insert or update on public.sequence_steps
  for each row execute function private.stamp_row();

create table public.sequence_enrollments (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  sequence_id uuid not null,
  contact_id uuid,
  lead_id uuid,
  status public.sequence_enrollment_status not null default 'active',
  source public.sequence_enrollment_source not null default 'manual',
  -- Steps sent so far; the next one is position current_step + 1.
  current_step integer not null default 0 check (current_step >= 0),
  next_run_at timestamptz,
  exit_reason public.sequence_exit_reason,
  exited_at timestamptz,
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id),
  check (num_nonnulls(contact_id, lead_id) = 1),
  check ((status = 'exited') = (exit_reason is not null and exited_at is not null)),
  check ((status = 'completed') = (completed_at is not null)),
  check (status <> 'active' or next_run_at is not null),
  foreign key (org_id, sequence_id) references public.sequences (org_id, id) on delete cascade,
  foreign key (org_id, contact_id) references public.contacts (org_id, id) on delete cascade,
  foreign key (org_id, lead_id) references public.leads (org_id, id) on delete cascade
);
alter table public.sequence_enrollments enable row level security;
comment on table public.sequence_enrollments is 'A person going through a sequence: where they are, when the next step is due, and why they left.';
comment on column public.sequence_enrollments.next_run_at is 'When the worker''s sequence ticker sends the next step (or completes the enrollment).';
-- A person is in a sequence at most once at a time; after leaving they may be enrolled again.
create unique index sequence_enrollments_one_active on public.sequence_enrollments (sequence_id, coalesce(contact_id, lead_id)) where status = 'active';
create index sequence_enrollments_due_idx on public.sequence_enrollments (next_run_at) where status = 'active';
create index sequence_enrollments_list_idx on public.sequence_enrollments (org_id, sequence_id, status, created_at desc);
create index sequence_enrollments_contact_idx on public.sequence_enrollments (org_id, contact_id) where contact_id is not null;
create index sequence_enrollments_lead_idx on public.sequence_enrollments (org_id, lead_id) where lead_id is not null;
create trigger sequence_enrollments_stamp before insert or update on public.sequence_enrollments
  for each row execute function private.stamp_row();

-- -----------------------------------------------------------------------------
-- Guards: what a signed-in user may change (system work — the worker — is not restricted)
-- -----------------------------------------------------------------------------

/** BEFORE INSERT OR UPDATE on campaigns, for the API role `authenticated`: a campaign is created as a
    draft; its content changes only while it is a draft; status moves only along the allowed
    transitions; the worker's progress columns are never theirs to write. Starting and
    resuming bump `run`, which the worker dispatches. System work (service_role, definer
    functions, the owner) passes unchanged. */
create or replace function private.guard_campaign_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user <> 'authenticated' then
    return new;
  end if;
  if tg_op = 'INSERT' then
    if new.status not in ('draft', 'scheduled') then
      raise exception 'A new campaign is a draft or scheduled.' using errcode = 'check_violation';
    end if;
    new.recipients_total := 0; new.sent_count := 0; new.suppressed_count := 0; new.failed_count := 0; new.cancelled_count := 0;
    new.run := 0; new.dispatched_run := 0; new.fanout_cursor := null; new.fanout_done_at := null; new.last_error := null;
    new.started_at := null; new.paused_at := null; new.cancelled_at := null; new.completed_at := null;
    return new;
  end if;
  if (new.name, new.segment_id, new.template, new.props) is distinct from (old.name, old.segment_id, old.template, old.props)
     and old.status <> 'draft' then
    raise exception 'Only a draft campaign can be edited.' using errcode = 'check_violation';
  end if;
  if new.scheduled_at is distinct from old.scheduled_at and old.status not in ('draft', 'scheduled') then
    raise exception 'The schedule of a campaign that has started cannot change.' using errcode = 'check_violation';
  end if;
  if new.status is distinct from old.status and not (old.status, new.status) in (
    ('draft', 'scheduled'), ('scheduled', 'draft'), ('scheduled', 'cancelled'),
    ('sending', 'paused'), ('paused', 'sending'), ('sending', 'cancelled'), ('paused', 'cancelled')
  ) then
    raise exception 'A % campaign cannot become %.', old.status, new.status using errcode = 'check_violation';
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
grant execute on function private.guard_campaign_change() to authenticated, service_role;
create trigger campaigns_guard before insert or update on public.campaigns
  for each row execute function private.guard_campaign_change();

/** BEFORE UPDATE OF status on campaigns: a cancelled campaign sends nothing more — recipients
    still pending become cancelled, and the counter says how many. Definer rights: users
    cancel, but only system work writes recipients. */
create or replace function private.cancel_campaign_recipients() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  n integer;
begin
  if new.status = 'cancelled' and old.status <> 'cancelled' then
    update public.campaign_recipients r
       set status = 'cancelled', updated_at = now()
     where r.campaign_id = new.id and r.status = 'pending';
    get diagnostics n = row_count;
    new.cancelled_count := new.cancelled_count + n;
  end if;
  return new;
end
$$;
revoke execute on function private.cancel_campaign_recipients() from public;
-- Named to sort after campaigns_guard: it counts on top of the guarded values.
create trigger campaigns_zz_cancel_recipients before update of status on public.campaigns
  for each row execute function private.cancel_campaign_recipients();

/** BEFORE INSERT OR UPDATE on sequence_enrollments, for the API role `authenticated`: people are enrolled
    active at the first step, and staff may only take them out (reason replied or manual);
    where someone is in the sequence is the worker's to move. */
create or replace function private.guard_sequence_enrollment_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user <> 'authenticated' then
    return new;
  end if;
  if tg_op = 'INSERT' then
    new.status := 'active'; new.current_step := 0; new.exit_reason := null; new.exited_at := null; new.completed_at := null;
    new.next_run_at := coalesce(new.next_run_at, now());
    if new.source = 'trigger' then
      new.source := 'manual';
    end if;
    return new;
  end if;
  if (new.sequence_id, new.contact_id, new.lead_id, new.current_step, new.source, new.completed_at)
     is distinct from (old.sequence_id, old.contact_id, old.lead_id, old.current_step, old.source, old.completed_at) then
    raise exception 'Only the sequence worker moves people through a sequence.' using errcode = 'check_violation';
  end if;
  if new.status is distinct from old.status then
    if not (old.status = 'active' and new.status = 'exited' and new.exit_reason in ('replied', 'manual')) then
      raise exception 'Staff can take an active person out of a sequence (replied or manual), nothing else.' using errcode = 'check_violation';
    end if;
    new.exited_at := now();
    new.next_run_at := old.next_run_at;
  elsif (new.exit_reason, new.exited_at, new.next_run_at) is distinct from (old.exit_reason, old.exited_at, old.next_run_at) then
    raise exception 'Only the sequence worker moves people through a sequence.' using errcode = 'check_violation';
  end if;
  return new;
end
$$;
grant execute on function private.guard_sequence_enrollment_change() to authenticated, service_role;
create trigger sequence_enrollments_guard before insert or update on public.sequence_enrollments
  for each row execute function private.guard_sequence_enrollment_change();

-- -----------------------------------------------------------------------------
-- Consent lookups, one index probe per person
-- -----------------------------------------------------------------------------

/** The latest marketing_email consent event of a contact (including events recorded on the
    leads converted into it) or of a lead. Each branch is one probe of a consent_events
    index: evaluated once per recipient of a campaign or per member of a segment, it must not
    scan the organisation's whole ledger. For definer functions and service_role. */
create or replace function private.latest_marketing_consent(org uuid, contact uuid, lead uuid, out granted boolean, out occurred_at timestamptz)
language plpgsql stable
set search_path = ''
as $$
begin
  select x.granted, x.occurred_at into granted, occurred_at
    from (
      select ce.granted, ce.occurred_at, ce.recorded_at from public.consent_events ce
       where contact is not null and ce.org_id = org and ce.contact_id = contact and ce.purpose = 'marketing_email'
      union all
      select ce.granted, ce.occurred_at, ce.recorded_at
        from public.leads l
        join public.consent_events ce on ce.org_id = org and ce.lead_id = l.id and ce.purpose = 'marketing_email'
       where contact is not null and l.org_id = org and l.converted_contact_id = contact
      union all
      select ce.granted, ce.occurred_at, ce.recorded_at from public.consent_events ce
       where lead is not null and ce.org_id = org and ce.lead_id = lead and ce.purpose = 'marketing_email'
    ) x
   order by x.occurred_at desc, x.recorded_at desc
   limit 1;
end
$$;
revoke execute on function private.latest_marketing_consent(uuid, uuid, uuid) from public;
grant execute on function private.latest_marketing_consent(uuid, uuid, uuid) to service_role;

/** True when the person's latest marketing consent is a grant. The consent ledger itself is
    for compliance officers and admins; the people who build audiences get this yes/no only,
    for people of their own organisation. Callable by those roles and service_role. */
create or replace function private.has_marketing_consent(org uuid, contact uuid, lead uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if (select auth.role()) is distinct from 'service_role'
     and coalesce((select private.my_roles()) ->> org::text, '') not in ('admin', 'manager', 'marketing', 'compliance', 'viewer') then
    raise exception 'reading consent of organisation % is not allowed', org using errcode = 'insufficient_privilege';
  end if;
  return coalesce((select c.granted from private.latest_marketing_consent(org, contact, lead) c), false);
end
$$;
revoke execute on function private.has_marketing_consent(uuid, uuid, uuid) from public;
grant execute on function private.has_marketing_consent(uuid, uuid, uuid) to authenticated, service_role;

/** private.email_block_reason (20261121000800), same rules, with the consent lookup above:
    the original's `contact_id = … or lead_id in (…)` could use no index and read the
    organisation's whole consent ledger for every message, which a campaign to 100,000
    people cannot afford. Called by send-email as service_role. */
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
    select c.granted, c.occurred_at into consented, consented_at from private.latest_marketing_consent(org, contact, lead) c;
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

-- -----------------------------------------------------------------------------
-- Policies
-- -----------------------------------------------------------------------------

-- segments, campaigns, sequences and steps: marketing, managers and admins build them;
-- compliance officers and viewers read them. Sales reps have no access: audiences span
-- records they may not see.
create policy segments_select on public.segments for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing', 'compliance', 'viewer'));
create policy segments_insert on public.segments for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'));
create policy segments_update on public.segments for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'));
create policy segments_delete on public.segments for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'));

create policy campaigns_select on public.campaigns for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing', 'compliance', 'viewer'));
create policy campaigns_insert on public.campaigns for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'));
-- Status transitions and the worker's columns are further guarded by private.guard_campaign_change().
create policy campaigns_update on public.campaigns for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'));
-- A campaign that sent anything is a record of what people received: only drafts and
-- cancelled campaigns that never started may be deleted.
create policy campaigns_delete on public.campaigns for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing') and status in ('draft', 'cancelled') and started_at is null);

-- campaign_recipients: read with the campaign; written by the worker only.
create policy campaign_recipients_select on public.campaign_recipients for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing', 'compliance', 'viewer'));

create policy sequences_select on public.sequences for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing', 'compliance', 'viewer'));
create policy sequences_insert on public.sequences for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'));
create policy sequences_update on public.sequences for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'));
create policy sequences_delete on public.sequences for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'));

create policy sequence_steps_select on public.sequence_steps for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing', 'compliance', 'viewer'));
create policy sequence_steps_insert on public.sequence_steps for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'));
create policy sequence_steps_update on public.sequence_steps for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'));
create policy sequence_steps_delete on public.sequence_steps for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'));

-- sequence_enrollments: the builders enroll people they can see and take them out (the guard
-- limits what an update may change); compliance officers and viewers read.
create policy sequence_enrollments_select on public.sequence_enrollments for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing', 'compliance', 'viewer'));
create policy sequence_enrollments_insert on public.sequence_enrollments for insert to authenticated with check (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing')
  and (contact_id is null or exists (select 1 from public.contacts c where c.id = sequence_enrollments.contact_id))
  and (lead_id is null or exists (select 1 from public.leads l where l.id = sequence_enrollments.lead_id))
);
create policy sequence_enrollments_update on public.sequence_enrollments for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'));
create policy sequence_enrollments_delete on public.sequence_enrollments for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));
