-- =============================================================================
-- Custom properties: fields an organisation's admins add to leads, contacts, accounts,
-- opportunities and enrollments ("Preferred training format", "Purchase order number"…).
--
-- Values live in each record's `custom` jsonb, keyed by the property's key; the definitions
-- live in property_definitions. The database validates every write of `custom`, whatever path
-- it takes (the app, imports, service work): an unknown key, a value of the wrong type, an
-- option a select does not offer, a missing required value or a duplicate of a unique value is
-- refused here with a message naming the property, not only in TypeScript. A property is
-- archived, never deleted: its values stay on the records (and in exports) but can no longer
-- be changed.
-- =============================================================================

create type public.property_object as enum ('lead', 'contact', 'account', 'opportunity', 'enrollment');
create type public.property_type as enum (
  'text', 'long_text', 'number', 'currency', 'date', 'datetime', 'boolean',
  'single_select', 'multi_select', 'url', 'email', 'phone', 'user'
);

alter table public.enrollments add column custom jsonb not null default '{}' check (jsonb_typeof(custom) = 'object');
comment on column public.enrollments.custom is 'Custom properties defined by the organisation (property_definitions), by key.';

create table public.property_definitions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  object public.property_object not null,
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  label text not null check (length(btrim(label)) between 1 and 80),
  type public.property_type not null,
  required boolean not null default false,
  is_unique boolean not null default false,
  help_text text check (length(help_text) <= 300),
  -- Selects: [{ "value": "online", "label": "Online", "color": "blue" }, …] in display order.
  options jsonb not null default '[]' check (jsonb_typeof(options) = 'array'),
  currency char(3) check (currency ~ '^[A-Z]{3}$'),
  position integer not null default 0 check (position between 0 and 10000),
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, object, key),
  unique (org_id, id),
  constraint property_definitions_currency check ((type = 'currency') = (currency is not null)),
  constraint property_definitions_unique_types check (not is_unique or type in ('text', 'number', 'email', 'url', 'phone')),
  constraint property_definitions_options_only_for_selects check (type in ('single_select', 'multi_select') or options = '[]')
);
alter table public.property_definitions enable row level security;
comment on table public.property_definitions is
  'Custom properties an organisation defines per kind of record; values are stored in the records'' custom column under the key.';
create index property_definitions_object_idx on public.property_definitions (org_id, object, position);
create trigger property_definitions_stamp before insert or update on public.property_definitions
  for each row execute function private.stamp_row();

-- Every member reads the definitions (forms and lists need them); admins define them.
-- Nobody deletes one: archiving keeps the values that records hold.
create policy property_definitions_select on public.property_definitions for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
create policy property_definitions_insert on public.property_definitions for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text = 'admin');
create policy property_definitions_update on public.property_definitions for update to authenticated
  using ((select private.my_roles()) ->> org_id::text = 'admin')
  with check ((select private.my_roles()) ->> org_id::text = 'admin');
revoke delete on public.property_definitions from anon, authenticated, service_role;
revoke all on public.property_definitions from anon;

-- -----------------------------------------------------------------------------
-- The shape of a definition
-- -----------------------------------------------------------------------------

/** BEFORE INSERT OR UPDATE on property_definitions: a property keeps its object, key and type
    (records hold values under them); a select has 1–200 options, each with a value of its own,
    a label and a colour from the palette. */
create or replace function private.check_property_definition() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and (new.object, new.key, new.type) is distinct from (old.object, old.key, old.type) then
    raise exception 'A property keeps its object, key and type: archive it and add a new one instead.'
      using errcode = 'check_violation', constraint = 'property_definitions_fixed_shape';
  end if;
  if new.type in ('single_select', 'multi_select') then
    if jsonb_array_length(new.options) not between 1 and 200 then
      raise exception 'A select needs between 1 and 200 options.'
        using errcode = 'check_violation', constraint = 'property_definitions_options', column = 'options';
    end if;
    if exists (
      select 1 from jsonb_array_elements(new.options) o
       where jsonb_typeof(o) <> 'object'
          or jsonb_typeof(o -> 'value') is distinct from 'string' or (o ->> 'value') !~ '^[a-z0-9][a-z0-9_-]{0,59}$'
          or jsonb_typeof(o -> 'label') is distinct from 'string' or length(btrim(o ->> 'label')) not between 1 and 80
          or coalesce(o ->> 'color', 'slate') not in ('slate', 'blue', 'green', 'amber', 'red', 'purple', 'pink', 'teal')
    ) then
      raise exception 'Each option needs a value (lower-case letters, digits, - and _), a label of 1–80 characters and a colour from the palette.'
        using errcode = 'check_violation', constraint = 'property_definitions_options', column = 'options';
    end if;
    if (select count(distinct o ->> 'value') from jsonb_array_elements(new.options) o) <> jsonb_array_length(new.options) then
      raise exception 'Two options have the same value: give each its own.'
        using errcode = 'check_violation', constraint = 'property_definitions_options', column = 'options';
    end if;
  end if;
  return new;
end
$$;
revoke execute on function private.check_property_definition() from public;
grant execute on function private.check_property_definition() to authenticated, service_role;
create trigger property_definitions_shape before insert or update on public.property_definitions
  for each row execute function private.check_property_definition();

/** The table holding the records of a kind. */
create or replace function private.property_table(obj public.property_object) returns text
language sql immutable
set search_path = ''
as $$
  select case obj when 'lead' then 'leads' when 'contact' then 'contacts' when 'account' then 'accounts'
                  when 'opportunity' then 'opportunities' when 'enrollment' then 'enrollments' end
$$;
revoke execute on function private.property_table(public.property_object) from public;

/** How a unique property's values are compared: numbers as numbers, email addresses in any case. */
create or replace function private.property_unique_expression(key text, type public.property_type) returns text
language sql immutable
set search_path = ''
as $$
  select case when type = 'number' then format('((custom ->> %L)::numeric)', key)
              when type = 'email' then format('(lower(custom ->> %L))', key)
              else format('((custom ->> %L))', key) end
$$;
revoke execute on function private.property_unique_expression(text, public.property_type) from public;

/** AFTER INSERT OR UPDATE on property_definitions: a unique, live property is backed by a
    partial unique index of its organisation's records, so uniqueness holds under concurrent
    writes too; unmarking or archiving it drops the index. Definer rights: the index belongs
    to the table's owner. */
create or replace function private.sync_property_unique_index() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  index_name text := 'custom_unique_' || replace(new.id::text, '-', '');
  target text := private.property_table(new.object);
begin
  if new.is_unique and new.archived_at is null then
    if to_regclass('public.' || index_name) is null then
      begin
        execute format('create unique index %I on public.%I (%s) where org_id = %L and custom ? %L%s',
                       index_name, target, private.property_unique_expression(new.key, new.type), new.org_id, new.key,
                       case when target = 'enrollments' then '' else ' and deleted_at is null' end);
      exception when unique_violation then
        raise exception 'Some records already share a value of “%”: give them different values before making it unique.', new.label
          using errcode = 'check_violation', constraint = 'property_definitions_unique_values', column = 'is_unique';
      end;
    end if;
  else
    execute format('drop index if exists public.%I', index_name);
  end if;
  return null;
end
$$;
revoke execute on function private.sync_property_unique_index() from public;
create trigger property_definitions_unique_index after insert or update of is_unique, archived_at on public.property_definitions
  for each row execute function private.sync_property_unique_index();

-- -----------------------------------------------------------------------------
-- Validating the values
-- -----------------------------------------------------------------------------

create or replace function private.is_valid_date(value text) returns boolean
language plpgsql immutable
set search_path = ''
as $$
begin
  if value !~ '^\d{4}-\d{2}-\d{2}$' then
    return false;
  end if;
  perform value::date;
  return true;
exception when others then
  return false;
end
$$;

/** An instant with its zone spelled out (2027-03-31T09:30:00Z, …+02:00): never 'now' or a local time. */
create or replace function private.is_valid_instant(value text) returns boolean
language plpgsql stable
set search_path = ''
as $$
begin
  if value !~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)$' then
    return false;
  end if;
  perform value::timestamptz;
  return true;
exception when others then
  return false;
end
$$;
revoke execute on function private.is_valid_date(text), private.is_valid_instant(text) from public;
grant execute on function private.is_valid_date(text), private.is_valid_instant(text) to authenticated, service_role;

/** Refuses a custom property value, naming the property (the app shows it beside the field). */
create or replace function private.refuse_custom(key text, message text) returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception '%', message using errcode = 'check_violation', constraint = 'custom_properties_valid', column = 'custom.' || key;
end
$$;
revoke execute on function private.refuse_custom(text, text) from public;
grant execute on function private.refuse_custom(text, text) to authenticated, service_role;

/** The custom values of a record of `table_name` about to be written, checked against its
    organisation's definitions and returned cleaned: "not set" (null, "", []) is no key,
    instants are stored in UTC. Only changed keys are checked, so values an admin's later
    change made invalid (a removed option) stay until someone edits them. Required values are
    demanded when staff create a record (`required_on_insert`) and whenever someone empties
    one. Definer rights, to read the definitions and the values a unique property must not
    repeat whoever writes; the caller must belong to the organisation (or be service work). */
create or replace function private.validated_custom(
  table_name text, org uuid, record_id uuid, old_custom jsonb, new_custom jsonb, required_on_insert boolean
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  obj public.property_object := case table_name when 'leads' then 'lead' when 'contacts' then 'contact' when 'accounts' then 'account'
                                                 when 'opportunities' then 'opportunity' when 'enrollments' then 'enrollment' end;
  noun text := case table_name when 'opportunities' then 'opportunity' else rtrim(table_name, 's') end;
  cleaned jsonb;
  entry record;
  def public.property_definitions%rowtype;
  v jsonb;
  t text;
  taken boolean;
begin
  if obj is null then
    raise exception 'custom properties: % holds none', table_name using errcode = 'invalid_parameter_value';
  end if;
  if not ((select private.my_roles()) ? org::text or (select auth.role()) = 'service_role') then
    raise exception 'not a member of this organisation' using errcode = 'insufficient_privilege';
  end if;

  select coalesce(jsonb_object_agg(e.key, e.value), '{}') into cleaned
    from jsonb_each(coalesce(new_custom, '{}')) e
   where e.value not in ('null'::jsonb, '""'::jsonb, '[]'::jsonb);

  for entry in
    select e.key, e.value from jsonb_each(cleaned) e
     where old_custom is null or (old_custom -> e.key) is distinct from e.value
  loop
    select * into def from public.property_definitions d where d.org_id = org and d.object = obj and d.key = entry.key;
    if not found then
      perform private.refuse_custom(entry.key, format('“%s” is not a property of %ss.', entry.key, noun));
    end if;
    if def.archived_at is not null then
      perform private.refuse_custom(entry.key, format('%s is archived: its values can no longer be changed.', def.label));
    end if;
    v := entry.value;
    t := case when jsonb_typeof(v) = 'string' then v #>> '{}' end;
    case def.type
      when 'text' then
        if t is null or length(t) > 500 then perform private.refuse_custom(entry.key, format('%s: enter text of at most 500 characters.', def.label)); end if;
      when 'long_text' then
        if t is null or length(t) > 10000 then perform private.refuse_custom(entry.key, format('%s: enter text of at most 10,000 characters.', def.label)); end if;
      when 'number' then
        if jsonb_typeof(v) <> 'number' or abs((v #>> '{}')::numeric) >= 1e15 then perform private.refuse_custom(entry.key, format('%s: enter a number.', def.label)); end if;
      when 'currency' then
        if jsonb_typeof(v) <> 'number' or abs((v #>> '{}')::numeric) >= 1e13 or (v #>> '{}')::numeric <> round((v #>> '{}')::numeric, 2) then
          perform private.refuse_custom(entry.key, format('%s: enter an amount in %s with at most two decimals.', def.label, def.currency));
        end if;
      when 'boolean' then
        if jsonb_typeof(v) <> 'boolean' then perform private.refuse_custom(entry.key, format('%s: choose yes or no.', def.label)); end if;
      when 'date' then
        if t is null or not private.is_valid_date(t) then perform private.refuse_custom(entry.key, format('%s: enter a date like 2027-03-31.', def.label)); end if;
      when 'datetime' then
        if t is null or not private.is_valid_instant(t) then
          perform private.refuse_custom(entry.key, format('%s: enter a date and time with its time zone, like 2027-03-31T09:30:00Z.', def.label));
        end if;
        cleaned := jsonb_set(cleaned, array[entry.key], to_jsonb(to_char(t::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
      when 'single_select' then
        if t is null or not exists (select 1 from jsonb_array_elements(def.options) o where o ->> 'value' = t) then
          perform private.refuse_custom(entry.key, format('%s: choose one of its options.', def.label));
        end if;
      when 'multi_select' then
        if jsonb_typeof(v) <> 'array' or jsonb_array_length(v) > 200
           or exists (select 1 from jsonb_array_elements(v) x where not exists (select 1 from jsonb_array_elements(def.options) o where o -> 'value' = x))
           or (select count(distinct x) from jsonb_array_elements(v) x) <> jsonb_array_length(v) then
          perform private.refuse_custom(entry.key, format('%s: choose among its options, each at most once.', def.label));
        end if;
      when 'url' then
        if t is null or length(t) > 2000 or t !~ '^https?://[^\s/$.?#][^\s]*$' then
          perform private.refuse_custom(entry.key, format('%s: enter a web address starting with https://.', def.label));
        end if;
      when 'email' then
        if t is null or length(t) > 254 or t !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
          perform private.refuse_custom(entry.key, format('%s: enter an email address like name@company.com.', def.label));
        end if;
      when 'phone' then
        if t is null or t !~ '^[+()0-9 .-]{3,40}$' then
          perform private.refuse_custom(entry.key, format('%s: use digits, spaces and + ( ) - only.', def.label));
        end if;
      when 'user' then
        if t is null or t !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
           or not exists (select 1 from public.memberships m where m.org_id = org and m.user_id = t::uuid) then
          perform private.refuse_custom(entry.key, format('%s: choose a member of the team.', def.label));
        end if;
    end case;
    -- The unique index holds under concurrency; this check names the property for the person.
    if def.is_unique then
      execute format('select exists (select 1 from public.%I where org_id = $1 and id <> $2 and custom ? $3%s and %s = %s)',
                     table_name, case when table_name = 'enrollments' then '' else ' and deleted_at is null' end,
                     private.property_unique_expression(def.key, def.type),
                     case def.type when 'number' then '($4 #>> ''{}'')::numeric' when 'email' then 'lower($4 #>> ''{}'')' else '($4 #>> ''{}'')' end)
        into taken using org, record_id, def.key, cleaned -> entry.key;
      if taken then
        perform private.refuse_custom(entry.key, format('Another %s already has this %s.', noun, def.label));
      end if;
    end if;
  end loop;

  for def in
    select * from public.property_definitions d
     where d.org_id = org and d.object = obj and d.required and d.archived_at is null and not cleaned ? d.key
       and ((old_custom is null and required_on_insert) or (old_custom is not null and old_custom ? d.key))
     order by d.position, d.label
  loop
    perform private.refuse_custom(def.key, format('%s is required.', def.label));
  end loop;
  return cleaned;
end
$$;
revoke execute on function private.validated_custom(text, uuid, uuid, jsonb, jsonb, boolean) from public;
grant execute on function private.validated_custom(text, uuid, uuid, jsonb, jsonb, boolean) to authenticated, service_role;

/** BEFORE INSERT OR UPDATE OF custom on every table with custom properties: checks and cleans
    the values (private.validated_custom). Invoker rights, so that maintenance run by the
    tables' owner — erasure clearing a person's values, migrations — is not taken for an edit. */
create or replace function private.check_custom_properties() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user = (select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = tg_relid) then
    return new;
  end if;
  new.custom := private.validated_custom(tg_table_name, new.org_id, new.id,
                                         case when tg_op = 'UPDATE' then old.custom end, new.custom,
                                         tg_op = 'INSERT' and (select auth.uid()) is not null);
  return new;
end
$$;
revoke execute on function private.check_custom_properties() from public;
grant execute on function private.check_custom_properties() to authenticated, service_role;

do $$
declare
  t text;
begin
  foreach t in array array['leads', 'contacts', 'accounts', 'opportunities', 'enrollments'] loop
    execute format('create trigger %I before insert or update of custom on public.%I
                    for each row execute function private.check_custom_properties()', t || '_custom_properties', t);
    -- Filters on a custom property ("custom @> {key: value}", "custom ? key").
    execute format('create index %I on public.%I using gin (custom)', t || '_custom_idx', t);
  end loop;
end
$$;

-- -----------------------------------------------------------------------------
-- Filtering lists by a custom property
-- -----------------------------------------------------------------------------

/** The newest `max_ids` live records whose custom values contain `wanted` (e.g. {"format":
    "online"} or {"topics": ["gdpr"]}), walking the list index: used when a value is common. */
create or replace function private.newest_custom_matches(target regclass, org uuid, wanted jsonb, max_ids integer) returns uuid[]
language plpgsql stable
set search_path = ''
set enable_bitmapscan = off
as $$
declare
  found uuid[];
begin
  execute format('select array(select id from %s where org_id = $1 and deleted_at is null and custom @> $2 order by created_at desc, id desc limit $3)', target)
    into found using org, wanted, max_ids;
  return found;
end
$$;
revoke execute on function private.newest_custom_matches(regclass, uuid, jsonb, integer) from public;

/** Ids of the caller's organisation's live records of `target` whose custom values contain
    `wanted`: all of them when at most `max_ids` match, else the newest `max_ids` (a list then
    says "more than …", as it does for search). The list reads the ids under the caller's RLS.
    Definer rights because under RLS the GIN index cannot serve a jsonb containment (the
    operator is not leakproof): the filter runs here, the visibility check in the caller's query. */
create or replace function private.custom_property_ids(target regclass, org uuid, wanted jsonb, max_ids integer) returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  found uuid[];
begin
  if target not in ('public.leads'::regclass, 'public.contacts'::regclass, 'public.accounts'::regclass, 'public.opportunities'::regclass) then
    raise exception 'custom property filters apply to leads, contacts, accounts and opportunities' using errcode = 'invalid_parameter_value';
  end if;
  if not (select private.my_roles()) ? org::text then
    raise exception 'not a member of this organisation' using errcode = 'insufficient_privilege';
  end if;
  if jsonb_typeof(wanted) <> 'object' or max_ids not between 1 and 100000 then
    raise exception 'a filter is a jsonb object and a positive limit' using errcode = 'invalid_parameter_value';
  end if;
  -- A rare value: every match, straight from the GIN index (the scan stops after max_ids + 1).
  execute format('select array(select id from %s where org_id = $1 and deleted_at is null and custom @> $2 limit $3)', target)
    into found using org, wanted, max_ids + 1;
  if cardinality(found) <= max_ids then
    return found;
  end if;
  -- A common value: the newest matches, which the list index finds after a short walk.
  return private.newest_custom_matches(target, org, wanted, max_ids);
end
$$;
revoke execute on function private.custom_property_ids(regclass, uuid, jsonb, integer) from public;
grant execute on function private.custom_property_ids(regclass, uuid, jsonb, integer) to authenticated;
