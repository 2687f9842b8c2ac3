-- =============================================================================
-- A deal's close date is the day it was won or lost. Reports of revenue by close month and the
-- opportunity page read expected_close_date; a deal won today with a forecast of next quarter
-- showed up in the wrong month. The stage trigger (the one place that decides won/lost) now
-- also sets the close date when a deal closes, whatever path closed it (board, import, API).
-- =============================================================================

/** BEFORE INSERT/UPDATE OF stage_id on opportunities: the stage decides the status (won,
    lost or open), closes or reopens the deal, sets the close date to the day it closed, and
    supplies the default probability unless the same statement set one. Definer rights so the
    stage is read whatever the caller sees. */
create or replace function private.sync_opportunity_with_stage() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  stage public.pipeline_stages%rowtype;
  closing boolean;
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
    closing := tg_op = 'INSERT' or old.closed_at is null;
    new.closed_at := coalesce(new.closed_at, now());
    if closing then
      new.expected_close_date := new.closed_at::date;
    end if;
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
