-- =============================================================================
-- Three holes in who may do what, closed where the rule lives:
--   1. memberships: an admin could insert a membership for any user id — the admin of
--      another organisation, say — who never agreed to it. Membership now comes only from
--      accepting an invitation (named service work in lib/auth/invitations.ts).
--   2. security-definer helpers a client may call answer only about the caller's own
--      organisations (private.was_erased answered for any organisation). A catalog-driven
--      test calls every such function as a non-member.
--   3. taggings: a rep could tag and untag another rep's lead, and marketing could tag
--      opportunities it cannot read. A tagging is now seen, added and removed only by those
--      who can see the tagged record.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- 1. Membership only by invitation
-- -----------------------------------------------------------------------------
drop policy memberships_insert on public.memberships;
comment on table public.memberships is
  'Who belongs to which organisation, with which role. The source of truth for every policy. Rows are created only when an invitation is accepted (service work); no API role may insert one.';

-- -----------------------------------------------------------------------------
-- 2. Definer helpers answer about the caller's organisations only
-- -----------------------------------------------------------------------------

/** True when `email` belongs to someone erased from the organisation: imports and forms use
    it to flag a returning address instead of silently recreating the person. Members of the
    organisation and service work may ask; anyone else is refused. */
-- The hash is computed here rather than through private.email_hash, which only admins,
-- compliance officers and service work may call: any member may learn "this address was
-- erased", never the hash itself.
create or replace function private.was_erased(org uuid, email text) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if (select auth.role()) is distinct from 'service_role' and not (org = any (private.member_org_ids())) then
    raise exception 'asking about organisation % is not allowed', org using errcode = 'insufficient_privilege';
  end if;
  return exists (
    select 1
      from public.suppressions s
      join private.email_hash_keys k on k.org_id = s.org_id
     where s.org_id = org and s.reason = 'erased'
       and s.email_hash = encode(extensions.hmac(convert_to(lower(btrim(email)), 'UTF8'), k.secret, 'sha256'), 'hex')
  );
end
$$;

/** True when the signed-in user owns the live contact, in an organisation where they are an
    active member. Called by training policies. */
create or replace function private.owns_contact(target_contact uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.contacts c
     where c.id = target_contact and c.owner_id = (select auth.uid()) and c.deleted_at is null
       and c.org_id = any (private.member_org_ids())
  )
$$;

/** True when the signed-in user owns the contact of the enrollment, in an organisation where
    they are an active member. Called by policies. */
create or replace function private.owns_enrollment(target_enrollment uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.enrollments e
      join public.contacts c on c.id = e.contact_id
     where e.id = target_enrollment and c.owner_id = (select auth.uid()) and c.deleted_at is null
       and c.org_id = any (private.member_org_ids())
  )
$$;

/** Ids of live rows of `target` in `org` whose search_text matches `pattern` (a LIKE
    pattern), newest first, at most `max_rows`. Returns nothing for an organisation the
    caller is not an active member of, nor for a table their role may not read
    (marketing: opportunities). Callable by authenticated and service_role; used by
    lib/crm lists. */
create or replace function private.search_ids(target regclass, org uuid, pattern text, max_rows integer)
returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  sees_every_owner boolean;
  ids uuid[];
begin
  if target not in ('public.contacts'::regclass, 'public.leads'::regclass,
                    'public.accounts'::regclass, 'public.opportunities'::regclass) then
    raise exception 'search is not available for %', target using errcode = 'invalid_parameter_value';
  end if;
  if max_rows not between 1 and 10000 then
    raise exception 'max_rows must be between 1 and 10000' using errcode = 'invalid_parameter_value';
  end if;
  if (select auth.role()) = 'service_role' then
    sees_every_owner := true; -- named system work (lib/db asService) sees the organisation
  elsif not (org = any (private.member_org_ids())) then
    return '{}';
  elsif target = 'public.opportunities'::regclass and org = any (private.org_ids_for('{marketing}')) then
    return '{}'; -- opportunities_select gives marketing nothing
  else
    -- Sales reps see the records they own or nobody owns (accounts: all of them), as the
    -- select policies say; every other role sees the whole organisation.
    sees_every_owner := target = 'public.accounts'::regclass
      or org = any (private.org_ids_for('{admin,manager,marketing,compliance,viewer}'));
  end if;
  execute format(
    'select coalesce(array_agg(id), ''{}'') from (
       select id from %s
        where org_id = $1 and deleted_at is null and search_text like $2
          and ($3 or owner_id is null or owner_id = $4)
        order by created_at desc, id desc
        limit $5) matches', target)
    into ids
    using org, pattern, sees_every_owner, (select auth.uid()), max_rows;
  return ids;
end
$$;

-- -----------------------------------------------------------------------------
-- 3. Taggings follow the visibility of the tagged record
-- -----------------------------------------------------------------------------
-- The subqueries run under the tagged table's own select policy, so "can see the record"
-- means exactly what it means everywhere else. Admins and managers see every record of
-- their organisation (the trash included), so they skip the lookup.
drop policy taggings_select on public.taggings;
drop policy taggings_insert on public.taggings;
drop policy taggings_delete on public.taggings;

create policy taggings_select on public.taggings for select to authenticated using (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or ((select private.my_roles()) ? org_id::text and (
    exists (select 1 from public.leads l where l.id = taggings.lead_id)
    or exists (select 1 from public.contacts c where c.id = taggings.contact_id)
    or exists (select 1 from public.accounts a where a.id = taggings.account_id)
    or exists (select 1 from public.opportunities o where o.id = taggings.opportunity_id)
  ))
);
-- The roles that work records apply tags, to records they can see.
create policy taggings_insert on public.taggings for insert to authenticated with check (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or ((select private.my_roles()) ->> org_id::text in ('sales', 'marketing') and (
    exists (select 1 from public.leads l where l.id = taggings.lead_id)
    or exists (select 1 from public.contacts c where c.id = taggings.contact_id)
    or exists (select 1 from public.accounts a where a.id = taggings.account_id)
    or exists (select 1 from public.opportunities o where o.id = taggings.opportunity_id)
  ))
);
create policy taggings_delete on public.taggings for delete to authenticated using (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or ((select private.my_roles()) ->> org_id::text in ('sales', 'marketing') and (
    exists (select 1 from public.leads l where l.id = taggings.lead_id)
    or exists (select 1 from public.contacts c where c.id = taggings.contact_id)
    or exists (select 1 from public.accounts a where a.id = taggings.account_id)
    or exists (select 1 from public.opportunities o where o.id = taggings.opportunity_id)
  ))
);
