-- =============================================================================
-- Lead scoring (issue 12). An organisation's admins and marketers set rules:
--   * property rules — a field of the person (job title contains "manager", the account has at
--     least 200 employees, the lifecycle stage is "prospect") is worth N points;
--   * behaviour rules — something the person did (opened an email, clicked, submitted a form,
--     booked a course, unsubscribed) is worth N points each time, optionally decaying: halving
--     every D days, or expiring after D days.
-- A person's score is the sum, rounded and held between 0 and 100, stored in person_scores
-- with its breakdown ("why 72"), one point per day in score_history for the chart, and on
-- leads.score for the leads list. What a person did is kept in score_signals, written by
-- triggers on the tables where it happens, so a rule change re-weighs the past too.
--
-- When: an event or an edit rescoring its person inside the same statement (triggers, a few
-- milliseconds); a rule change or the nightly decay asks for the organisation's full
-- rescoring, which the worker runs in keyset chunks that resume after a restart.
-- Reaching the organisation's threshold marks the person marketing-qualified (once) and tells
-- their owner.
-- =============================================================================

create type public.scoring_rule_kind as enum ('property', 'behaviour');
create type public.scoring_event as enum ('email_opened', 'email_clicked', 'form_submitted', 'enrollment_created', 'unsubscribed');
create type public.scoring_decay as enum ('none', 'halve', 'expire');

-- -----------------------------------------------------------------------------
-- scoring_rules
-- -----------------------------------------------------------------------------
create table public.scoring_rules (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 120),
  kind public.scoring_rule_kind not null,
  -- Property rules: which field, how it is compared, and with what (case-insensitive).
  field text check (field in ('job_title', 'lifecycle_stage', 'lead_status', 'source', 'company_name', 'email_domain', 'account_industry', 'account_employee_count')),
  operator text check (operator in ('contains', 'equals', 'is_set', 'at_least', 'at_most')),
  value text check (length(btrim(value)) between 1 and 200),
  -- Behaviour rules: which event, and how its points fade.
  event public.scoring_event,
  decay public.scoring_decay not null default 'none',
  decay_days integer check (decay_days between 1 and 3650),
  points integer not null check (points between -100 and 100 and points <> 0),
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id),
  constraint scoring_rules_shape check (
    case kind
      when 'property' then field is not null and operator is not null and event is null and decay = 'none' and decay_days is null
                           and (operator = 'is_set') = (value is null)
      else event is not null and field is null and operator is null and value is null and (decay = 'none') = (decay_days is null)
    end),
  -- Counting comparisons are for the one number (employees); the number is compared with text rules otherwise.
  constraint scoring_rules_numbers check (
    (field = 'account_employee_count') = (operator in ('at_least', 'at_most') or (field = 'account_employee_count' and operator = 'is_set'))
    and (operator not in ('at_least', 'at_most') or value ~ '^[0-9]{1,9}$'))
);
alter table public.scoring_rules enable row level security;
comment on table public.scoring_rules is 'How a lead or contact earns its score: property rules and behaviour rules with decay (lib/marketing/scoring.ts).';
create index scoring_rules_org_idx on public.scoring_rules (org_id, kind) where is_active;
create trigger scoring_rules_stamp before insert or update on public.scoring_rules
  for each row execute function private.stamp_row();
create trigger scoring_rules_audit after insert or update or delete on public.scoring_rules
  for each row execute function private.audit_change();

revoke all on public.scoring_rules from anon, authenticated;
grant select on public.scoring_rules to authenticated;
grant insert (org_id, name, kind, field, operator, value, event, decay, decay_days, points, is_active) on public.scoring_rules to authenticated;
grant update (name, kind, field, operator, value, event, decay, decay_days, points, is_active) on public.scoring_rules to authenticated;
grant delete on public.scoring_rules to authenticated;
grant select on public.scoring_rules to service_role;

-- Every member reads the rules (a sales rep can see why a lead is hot); admins and marketers set them.
create policy scoring_rules_select on public.scoring_rules for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
create policy scoring_rules_insert on public.scoring_rules for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'marketing'));
create policy scoring_rules_update on public.scoring_rules for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'marketing'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'marketing'));
create policy scoring_rules_delete on public.scoring_rules for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'marketing'));

-- -----------------------------------------------------------------------------
-- scoring_settings: the threshold, and the state of the organisation's full rescoring
-- -----------------------------------------------------------------------------
create table public.scoring_settings (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null unique references public.organizations (id) on delete cascade,
  mql_threshold integer not null default 60 check (mql_threshold between 1 and 100),
  -- The latest ask for a full rescoring (a rule or the threshold changed; the nightly decay).
  rescore_requested_at timestamptz,
  -- The ask the running (or last) rescoring serves, where it got to, and how far.
  rescore_for timestamptz,
  rescore_phase text check (rescore_phase in ('contacts', 'leads', 'done')),
  rescore_cursor uuid,
  rescore_done integer not null default 0 check (rescore_done >= 0),
  rescore_total integer not null default 0 check (rescore_total >= 0),
  rescored_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id)
);
alter table public.scoring_settings enable row level security;
comment on table public.scoring_settings is 'Per organisation: the marketing-qualified threshold and the progress of its full rescoring.';
create trigger scoring_settings_stamp before insert or update on public.scoring_settings
  for each row execute function private.stamp_row();
revoke all on public.scoring_settings from anon, authenticated;
-- One row per organisation, made by the system (below); members change only the threshold.
grant select on public.scoring_settings to authenticated;
grant update (mql_threshold) on public.scoring_settings to authenticated;
grant select on public.scoring_settings to service_role;
create policy scoring_settings_select on public.scoring_settings for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
create policy scoring_settings_update on public.scoring_settings for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'marketing'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'marketing'));

insert into public.scoring_settings (org_id) select o.id from public.organizations o;

/** Every new organisation gets its scoring settings row. */
create or replace function private.create_scoring_settings() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.scoring_settings (org_id) select n.id from new_rows n on conflict (org_id) do nothing;
  return null;
end
$$;
revoke execute on function private.create_scoring_settings() from public;
grant execute on function private.create_scoring_settings() to authenticated, service_role;
create trigger organizations_scoring_settings after insert on public.organizations referencing new table as new_rows
  for each statement execute function private.create_scoring_settings();

-- -----------------------------------------------------------------------------
-- score_signals: what people did that rules can score (written by triggers and the form)
-- -----------------------------------------------------------------------------
create table public.score_signals (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  contact_id uuid,
  lead_id uuid,
  event public.scoring_event not null,
  occurred_at timestamptz not null,
  -- What it came from (the email message, enrollment, consent event or form note): once each.
  source_id uuid not null,
  unique (org_id, event, source_id),
  check (num_nonnulls(contact_id, lead_id) = 1),
  foreign key (org_id, contact_id) references public.contacts (org_id, id) on delete cascade,
  foreign key (org_id, lead_id) references public.leads (org_id, id) on delete cascade
);
alter table public.score_signals enable row level security;
comment on table public.score_signals is 'Scorable things a lead or contact did (opened, clicked, submitted a form, booked, unsubscribed); system-written.';
create index score_signals_contact_idx on public.score_signals (contact_id, event, occurred_at) where contact_id is not null;
create index score_signals_lead_idx on public.score_signals (lead_id, event, occurred_at) where lead_id is not null;
-- No client reads or writes them: the breakdown in person_scores is what people see.
revoke all on public.score_signals from anon, authenticated, service_role;
grant select, insert on public.score_signals to service_role;
-- Stated, not implied: no signed-in user reads a signal.
create policy score_signals_closed on public.score_signals for select to authenticated using (false);

-- A merge moves what the merged person did to the survivor (tests/db/merges.test.ts checks the list).
insert into private.merge_references (object, table_name, column_name) values
  ('contacts', 'score_signals', 'contact_id'),
  ('leads', 'score_signals', 'lead_id');

-- -----------------------------------------------------------------------------
-- person_scores and score_history: the score, why, and how it moved
-- -----------------------------------------------------------------------------
-- Keyed by the person's id (contacts and leads have distinct uuids) and cleaned up by trigger
-- when the record is deleted: no foreign key, so a merge has nothing to move here — the
-- survivor is simply rescored.
create table public.person_scores (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  person_id uuid not null unique,
  person_kind text not null check (person_kind in ('contact', 'lead')),
  score integer not null check (score between 0 and 100),
  -- [{"rule": id, "name": …, "kind": "property"|"behaviour", "points": 12.5, "hits": 3}], largest first
  breakdown jsonb not null default '[]' check (jsonb_typeof(breakdown) = 'array'),
  scored_at timestamptz not null default now(),
  -- First reached the threshold (kept when the score falls again: it was qualified).
  qualified_at timestamptz,
  unique (org_id, id)
);
alter table public.person_scores enable row level security;
comment on table public.person_scores is 'A lead''s or contact''s current score with its breakdown; visible to whoever may see the person.';
create index person_scores_org_idx on public.person_scores (org_id, person_kind, score desc);
create index person_scores_qualified_idx on public.person_scores (org_id, qualified_at desc) where qualified_at is not null;

create table public.score_history (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  person_id uuid not null,
  person_kind text not null check (person_kind in ('contact', 'lead')),
  day date not null,
  -- The score at the end of the day (the last rescoring that day).
  score integer not null check (score between 0 and 100),
  unique (person_id, day),
  unique (org_id, id)
);
alter table public.score_history enable row level security;
comment on table public.score_history is 'A person''s score, one value per day it changed: the record page''s chart.';

revoke all on public.person_scores, public.score_history from anon, authenticated, service_role;
grant select on public.person_scores, public.score_history to authenticated, service_role;

-- Whoever may see the person may see their score (the contacts and leads policies decide).
create policy person_scores_select on public.person_scores for select to authenticated using (
  (select private.my_roles()) ? org_id::text
  and case person_kind
        when 'contact' then exists (select 1 from public.contacts c where c.id = person_id)
        else exists (select 1 from public.leads l where l.id = person_id)
      end);
create policy score_history_select on public.score_history for select to authenticated using (
  (select private.my_roles()) ? org_id::text
  and case person_kind
        when 'contact' then exists (select 1 from public.contacts c where c.id = person_id)
        else exists (select 1 from public.leads l where l.id = person_id)
      end);

-- -----------------------------------------------------------------------------
-- The arithmetic
-- -----------------------------------------------------------------------------
/** How much of a behaviour's points is left `age` after it happened: whole halvings every
    `days` days, or all of it until `days` days have passed and none after. */
create or replace function private.scoring_decay_factor(decay public.scoring_decay, days integer, age interval) returns double precision
language sql immutable parallel safe
set search_path = ''
as $$
  select case decay
    when 'none' then 1.0
    when 'halve' then power(0.5, floor(greatest(extract(epoch from age), 0) / (days * 86400.0)))
    else case when age < make_interval(days => days) then 1.0 else 0.0 end
  end
$$;
grant execute on function private.scoring_decay_factor(public.scoring_decay, integer, interval) to authenticated, service_role;

/** Whether a property rule holds for a value (already lower-cased; null when the person has no such field). */
create or replace function private.scoring_property_holds(operator text, expected text, actual text) returns boolean
language sql immutable parallel safe
set search_path = ''
as $$
  select case operator
    when 'is_set' then actual is not null and actual <> ''
    when 'contains' then actual is not null and strpos(actual, lower(expected)) > 0
    when 'equals' then actual is not null and actual = lower(btrim(expected))
    when 'at_least' then actual is not null and actual::bigint >= expected::bigint
    when 'at_most' then actual is not null and actual::bigint <= expected::bigint
    else false
  end
$$;
grant execute on function private.scoring_property_holds(text, text, text) to authenticated, service_role;

/**
 * Rescores the given people of one organisation, now: their rules' points from what they are
 * and what they did, stored with the breakdown; a change of score adds to the day's history
 * and to leads.score; reaching the threshold qualifies them once and tells their owners.
 * People deleted (or not of this organisation) lose their score. Returns how many changed.
 * A definer: triggers call it for whoever made the change, and nothing it writes is theirs to write.
 */
create or replace function private.rescore_people(org uuid, contact_ids uuid[], lead_ids uuid[]) returns integer
language plpgsql security definer
set search_path = ''
as $$
declare
  threshold integer;
  changed integer;
begin
  if coalesce(cardinality(contact_ids), 0) + coalesce(cardinality(lead_ids), 0) = 0 then
    return 0;
  end if;
  -- Nothing to compute: no rules, and nobody here has a score to take away.
  if not exists (select 1 from public.scoring_rules r where r.org_id = org and r.is_active)
     and not exists (select 1 from public.person_scores s where s.person_id = any(contact_ids || lead_ids)) then
    return 0;
  end if;
  select s.mql_threshold into threshold from public.scoring_settings s where s.org_id = org;
  threshold := coalesce(threshold, 60);

  create temporary table if not exists pg_temp.rescored (
    person_id uuid primary key, person_kind text, owner_id uuid, title text,
    score integer, breakdown jsonb, old_score integer, old_breakdown jsonb, had_row boolean, qualifies boolean
  ) on commit drop;
  truncate pg_temp.rescored;

  with people as (
    select c.id as person_id, 'contact'::text as person_kind, c.owner_id,
           coalesce(nullif(concat_ws(' ', c.first_name, c.last_name), ''), c.email::text) as title,
           lower(c.job_title) as job_title, c.lifecycle_stage::text as lifecycle_stage, null::text as lead_status,
           c.source::text as source, lower(a.name) as company_name, lower(split_part(c.email::text, '@', 2)) as email_domain,
           lower(a.industry) as account_industry, a.employee_count::text as account_employee_count
      from (select distinct unnest(contact_ids) as id) ids
      join public.contacts c on c.id = ids.id and c.org_id = org and c.deleted_at is null
      left join public.accounts a on a.org_id = c.org_id and a.id = c.account_id and a.deleted_at is null
    union all
    select l.id, 'lead', l.owner_id, coalesce(nullif(concat_ws(' ', l.first_name, l.last_name), ''), l.email::text),
           lower(l.job_title), null, l.status::text, l.source::text, lower(l.company_name), lower(split_part(l.email::text, '@', 2)),
           null, null
      from (select distinct unnest(lead_ids) as id) ids
      join public.leads l on l.id = ids.id and l.org_id = org and l.deleted_at is null
  ),
  rules as (
    select r.* from public.scoring_rules r where r.org_id = org and r.is_active
  ),
  parts as (
    select p.person_id, r.id as rule_id, r.name, r.kind, r.points::double precision as points, 1 as hits
      from people p
      join rules r on r.kind = 'property'
     where private.scoring_property_holds(r.operator, r.value,
             case r.field
               when 'job_title' then p.job_title when 'lifecycle_stage' then p.lifecycle_stage when 'lead_status' then p.lead_status
               when 'source' then p.source when 'company_name' then p.company_name when 'email_domain' then p.email_domain
               when 'account_industry' then p.account_industry when 'account_employee_count' then p.account_employee_count
             end)
    union all
    select coalesce(s.contact_id, s.lead_id), r.id, r.name, r.kind,
           sum(r.points * private.scoring_decay_factor(r.decay, r.decay_days, now() - s.occurred_at)), count(*)::integer
      from public.score_signals s
      join rules r on r.kind = 'behaviour' and r.event = s.event
     where (s.contact_id = any(contact_ids) or s.lead_id = any(lead_ids))
     group by 1, 2, 3, 4
  ),
  totals as (
    select p.person_id, p.person_kind, p.owner_id, p.title,
           greatest(0, least(100, round(coalesce(sum(x.points), 0)::numeric)))::integer as score,
           coalesce(jsonb_agg(jsonb_build_object('rule', x.rule_id, 'name', x.name, 'kind', x.kind, 'points', round(x.points::numeric, 1), 'hits', x.hits)
                              order by abs(x.points) desc, x.name) filter (where x.rule_id is not null and round(x.points::numeric, 1) <> 0), '[]') as breakdown
      from people p
      left join parts x on x.person_id = p.person_id
     group by 1, 2, 3, 4
  )
  insert into pg_temp.rescored
  select t.person_id, t.person_kind, t.owner_id, t.title, t.score, t.breakdown, coalesce(s.score, 0), coalesce(s.breakdown, '[]'), s.id is not null,
         t.score >= threshold and s.qualified_at is null
    from totals t
    left join public.person_scores s on s.person_id = t.person_id;

  -- Gone (deleted, another organisation's): no score left behind.
  delete from public.person_scores s
   where s.person_id = any(contact_ids || lead_ids) and s.org_id = org
     and not exists (select 1 from pg_temp.rescored r where r.person_id = s.person_id);

  insert into public.person_scores as s (org_id, person_id, person_kind, score, breakdown, scored_at, qualified_at)
  select org, r.person_id, r.person_kind, r.score, r.breakdown, now(), case when r.qualifies then now() end
    from pg_temp.rescored r
   where r.score <> r.old_score or r.breakdown <> r.old_breakdown or r.qualifies
  on conflict (person_id) do update
     set score = excluded.score, breakdown = excluded.breakdown, scored_at = excluded.scored_at,
         qualified_at = coalesce(s.qualified_at, excluded.qualified_at);
  get diagnostics changed = row_count;
  if changed = 0 then
    return 0;
  end if;

  insert into public.score_history as h (org_id, person_id, person_kind, day, score)
  select org, r.person_id, r.person_kind, current_date, r.score
    from pg_temp.rescored r
   where r.score <> r.old_score
  on conflict (person_id, day) do update set score = excluded.score;

  update public.leads l set score = r.score
    from pg_temp.rescored r
   where r.person_kind = 'lead' and l.id = r.person_id and l.score <> r.score;

  -- The owners hear it: by name for one, as a count for several.
  perform private.add_notification(org, q.owner_id, 'marketing_qualified', q.target, q.one_id, q.n::integer,
            q.one_title, '%s of your ' || q.target || ' became marketing-qualified', q.one_href, '/marketing/scoring', null)
     from (
       select r.owner_id, r.person_kind || 's' as target, count(*) as n,
              (array_agg(r.person_id))[1] as one_id,
              (array_agg(coalesce(r.title, 'A ' || r.person_kind) || ' became marketing-qualified (score ' || r.score || ')'))[1] as one_title,
              (array_agg('/' || r.person_kind || 's/' || r.person_id))[1] as one_href
         from pg_temp.rescored r
        where r.qualifies and r.owner_id is not null
        group by r.owner_id, r.person_kind
     ) q;
  return changed;
end
$$;
revoke execute on function private.rescore_people(uuid, uuid[], uuid[]) from public;
grant execute on function private.rescore_people(uuid, uuid[], uuid[]) to service_role;

-- -----------------------------------------------------------------------------
-- Signals from where things happen
-- -----------------------------------------------------------------------------
/** The first open and the first click of a message (tests excluded) are the recipient's. */
create or replace function private.signal_email_engagement() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.is_test or (new.contact_id is null and new.lead_id is null) then
    return null;
  end if;
  if old.opened_at is null and new.opened_at is not null then
    insert into public.score_signals (org_id, contact_id, lead_id, event, occurred_at, source_id)
    values (new.org_id, new.contact_id, case when new.contact_id is null then new.lead_id end, 'email_opened', new.opened_at, new.id)
    on conflict do nothing;
  end if;
  if old.clicked_at is null and new.clicked_at is not null then
    insert into public.score_signals (org_id, contact_id, lead_id, event, occurred_at, source_id)
    values (new.org_id, new.contact_id, case when new.contact_id is null then new.lead_id end, 'email_clicked', new.clicked_at, new.id)
    on conflict do nothing;
  end if;
  return null;
end
$$;
revoke execute on function private.signal_email_engagement() from public;
create trigger email_messages_score_engagement after update of opened_at, clicked_at on public.email_messages
  for each row when ((old.opened_at is null and new.opened_at is not null) or (old.clicked_at is null and new.clicked_at is not null))
  execute function private.signal_email_engagement();

/** A booking is the trainee's; a withdrawn marketing consent counts as unsubscribing. */
create or replace function private.signal_new_rows() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'enrollments' then
    insert into public.score_signals (org_id, contact_id, event, occurred_at, source_id)
    select n.org_id, n.contact_id, 'enrollment_created', n.created_at, n.id from new_rows n
    on conflict do nothing;
  elsif tg_table_name = 'consent_events' then
    insert into public.score_signals (org_id, contact_id, lead_id, event, occurred_at, source_id)
    select n.org_id, n.contact_id, case when n.contact_id is null then n.lead_id end, 'unsubscribed', n.occurred_at, n.id
      from new_rows n
     where n.purpose = 'marketing_email' and not n.granted and num_nonnulls(n.contact_id, n.lead_id) > 0
    on conflict do nothing;
  end if;
  return null;
end
$$;
revoke execute on function private.signal_new_rows() from public;
grant execute on function private.signal_new_rows() to authenticated, service_role;
create trigger enrollments_score_signal after insert on public.enrollments referencing new table as new_rows
  for each statement execute function private.signal_new_rows();
create trigger consent_events_score_signal after insert on public.consent_events referencing new table as new_rows
  for each statement execute function private.signal_new_rows();

-- -----------------------------------------------------------------------------
-- Rescoring at once: a new (or moved) signal, an edit of what property rules read
-- -----------------------------------------------------------------------------
/** AFTER statement on score_signals, contacts, leads and accounts: rescores the people the
    statement touched, organisation by organisation (only where the organisation scores). */
create or replace function private.rescore_changed() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  batch record;
begin
  if tg_table_name = 'score_signals' then
    for batch in
      select n.org_id, array_agg(distinct n.contact_id) filter (where n.contact_id is not null) as contacts,
             array_agg(distinct n.lead_id) filter (where n.lead_id is not null) as leads
        from new_rows n group by n.org_id
    loop
      perform private.rescore_people(batch.org_id, coalesce(batch.contacts, '{}'), coalesce(batch.leads, '{}'));
    end loop;
  elsif tg_table_name = 'accounts' then
    -- Only what property rules read of an account.
    for batch in
      select n.org_id, array_agg(c.id) as contacts
        from new_rows n
        join old_rows o on o.id = n.id
        join public.contacts c on c.org_id = n.org_id and c.account_id = n.id
       where (n.name, n.industry, n.employee_count, n.deleted_at) is distinct from (o.name, o.industry, o.employee_count, o.deleted_at)
         and n.org_id in (select r.org_id from public.scoring_rules r where r.is_active and r.field in ('company_name', 'account_industry', 'account_employee_count'))
       group by n.org_id
    loop
      perform private.rescore_people(batch.org_id, batch.contacts, '{}');
    end loop;
  elsif tg_op = 'INSERT' then
    for batch in
      select n.org_id, array_agg(n.id) as ids from new_rows n
       where n.org_id in (select r.org_id from public.scoring_rules r where r.is_active and r.kind = 'property')
       group by n.org_id
    loop
      if tg_table_name = 'contacts' then
        perform private.rescore_people(batch.org_id, batch.ids, '{}');
      else
        perform private.rescore_people(batch.org_id, '{}', batch.ids);
      end if;
    end loop;
  elsif tg_table_name = 'contacts' then
    for batch in
      select n.org_id, array_agg(n.id) as ids
        from new_rows n join old_rows o on o.id = n.id
       where (n.job_title, n.lifecycle_stage, n.source, n.account_id, n.email, n.deleted_at)
             is distinct from (o.job_title, o.lifecycle_stage, o.source, o.account_id, o.email, o.deleted_at)
         and n.org_id in (select r.org_id from public.scoring_rules r where r.is_active)
       group by n.org_id
    loop
      perform private.rescore_people(batch.org_id, batch.ids, '{}');
    end loop;
  else
    for batch in
      select n.org_id, array_agg(n.id) as ids
        from new_rows n join old_rows o on o.id = n.id
       where (n.job_title, n.status, n.source, n.company_name, n.email, n.deleted_at)
             is distinct from (o.job_title, o.status, o.source, o.company_name, o.email, o.deleted_at)
         and n.org_id in (select r.org_id from public.scoring_rules r where r.is_active)
       group by n.org_id
    loop
      perform private.rescore_people(batch.org_id, '{}', batch.ids);
    end loop;
  end if;
  return null;
end
$$;
revoke execute on function private.rescore_changed() from public;
grant execute on function private.rescore_changed() to authenticated, service_role;
create trigger score_signals_rescore_insert after insert on public.score_signals referencing new table as new_rows
  for each statement execute function private.rescore_changed();
create trigger score_signals_rescore_update after update on public.score_signals referencing new table as new_rows
  for each statement execute function private.rescore_changed();
create trigger contacts_rescore_insert after insert on public.contacts referencing new table as new_rows
  for each statement execute function private.rescore_changed();
create trigger contacts_rescore_update after update on public.contacts referencing old table as old_rows new table as new_rows
  for each statement execute function private.rescore_changed();
create trigger leads_rescore_insert after insert on public.leads referencing new table as new_rows
  for each statement execute function private.rescore_changed();
create trigger leads_rescore_update after update on public.leads referencing old table as old_rows new table as new_rows
  for each statement execute function private.rescore_changed();
create trigger accounts_rescore_update after update on public.accounts referencing old table as old_rows new table as new_rows
  for each statement execute function private.rescore_changed();

/** A deleted person's score and history go with them (there is no foreign key to cascade). */
create or replace function private.forget_scores() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.person_scores s using old_rows o where s.person_id = o.id;
  delete from public.score_history h using old_rows o where h.person_id = o.id;
  return null;
end
$$;
revoke execute on function private.forget_scores() from public;
grant execute on function private.forget_scores() to authenticated, service_role;
create trigger contacts_forget_scores after delete on public.contacts referencing old table as old_rows
  for each statement execute function private.forget_scores();
create trigger leads_forget_scores after delete on public.leads referencing old table as old_rows
  for each statement execute function private.forget_scores();
create index score_history_person_idx on public.score_history (person_id, day);

-- -----------------------------------------------------------------------------
-- The full rescoring: asked for by rule and threshold changes and the nightly decay
-- -----------------------------------------------------------------------------
/** Asks for the organisations' full rescoring and wakes the worker (lib/jobs/scoring.ts). */
create or replace function private.request_rescoring(orgs uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.scoring_settings as s (org_id, rescore_requested_at)
  select o, clock_timestamp() from unnest(orgs) o
  on conflict (org_id) do update set rescore_requested_at = excluded.rescore_requested_at;
  perform private.wake_worker('scoring');
end
$$;
revoke execute on function private.request_rescoring(uuid[]) from public;
grant execute on function private.request_rescoring(uuid[]) to service_role;

create or replace function private.rescore_after_rule_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  orgs uuid[];
begin
  if tg_op = 'DELETE' then
    select array_agg(distinct o.org_id) into orgs from old_rows o;
  else
    select array_agg(distinct n.org_id) into orgs from new_rows n;
  end if;
  if orgs is not null then
    perform private.request_rescoring(orgs);
  end if;
  return null;
end
$$;
revoke execute on function private.rescore_after_rule_change() from public;
grant execute on function private.rescore_after_rule_change() to authenticated, service_role;
create trigger scoring_rules_rescore_insert after insert on public.scoring_rules referencing new table as new_rows
  for each statement execute function private.rescore_after_rule_change();
create trigger scoring_rules_rescore_update after update on public.scoring_rules referencing new table as new_rows
  for each statement execute function private.rescore_after_rule_change();
create trigger scoring_rules_rescore_delete after delete on public.scoring_rules referencing old table as old_rows
  for each statement execute function private.rescore_after_rule_change();

/** A new threshold qualifies (or no longer would qualify) people: the same full rescoring. */
create or replace function private.rescore_after_threshold_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.mql_threshold <> old.mql_threshold then
    new.rescore_requested_at := clock_timestamp();
    perform private.wake_worker('scoring');
  end if;
  return new;
end
$$;
revoke execute on function private.rescore_after_threshold_change() from public;
grant execute on function private.rescore_after_threshold_change() to authenticated, service_role;
create trigger scoring_settings_rescore before update of mql_threshold on public.scoring_settings
  for each row execute function private.rescore_after_threshold_change();

/**
 * One chunk of an organisation's full rescoring: the next `size` contacts (then leads) after
 * the cursor, rescored, the cursor and count moved in the same transaction — a worker killed
 * between chunks resumes after the last one, and rescoring a chunk twice changes nothing.
 * A newer ask than the one being served starts over. Returns true when the organisation is done.
 */
create or replace function private.rescore_next_chunk(org uuid, size integer) returns boolean
language plpgsql security definer
set search_path = ''
as $$
declare
  state public.scoring_settings%rowtype;
  ids uuid[];
begin
  select * into state from public.scoring_settings s where s.org_id = org for update;
  if not found or state.rescore_requested_at is null
     or (state.rescore_phase = 'done' and state.rescore_for >= state.rescore_requested_at) then
    return true;
  end if;
  if state.rescore_for is distinct from state.rescore_requested_at or state.rescore_phase is null or state.rescore_phase = 'done' then
    state.rescore_for := state.rescore_requested_at;
    state.rescore_phase := 'contacts';
    state.rescore_cursor := null;
    state.rescore_done := 0;
    state.rescore_total := (select count(*) from public.contacts c where c.org_id = org and c.deleted_at is null)
                         + (select count(*) from public.leads l where l.org_id = org and l.deleted_at is null);
    -- No rules and no scores: nothing to walk.
    if not exists (select 1 from public.scoring_rules r where r.org_id = org and r.is_active)
       and not exists (select 1 from public.person_scores s where s.org_id = org) then
      update public.scoring_settings s
         set rescore_for = state.rescore_for, rescore_phase = 'done', rescore_cursor = null, rescore_done = state.rescore_total,
             rescore_total = state.rescore_total, rescored_at = now()
       where s.org_id = org;
      return true;
    end if;
  end if;
  if state.rescore_phase = 'contacts' then
    select array_agg(x.id order by x.id) into ids from (
      select c.id from public.contacts c
       where c.org_id = org and c.deleted_at is null and (state.rescore_cursor is null or c.id > state.rescore_cursor)
       order by c.id limit size) x;
    if ids is null then
      state.rescore_phase := 'leads';
      state.rescore_cursor := null;
    else
      perform private.rescore_people(org, ids, '{}');
    end if;
  else
    select array_agg(x.id order by x.id) into ids from (
      select l.id from public.leads l
       where l.org_id = org and l.deleted_at is null and (state.rescore_cursor is null or l.id > state.rescore_cursor)
       order by l.id limit size) x;
    if ids is null then
      state.rescore_phase := 'done';
      state.rescore_cursor := null;
    else
      perform private.rescore_people(org, '{}', ids);
    end if;
  end if;
  if ids is not null then
    state.rescore_cursor := ids[cardinality(ids)];
    state.rescore_done := state.rescore_done + cardinality(ids);
  end if;
  update public.scoring_settings s
     set rescore_for = state.rescore_for, rescore_phase = state.rescore_phase, rescore_cursor = state.rescore_cursor,
         rescore_done = state.rescore_done, rescore_total = greatest(state.rescore_total, state.rescore_done),
         rescored_at = case when state.rescore_phase = 'done' then now() else s.rescored_at end
   where s.org_id = org;
  return state.rescore_phase = 'done';
end
$$;
revoke execute on function private.rescore_next_chunk(uuid, integer) from public;
grant execute on function private.rescore_next_chunk(uuid, integer) to service_role;

/** Nightly: every organisation whose behaviour points fade is rescored (decay moves scores without an event). */
create or replace function private.request_decay_rescoring() returns integer
language plpgsql security definer
set search_path = ''
as $$
declare
  orgs uuid[];
begin
  select array_agg(distinct r.org_id) into orgs from public.scoring_rules r where r.is_active and r.decay <> 'none';
  if orgs is null then
    return 0;
  end if;
  perform private.request_rescoring(orgs);
  return cardinality(orgs);
end
$$;
revoke execute on function private.request_decay_rescoring() from public;
grant execute on function private.request_decay_rescoring() to service_role;
