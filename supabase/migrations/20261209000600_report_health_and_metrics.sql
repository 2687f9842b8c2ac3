-- Operations (issue 13): what GET /api/health and GET /api/metrics ask the database
-- (lib/ops/health.ts, lib/ops/metrics.ts). System-wide, not about any organisation, so the
-- answers come from two definer functions that only service_role may call, and the one table
-- they keep is in the private schema, which no client reaches.

/** Each worker process says it is alive every 15 s (lib/jobs/worker.ts); health wants one within 60 s. */
create table private.worker_heartbeats (
  worker text primary key,
  pid integer not null,
  host text not null,
  started_at timestamptz not null,
  beat_at timestamptz not null
);
comment on table private.worker_heartbeats is 'The pg-boss workers alive, by their last beat; one row per worker process, pruned after a day of silence.';

create or replace function private.worker_beat(worker text, pid integer, host text, started_at timestamptz) returns void
language sql volatile security definer
set search_path = ''
as $$
  insert into private.worker_heartbeats as h (worker, pid, host, started_at, beat_at)
  values (worker, pid, host, started_at, now())
  on conflict (worker) do update set beat_at = excluded.beat_at, pid = excluded.pid, host = excluded.host;
  delete from private.worker_heartbeats h where h.beat_at < now() - interval '1 day';
$$;
revoke execute on function private.worker_beat(text, integer, text, timestamptz) from public;
grant execute on function private.worker_beat(text, integer, text, timestamptz) to service_role;

-- The metrics count last hour's emails by status: an index that leads with the time.
create index email_messages_created_idx on public.email_messages (created_at);

/**
 * One look at the system: the newest migration applied, the workers heard from in the last
 * minute and the last beat, pg-boss's own queue counts (kept by pg-boss in pgboss.queue; absent
 * until the first worker has started), the last hour's emails by status, and the database's
 * connections by application name.
 */
create or replace function private.ops_status() returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  queues jsonb := '[]';
begin
  if to_regclass('pgboss.queue') is not null then
    execute $q$
      select coalesce(jsonb_agg(jsonb_build_object('name', q.name, 'deferred', q.deferred_count, 'queued', q.queued_count,
               'active', q.active_count, 'failed', q.failed_count, 'total', q.total_count) order by q.name), '[]')
        from pgboss.queue q$q$ into queues;
  end if;
  return jsonb_build_object(
    'schema_version', (select max(m.version) from supabase_migrations.schema_migrations m),
    'workers_alive', (select count(*) from private.worker_heartbeats h where h.beat_at > now() - interval '60 seconds'),
    'last_beat_seconds', (select extract(epoch from now() - max(h.beat_at)) from private.worker_heartbeats h),
    'queues', queues,
    'emails_last_hour', (select coalesce(jsonb_object_agg(x.status, x.n), '{}') from (
        select m.status::text as status, count(*) as n from public.email_messages m
         where m.created_at > now() - interval '1 hour' group by m.status) x),
    'connections', (select coalesce(jsonb_object_agg(x.app, x.n), '{}') from (
        select coalesce(nullif(a.application_name, ''), 'other') as app, count(*) as n
          from pg_catalog.pg_stat_activity a where a.datname = current_database() group by 1) x)
  );
end
$$;
revoke execute on function private.ops_status() from public;
grant execute on function private.ops_status() to service_role;
