-- The marketing overview (issue 12): how the marketing list grows and shrinks, month by month.
-- The consent ledger is compliance evidence that marketing may not read row by row; this
-- definer function gives the roles that read campaigns the monthly counts only.

create index consent_events_marketing_month_idx on public.consent_events (org_id, occurred_at)
  where purpose = 'marketing_email';

/** Marketing consents given and withdrawn per month, over the last `months` months (the
    current one included), for the roles that read campaigns. Counts, never people. */
create or replace function private.marketing_list_growth(org uuid, months integer)
returns table (month date, granted integer, withdrawn integer)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if (select auth.role()) is distinct from 'service_role'
     and coalesce((select private.my_roles()) ->> org::text, '') not in ('admin', 'manager', 'marketing', 'compliance', 'viewer') then
    raise exception 'reading the marketing list of organisation % is not allowed', org using errcode = 'insufficient_privilege';
  end if;
  return query
    select m.month::date,
           (count(ce.id) filter (where ce.granted))::integer,
           (count(ce.id) filter (where not ce.granted))::integer
      from generate_series(date_trunc('month', now()) - make_interval(months => least(greatest(months, 1), 36) - 1), date_trunc('month', now()), interval '1 month') as m(month)
      left join public.consent_events ce
        on ce.org_id = org and ce.purpose = 'marketing_email'
       and ce.occurred_at >= m.month and ce.occurred_at < m.month + interval '1 month'
     group by m.month
     order by m.month;
end
$$;
revoke execute on function private.marketing_list_growth(uuid, integer) from public;
grant execute on function private.marketing_list_growth(uuid, integer) to authenticated, service_role;
