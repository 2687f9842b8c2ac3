-- The full rescoring of 1,000,000 contacts took 88.7 s against a target of 60 s
-- (docs/benchmarks.md). Where a chunk of 5,000 people spent its time, and what changes:
-- - the people were found by a hash join over a sequential scan of every contact of the
--   organisation: now one index probe per id (`id = any(ids)`);
-- - the comparison and decay helpers ran as function calls, 10,000 and more a chunk: without a
--   `set search_path` (they read no table, and built-ins resolve in pg_catalog first) Postgres
--   inlines them into the query; the field a rule reads is now a plain column for that;
-- - every score written maintained indexes nothing reads: score_history's two identical ones
--   on (person_id, day) (the unique one stays), and (org_id, id) on both tables (nothing
--   references a score; people are found by person_id).

/** How much of a behaviour's points is left `age` after it happened: whole halvings every
    `days` days, or all of it until `days` days have passed and none after. */
create or replace function private.scoring_decay_factor(decay public.scoring_decay, days integer, age interval) returns double precision
language sql immutable parallel safe
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
      from public.contacts c
      left join public.accounts a on a.org_id = c.org_id and a.id = c.account_id and a.deleted_at is null
     where c.id = any(contact_ids) and c.org_id = org and c.deleted_at is null
    union all
    select l.id, 'lead', l.owner_id, coalesce(nullif(concat_ws(' ', l.first_name, l.last_name), ''), l.email::text),
           lower(l.job_title), null, l.status::text, l.source::text, lower(l.company_name), lower(split_part(l.email::text, '@', 2)),
           null, null
      from public.leads l
     where l.id = any(lead_ids) and l.org_id = org and l.deleted_at is null
  ),
  rules as (
    select r.* from public.scoring_rules r where r.org_id = org and r.is_active
  ),
  parts as (
    select p.person_id, r.id as rule_id, r.name, r.kind, r.points::double precision as points, 1 as hits
      from people p
      join rules r on r.kind = 'property'
      -- The field's value as a column of its own, so the comparison below is inlined.
      cross join lateral (select case r.field
               when 'job_title' then p.job_title when 'lifecycle_stage' then p.lifecycle_stage when 'lead_status' then p.lead_status
               when 'source' then p.source when 'company_name' then p.company_name when 'email_domain' then p.email_domain
               when 'account_industry' then p.account_industry when 'account_employee_count' then p.account_employee_count
             end as actual) v
     where private.scoring_property_holds(r.operator, r.value, v.actual)
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

drop index public.score_history_person_idx;
alter table public.person_scores drop constraint person_scores_org_id_id_key;
alter table public.score_history drop constraint score_history_org_id_id_key;
