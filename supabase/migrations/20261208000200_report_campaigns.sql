-- The campaign report (issue 12): how many people a campaign's messages made unsubscribe.
-- Marketing reads its campaigns' messages and delivery events, but not the consent ledger
-- or the suppression list (compliance evidence); this definer function gives it the one
-- number it needs, for a campaign of its own organisation.

create index consent_events_unsubscribe_message_idx on public.consent_events (org_id, ((proof ->> 'message_id')))
  where source = 'unsubscribe_link' and not granted;

/** People who unsubscribed through a link in one of the campaign's messages (each person
    once, whatever they withdrew). For the roles that read campaigns. */
create or replace function private.campaign_unsubscribes(org uuid, campaign uuid) returns integer
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if (select auth.role()) is distinct from 'service_role'
     and coalesce((select private.my_roles()) ->> org::text, '') not in ('admin', 'manager', 'marketing', 'compliance', 'viewer') then
    raise exception 'reading the campaigns of organisation % is not allowed', org using errcode = 'insufficient_privilege';
  end if;
  return (
    select count(distinct m.id)::integer
      from public.email_messages m
      join public.consent_events ce
        on ce.org_id = m.org_id
       and ce.source = 'unsubscribe_link' and not ce.granted
       and (ce.proof ->> 'message_id') = m.id::text
     where m.org_id = org and m.campaign_id = campaign
  );
end
$$;
revoke execute on function private.campaign_unsubscribes(uuid, uuid) from public;
grant execute on function private.campaign_unsubscribes(uuid, uuid) to authenticated, service_role;
