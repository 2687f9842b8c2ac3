-- =============================================================================
-- Retention in SQL. The daily job used to run as the table owner from the worker, which now
-- logs in as authenticator and works as service_role: the audit log yields only to its
-- owner. One definition of which rows a policy covers serves both the preview (under the
-- caller's RLS) and the purge (a definer function only service_role may call).
-- =============================================================================

/** The rows a retention policy of `kind` covers in `org` at `cutoff`, as text ids (the audit
    log's are bigints). Runs with the caller's rights: a compliance officer's preview counts
    what their RLS shows. */
create or replace function private.retention_candidates(org uuid, kind public.retention_kind, cutoff timestamptz)
returns setof text
language sql stable
set search_path = ''
as $$
  select l.id::text from public.leads l
   where kind = 'disqualified_leads' and l.org_id = org and l.status = 'disqualified' and l.updated_at < cutoff
     and not exists (select 1 from public.activities a where a.lead_id = l.id and a.occurred_at >= cutoff)
  union all
  select e.id::text from public.email_events e where kind = 'email_events' and e.org_id = org and e.occurred_at < cutoff
  union all
  select a.id::text from public.audit_log a where kind = 'audit_log' and a.org_id = org and a.occurred_at < cutoff
  union all
  select e.id::text from public.enrollments e
   where kind = 'cancelled_enrollments' and e.org_id = org and e.status = 'cancelled' and e.cancelled_at < cutoff
$$;
revoke execute on function private.retention_candidates(uuid, public.retention_kind, timestamptz) from public;
grant execute on function private.retention_candidates(uuid, public.retention_kind, timestamptz) to authenticated, service_role;

/** The cutoff of a policy that keeps data `keep_months` months. */
create or replace function private.retention_cutoff(keep_months integer) returns timestamptz
language sql stable
set search_path = ''
as $$ select now() - make_interval(months => keep_months) $$;
revoke execute on function private.retention_cutoff(integer) from public;
grant execute on function private.retention_cutoff(integer) to authenticated, service_role;

/** Applies every enabled retention policy of every organisation (or, with dry_run, only counts)
    and logs each run. Definer rights: the audit log yields to its owner only. Called by the
    daily retention job as service_role. */
create or replace function private.apply_retention(dry_run boolean)
returns table (org_id uuid, kind public.retention_kind, affected integer)
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  policy public.retention_policies%rowtype;
  cutoff timestamptz;
  n integer;
begin
  perform private.require_service_role('applying retention');
  for policy in select * from public.retention_policies p where p.enabled order by p.org_id, p.kind loop
    cutoff := private.retention_cutoff(policy.keep_months);
    if dry_run then
      select count(*)::integer into n from private.retention_candidates(policy.org_id, policy.kind, cutoff);
    else
      case policy.kind
        when 'disqualified_leads' then
          delete from public.leads x where x.id::text in (select private.retention_candidates(policy.org_id, policy.kind, cutoff));
        when 'email_events' then
          delete from public.email_events x where x.id::text in (select private.retention_candidates(policy.org_id, policy.kind, cutoff));
        when 'audit_log' then
          delete from public.audit_log x where x.id::text in (select private.retention_candidates(policy.org_id, policy.kind, cutoff));
        when 'cancelled_enrollments' then
          delete from public.enrollments x where x.id::text in (select private.retention_candidates(policy.org_id, policy.kind, cutoff));
      end case;
      get diagnostics n = row_count;
    end if;
    insert into public.retention_runs (org_id, kind, dry_run, cutoff, affected) values (policy.org_id, policy.kind, dry_run, cutoff, n);
    org_id := policy.org_id;
    kind := policy.kind;
    affected := n;
    return next;
  end loop;
end
$$;
revoke execute on function private.apply_retention(boolean) from public;
grant execute on function private.apply_retention(boolean) to service_role;
