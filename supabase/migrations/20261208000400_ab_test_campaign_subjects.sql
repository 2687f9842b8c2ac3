-- A/B tests of a campaign's subject line (issue 12). A share of the audience (the test) gets
-- subject A or subject B, half each; after a wait the worker picks the subject with the
-- better open or click rate and sends it to everyone else (the rest). Exactly once: each
-- recipient's group is fixed when the fan-out adds them, the decision is one guarded update,
-- and the rest go out through the run mechanism every resume already uses.

alter table public.campaigns
  add column ab_subject_b text check (length(btrim(ab_subject_b)) between 1 and 150),
  add column ab_test_percent smallint check (ab_test_percent between 10 and 50),
  add column ab_metric text check (ab_metric in ('opens', 'clicks')),
  add column ab_wait_minutes integer check (ab_wait_minutes between 0 and 10080),
  -- The worker's: when the test's wait is over, and what it decided.
  add column ab_decide_after timestamptz,
  add column ab_winner text check (ab_winner in ('a', 'b')),
  add column ab_decided_at timestamptz,
  add constraint campaigns_ab_complete check (
    num_nonnulls(ab_subject_b, ab_test_percent, ab_metric, ab_wait_minutes) in (0, 4)
  );

-- a / b: in the test with that subject; rest: waiting for the winner. Null: no A/B test.
alter table public.campaign_recipients add column ab_group text check (ab_group in ('a', 'b', 'rest'));
create index campaign_recipients_ab_idx on public.campaign_recipients (campaign_id, ab_group) where ab_group is not null;

/** private.campaign_digest (20261208000100), with the A/B settings: they are content too. */
create or replace function private.campaign_digest(c public.campaigns) returns text
language sql immutable
set search_path = ''
as $$
  select md5(jsonb_build_array(c.name, c.segment_id, c.template, c.props, c.subject, c.preheader,
                               c.ab_subject_b, c.ab_test_percent, c.ab_metric, c.ab_wait_minutes)::text)
$$;

/** The subject that won: the better open (or click) rate among the test's delivered sends,
    A on a tie. System work only (the worker decides). */
create or replace function private.campaign_ab_winner(campaign uuid) returns text
language sql stable
set search_path = ''
as $$
  with rates as (
    select r.ab_group,
           count(*) filter (where r.status = 'sent') as sent,
           count(*) filter (where r.status = 'sent' and case c.ab_metric when 'clicks' then m.clicked_at is not null else m.opened_at is not null or m.clicked_at is not null end) as hits
      from public.campaign_recipients r
      join public.campaigns c on c.id = r.campaign_id
      left join public.email_messages m on m.id = r.message_id
     where r.campaign_id = campaign and r.ab_group in ('a', 'b')
     group by r.ab_group
  )
  select case
    when coalesce((select hits::numeric / nullif(sent, 0) from rates where ab_group = 'b'), 0)
       > coalesce((select hits::numeric / nullif(sent, 0) from rates where ab_group = 'a'), 0) then 'b'
    else 'a' end
$$;
revoke execute on function private.campaign_ab_winner(uuid) from public;
grant execute on function private.campaign_ab_winner(uuid) to service_role;

/** private.guard_campaign_change (20261208000100), now also: the A/B settings are content, and
    the A/B decision is the worker's. */
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
    new.ab_decide_after := null; new.ab_winner := null; new.ab_decided_at := null;
    return new;
  end if;
  if (new.name, new.segment_id, new.template, new.props, new.subject, new.preheader,
      new.ab_subject_b, new.ab_test_percent, new.ab_metric, new.ab_wait_minutes)
       is distinct from (old.name, old.segment_id, old.template, old.props, old.subject, old.preheader,
      old.ab_subject_b, old.ab_test_percent, old.ab_metric, old.ab_wait_minutes)
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
  new.ab_decide_after := old.ab_decide_after; new.ab_winner := old.ab_winner; new.ab_decided_at := old.ab_decided_at;
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
