-- =============================================================================
-- CRM core: accounts, contacts, pipelines and stages, opportunities, leads, activities,
-- tags. Every table: org_id, RLS enabled here, stamped by private.stamp_row(), and foreign
-- keys that include org_id so a row can never point into another organisation.
--
-- Who sees what (DESIGN.md): admins and managers everything in their organisation; sales
-- reps the leads, contacts and opportunities they own or that nobody owns, and accounts
-- read-only unless they own them; marketing reads contacts, leads and accounts but no
-- opportunities; compliance reads all personal data; viewers read everything, write nothing.
-- Soft-deleted rows stay visible to admins and managers (the trash) and to the owning rep
-- (Postgres checks an UPDATE's new row against the SELECT policy, so a rep could not
-- soft-delete a row that would vanish from their own view).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- accounts: companies, including corporate training clients
-- -----------------------------------------------------------------------------
create table public.accounts (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  domain extensions.citext check (domain ~ '^[a-z0-9.-]+\.[a-z]{2,}$'),
  industry text check (length(industry) <= 100),
  phone text check (length(phone) <= 40),
  billing_address text check (length(billing_address) <= 500),
  employee_count integer check (employee_count >= 0),
  is_training_client boolean not null default false,
  owner_id uuid,
  custom jsonb not null default '{}' check (jsonb_typeof(custom) = 'object'),
  search_text text generated always as (lower(name || ' ' || coalesce(domain::text, ''))) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  unique (org_id, id),
  -- an owner is a member of the same organisation; removing the member unassigns the record
  foreign key (org_id, owner_id) references public.memberships (org_id, user_id) on delete set null (owner_id)
);
alter table public.accounts enable row level security;
comment on table public.accounts is 'Companies: prospects and corporate training clients that pay for enrollments.';
comment on column public.accounts.custom is 'Custom fields defined by the organisation (JSON object).';
create index accounts_list_idx on public.accounts (org_id, created_at desc, id desc) where deleted_at is null;
create index accounts_name_idx on public.accounts (org_id, name, id) where deleted_at is null;
create index accounts_owner_idx on public.accounts (org_id, owner_id);
create index accounts_search_idx on public.accounts using gin (search_text extensions.gin_trgm_ops);

-- -----------------------------------------------------------------------------
-- contacts: people, including trainees
-- -----------------------------------------------------------------------------
create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  account_id uuid,
  first_name text check (length(first_name) <= 100),
  last_name text not null check (length(btrim(last_name)) between 1 and 100),
  email extensions.citext check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 254),
  phone text check (length(phone) <= 40),
  job_title text check (length(job_title) <= 150),
  lifecycle_stage public.lifecycle_stage not null default 'lead',
  source public.record_source,
  owner_id uuid,
  custom jsonb not null default '{}' check (jsonb_typeof(custom) = 'object'),
  search_text text generated always as (
    lower(coalesce(first_name, '') || ' ' || last_name || ' ' || coalesce(email::text, ''))
  ) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  unique (org_id, id),
  foreign key (org_id, account_id) references public.accounts (org_id, id) on delete set null (account_id),
  -- an owner is a member of the same organisation; removing the member unassigns the record
  foreign key (org_id, owner_id) references public.memberships (org_id, user_id) on delete set null (owner_id)
);
alter table public.contacts enable row level security;
comment on table public.contacts is 'People: buyers, trainees and certified professionals.';
comment on column public.contacts.search_text is 'Lower-cased name and email for substring search (trigram index).';
-- One live contact per email per organisation; a soft-deleted one may be recreated.
create unique index contacts_email_unique_live on public.contacts (org_id, email)
  where deleted_at is null and email is not null;
create index contacts_list_idx on public.contacts (org_id, created_at desc, id desc) where deleted_at is null;
create index contacts_name_idx on public.contacts (org_id, last_name, id) where deleted_at is null;
create index contacts_owner_idx on public.contacts (org_id, owner_id, created_at desc) where deleted_at is null;
create index contacts_account_idx on public.contacts (org_id, account_id) where account_id is not null;
create index contacts_search_idx on public.contacts using gin (search_text extensions.gin_trgm_ops);

-- -----------------------------------------------------------------------------
-- pipelines and their ordered stages
-- -----------------------------------------------------------------------------
create table public.pipelines (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 100),
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id),
  unique (org_id, name)
);
alter table public.pipelines enable row level security;
comment on table public.pipelines is 'A sales process (e.g. open courses, corporate training deals).';
create unique index pipelines_one_default on public.pipelines (org_id) where is_default;

create table public.pipeline_stages (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  pipeline_id uuid not null,
  name text not null check (length(btrim(name)) between 1 and 100),
  position integer not null check (position >= 0),
  probability integer not null check (probability between 0 and 100),
  is_won boolean not null default false,
  is_lost boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  check (not (is_won and is_lost)),
  check (not is_won or probability = 100),
  check (not is_lost or probability = 0),
  unique (org_id, id),
  unique (org_id, pipeline_id, id),
  -- deferrable so an editor can swap two stages' positions in one transaction
  unique (pipeline_id, position) deferrable initially immediate,
  foreign key (org_id, pipeline_id) references public.pipelines (org_id, id) on delete cascade
);
alter table public.pipeline_stages enable row level security;
comment on table public.pipeline_stages is 'Ordered stages of a pipeline with a default win probability; won/lost stages close a deal.';

-- -----------------------------------------------------------------------------
-- opportunities: deals moving through a pipeline
-- -----------------------------------------------------------------------------
create table public.opportunities (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  account_id uuid,
  primary_contact_id uuid,
  pipeline_id uuid not null,
  stage_id uuid not null,
  amount numeric(14, 2) not null default 0 check (amount >= 0),
  currency char(3) not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
  expected_close_date date,
  probability integer check (probability between 0 and 100),
  owner_id uuid,
  status public.opportunity_status not null default 'open',
  lost_reason text check (length(lost_reason) <= 500),
  closed_at timestamptz,
  custom jsonb not null default '{}' check (jsonb_typeof(custom) = 'object'),
  search_text text generated always as (lower(name)) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  unique (org_id, id),
  check ((status = 'open') = (closed_at is null)),
  check (status <> 'lost' or lost_reason is not null),
  foreign key (org_id, account_id) references public.accounts (org_id, id) on delete set null (account_id),
  foreign key (org_id, primary_contact_id) references public.contacts (org_id, id) on delete set null (primary_contact_id),
  -- the stage must belong to the opportunity's own pipeline
  foreign key (org_id, pipeline_id, stage_id) references public.pipeline_stages (org_id, pipeline_id, id),
  -- an owner is a member of the same organisation; removing the member unassigns the record
  foreign key (org_id, owner_id) references public.memberships (org_id, user_id) on delete set null (owner_id)
);
alter table public.opportunities enable row level security;
comment on table public.opportunities is 'Deals: a course booking or corporate training contract in a pipeline stage.';
comment on column public.opportunities.status is 'Derived from the stage by trigger: a won stage wins the deal, a lost stage loses it.';
create index opportunities_list_idx on public.opportunities (org_id, created_at desc, id desc) where deleted_at is null;
create index opportunities_board_idx on public.opportunities (org_id, pipeline_id, stage_id) where deleted_at is null;
create index opportunities_owner_idx on public.opportunities (org_id, owner_id) where deleted_at is null;
create index opportunities_account_idx on public.opportunities (org_id, account_id) where account_id is not null;
create index opportunities_contact_idx on public.opportunities (org_id, primary_contact_id) where primary_contact_id is not null;
create index opportunities_stage_fk_idx on public.opportunities (org_id, pipeline_id, stage_id);
create index opportunities_search_idx on public.opportunities using gin (search_text extensions.gin_trgm_ops);

-- -----------------------------------------------------------------------------
-- leads: unqualified prospects, converted into a contact (and account, opportunity)
-- -----------------------------------------------------------------------------
create table public.leads (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  first_name text check (length(first_name) <= 100),
  last_name text check (length(last_name) <= 100),
  email extensions.citext check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 254),
  phone text check (length(phone) <= 40),
  company_name text check (length(company_name) <= 200),
  job_title text check (length(job_title) <= 150),
  status public.lead_status not null default 'new',
  source public.record_source,
  score integer not null default 0 check (score between 0 and 100),
  owner_id uuid,
  disqualified_reason text check (length(disqualified_reason) <= 500),
  converted_at timestamptz,
  converted_contact_id uuid,
  converted_account_id uuid,
  converted_opportunity_id uuid,
  custom jsonb not null default '{}' check (jsonb_typeof(custom) = 'object'),
  search_text text generated always as (
    lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email::text, '') || ' ' || coalesce(company_name, ''))
  ) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  unique (org_id, id),
  check (last_name is not null or email is not null),
  check (status <> 'disqualified' or disqualified_reason is not null),
  check ((status = 'converted') = (converted_at is not null and converted_contact_id is not null)),
  foreign key (org_id, converted_contact_id) references public.contacts (org_id, id),
  foreign key (org_id, converted_account_id) references public.accounts (org_id, id),
  foreign key (org_id, converted_opportunity_id) references public.opportunities (org_id, id),
  -- an owner is a member of the same organisation; removing the member unassigns the record
  foreign key (org_id, owner_id) references public.memberships (org_id, user_id) on delete set null (owner_id)
);
alter table public.leads enable row level security;
comment on table public.leads is 'Unqualified prospects (course enquiries, webinar sign-ups) worked until converted or disqualified.';
create index leads_list_idx on public.leads (org_id, created_at desc, id desc) where deleted_at is null;
create index leads_status_idx on public.leads (org_id, status, created_at desc) where deleted_at is null;
create index leads_owner_idx on public.leads (org_id, owner_id, created_at desc) where deleted_at is null;
create index leads_search_idx on public.leads using gin (search_text extensions.gin_trgm_ops);
create index leads_converted_contact_idx on public.leads (org_id, converted_contact_id) where converted_contact_id is not null;

-- -----------------------------------------------------------------------------
-- activities: notes, calls, meetings, emails and tasks on a record
-- -----------------------------------------------------------------------------
create table public.activities (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  kind public.activity_kind not null,
  subject text not null check (length(btrim(subject)) between 1 and 300),
  body text check (length(body) <= 20000),
  occurred_at timestamptz not null default now(),
  due_at timestamptz,
  completed_at timestamptz,
  owner_id uuid,
  lead_id uuid,
  contact_id uuid,
  account_id uuid,
  opportunity_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  unique (org_id, id),
  check (num_nonnulls(lead_id, contact_id, account_id, opportunity_id) >= 1),
  check (kind = 'task' or (due_at is null and completed_at is null)),
  foreign key (org_id, lead_id) references public.leads (org_id, id) on delete cascade,
  foreign key (org_id, contact_id) references public.contacts (org_id, id) on delete cascade,
  foreign key (org_id, account_id) references public.accounts (org_id, id) on delete cascade,
  foreign key (org_id, opportunity_id) references public.opportunities (org_id, id) on delete cascade,
  -- an owner is a member of the same organisation; removing the member unassigns the record
  foreign key (org_id, owner_id) references public.memberships (org_id, user_id) on delete set null (owner_id)
);
alter table public.activities enable row level security;
comment on table public.activities is 'Timeline entries and tasks linked to a lead, contact, account or opportunity.';
create index activities_contact_idx on public.activities (org_id, contact_id, occurred_at desc) where contact_id is not null;
create index activities_lead_idx on public.activities (org_id, lead_id, occurred_at desc) where lead_id is not null;
create index activities_account_idx on public.activities (org_id, account_id, occurred_at desc) where account_id is not null;
create index activities_opportunity_idx on public.activities (org_id, opportunity_id, occurred_at desc) where opportunity_id is not null;
create index activities_open_tasks_idx on public.activities (org_id, owner_id, due_at)
  where kind = 'task' and completed_at is null and deleted_at is null;

-- -----------------------------------------------------------------------------
-- tags and their links to records
-- -----------------------------------------------------------------------------
create table public.tags (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name extensions.citext not null check (length(btrim(name)) between 1 and 50),
  color text check (color ~ '^#[0-9a-fA-F]{6}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id),
  unique (org_id, name)
);
alter table public.tags enable row level security;

create table public.taggings (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  tag_id uuid not null,
  lead_id uuid,
  contact_id uuid,
  account_id uuid,
  opportunity_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  check (num_nonnulls(lead_id, contact_id, account_id, opportunity_id) = 1),
  foreign key (org_id, tag_id) references public.tags (org_id, id) on delete cascade,
  foreign key (org_id, lead_id) references public.leads (org_id, id) on delete cascade,
  foreign key (org_id, contact_id) references public.contacts (org_id, id) on delete cascade,
  foreign key (org_id, account_id) references public.accounts (org_id, id) on delete cascade,
  foreign key (org_id, opportunity_id) references public.opportunities (org_id, id) on delete cascade
);
alter table public.taggings enable row level security;
comment on table public.taggings is 'A tag on exactly one lead, contact, account or opportunity.';
create unique index taggings_unique on public.taggings (tag_id, coalesce(lead_id, contact_id, account_id, opportunity_id));
create index taggings_contact_idx on public.taggings (org_id, contact_id) where contact_id is not null;
create index taggings_lead_idx on public.taggings (org_id, lead_id) where lead_id is not null;
create index taggings_account_idx on public.taggings (org_id, account_id) where account_id is not null;
create index taggings_opportunity_idx on public.taggings (org_id, opportunity_id) where opportunity_id is not null;

-- -----------------------------------------------------------------------------
-- Triggers
-- -----------------------------------------------------------------------------
create trigger accounts_stamp before insert or update on public.accounts for each row execute function private.stamp_row();
create trigger contacts_stamp before insert or update on public.contacts for each row execute function private.stamp_row();
create trigger pipelines_stamp before insert or update on public.pipelines for each row execute function private.stamp_row();
create trigger pipeline_stages_stamp before insert or update on public.pipeline_stages for each row execute function private.stamp_row();
create trigger opportunities_stamp before insert or update on public.opportunities for each row execute function private.stamp_row();
create trigger leads_stamp before insert or update on public.leads for each row execute function private.stamp_row();
create trigger activities_stamp before insert or update on public.activities for each row execute function private.stamp_row();
create trigger tags_stamp before insert or update on public.tags for each row execute function private.stamp_row();
create trigger taggings_stamp before insert or update on public.taggings for each row execute function private.stamp_row();

/** BEFORE INSERT/UPDATE OF stage_id on opportunities: the stage decides the status (won,
    lost or open), closes or reopens the deal, and supplies the default probability unless
    the same statement set one. Definer rights so the stage is read whatever the caller sees. */
create or replace function private.sync_opportunity_with_stage() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  stage public.pipeline_stages%rowtype;
begin
  select * into stage from public.pipeline_stages s
   where s.id = new.stage_id and s.org_id = new.org_id and s.pipeline_id = new.pipeline_id;
  if not found then
    return new; -- the composite foreign key reports the bad stage
  end if;
  new.status := case when stage.is_won then 'won' when stage.is_lost then 'lost' else 'open' end::public.opportunity_status;
  if new.status = 'open' then
    new.closed_at := null;
    new.lost_reason := null;
  else
    new.closed_at := coalesce(new.closed_at, now());
  end if;
  if tg_op = 'INSERT' then
    new.probability := coalesce(new.probability, stage.probability);
  elsif new.stage_id is distinct from old.stage_id and new.probability is not distinct from old.probability then
    new.probability := stage.probability;
  end if;
  return new;
end
$$;
revoke execute on function private.sync_opportunity_with_stage() from public;
create trigger opportunities_sync_stage before insert or update of stage_id, pipeline_id on public.opportunities
  for each row execute function private.sync_opportunity_with_stage();

-- -----------------------------------------------------------------------------
-- Policies
-- -----------------------------------------------------------------------------

-- accounts: admins and managers do everything; marketing, compliance and viewers read live
-- accounts; sales reps read all live accounts and write the ones they own.
create policy accounts_select on public.accounts for select to authenticated using (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or (deleted_at is null and (select private.my_roles()) ->> org_id::text in ('sales', 'marketing', 'compliance', 'viewer'))
  or ((select private.my_roles()) ->> org_id::text = 'sales' and owner_id = (select auth.uid()))
);
create policy accounts_insert on public.accounts for insert to authenticated with check (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or ((select private.my_roles()) ->> org_id::text = 'sales' and owner_id = (select auth.uid()))
);
create policy accounts_update on public.accounts for update to authenticated
  using (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and owner_id = (select auth.uid()))
  )
  with check (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and owner_id = (select auth.uid()))
  );
-- Hard delete (emptying the trash) is for admins and managers.
create policy accounts_delete on public.accounts for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));

-- contacts: sales reps work the contacts they own or that nobody owns (and may claim those).
create policy contacts_select on public.contacts for select to authenticated using (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or (deleted_at is null and (select private.my_roles()) ->> org_id::text in ('marketing', 'compliance', 'viewer'))
  or ((select private.my_roles()) ->> org_id::text = 'sales'
      and (owner_id = (select auth.uid()) or (owner_id is null and deleted_at is null)))
);
create policy contacts_insert on public.contacts for insert to authenticated with check (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or ((select private.my_roles()) ->> org_id::text = 'sales' and (owner_id is null or owner_id = (select auth.uid())))
);
create policy contacts_update on public.contacts for update to authenticated
  using (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and (owner_id is null or owner_id = (select auth.uid())))
  )
  with check (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and (owner_id is null or owner_id = (select auth.uid())))
  );
create policy contacts_delete on public.contacts for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));

-- leads: same shape as contacts.
create policy leads_select on public.leads for select to authenticated using (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or (deleted_at is null and (select private.my_roles()) ->> org_id::text in ('marketing', 'compliance', 'viewer'))
  or ((select private.my_roles()) ->> org_id::text = 'sales'
      and (owner_id = (select auth.uid()) or (owner_id is null and deleted_at is null)))
);
create policy leads_insert on public.leads for insert to authenticated with check (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or ((select private.my_roles()) ->> org_id::text = 'sales' and (owner_id is null or owner_id = (select auth.uid())))
);
create policy leads_update on public.leads for update to authenticated
  using (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and (owner_id is null or owner_id = (select auth.uid())))
  )
  with check (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and (owner_id is null or owner_id = (select auth.uid())))
  );
create policy leads_delete on public.leads for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));

-- pipelines and stages: configuration every member reads; admins and managers edit.
create policy pipelines_select on public.pipelines for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
create policy pipelines_insert on public.pipelines for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));
create policy pipelines_update on public.pipelines for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));
create policy pipelines_delete on public.pipelines for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));

create policy pipeline_stages_select on public.pipeline_stages for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
create policy pipeline_stages_insert on public.pipeline_stages for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));
create policy pipeline_stages_update on public.pipeline_stages for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));
create policy pipeline_stages_delete on public.pipeline_stages for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));

-- opportunities: like contacts, but marketing has no access at all.
create policy opportunities_select on public.opportunities for select to authenticated using (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or (deleted_at is null and (select private.my_roles()) ->> org_id::text in ('compliance', 'viewer'))
  or ((select private.my_roles()) ->> org_id::text = 'sales'
      and (owner_id = (select auth.uid()) or (owner_id is null and deleted_at is null)))
);
create policy opportunities_insert on public.opportunities for insert to authenticated with check (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or ((select private.my_roles()) ->> org_id::text = 'sales' and (owner_id is null or owner_id = (select auth.uid())))
);
create policy opportunities_update on public.opportunities for update to authenticated
  using (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and (owner_id is null or owner_id = (select auth.uid())))
  )
  with check (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and (owner_id is null or owner_id = (select auth.uid())))
  );
create policy opportunities_delete on public.opportunities for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));

-- activities: a sales rep sees the activities they own and those on records they can see
-- (the subqueries run under the other tables' own policies); they log and edit their own.
-- Marketing has no access to the sales timeline.
create policy activities_select on public.activities for select to authenticated using (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or (deleted_at is null and (select private.my_roles()) ->> org_id::text in ('compliance', 'viewer'))
  or ((select private.my_roles()) ->> org_id::text = 'sales' and (
    owner_id = (select auth.uid())
    or (deleted_at is null and (
      exists (select 1 from public.contacts c where c.id = activities.contact_id)
      or exists (select 1 from public.leads l where l.id = activities.lead_id)
      or exists (select 1 from public.opportunities o where o.id = activities.opportunity_id)
      or (account_id is not null and num_nonnulls(contact_id, lead_id, opportunity_id) = 0)
    ))
  ))
);
create policy activities_insert on public.activities for insert to authenticated with check (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or ((select private.my_roles()) ->> org_id::text = 'sales' and owner_id = (select auth.uid())
      and (contact_id is null or exists (select 1 from public.contacts c where c.id = activities.contact_id))
      and (lead_id is null or exists (select 1 from public.leads l where l.id = activities.lead_id))
      and (opportunity_id is null or exists (select 1 from public.opportunities o where o.id = activities.opportunity_id)))
);
create policy activities_update on public.activities for update to authenticated
  using (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and owner_id = (select auth.uid()))
  )
  with check (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and owner_id = (select auth.uid()))
  );
create policy activities_delete on public.activities for delete to authenticated using (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or ((select private.my_roles()) ->> org_id::text = 'sales' and owner_id = (select auth.uid()))
);

-- tags: every member reads; the roles that work records (sales, marketing) create and apply
-- them; renaming and deleting a tag is for admins and managers.
create policy tags_select on public.tags for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
create policy tags_insert on public.tags for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'sales', 'marketing'));
create policy tags_update on public.tags for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));
create policy tags_delete on public.tags for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));

create policy taggings_select on public.taggings for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
create policy taggings_insert on public.taggings for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'sales', 'marketing'));
create policy taggings_update on public.taggings for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));
create policy taggings_delete on public.taggings for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'sales', 'marketing'));
