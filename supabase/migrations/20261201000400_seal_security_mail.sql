-- =============================================================================
-- Security mail (password resets, staff invitations, data subject request verification,
-- consent confirmation) carries links that act for the recipient. Marketing could read
-- them in the outbox and take over an admin's account. Now:
--   * the outbox (which staff read in the Dev inbox) keeps such messages with those links
--     withheld (supabase/functions/send-email/compose.ts withholdBearerLinks);
--   * the message as sent lives only in private.security_outbox, the local stand-in of the
--     recipient's mailbox when no email provider is configured: no API role may read it,
--     only the server operator as the owner (`npm run mailbox`);
--   * the outbox itself is read by admins (the Dev inbox) and compliance officers (a subject
--     export includes it), no longer by marketing.
-- =============================================================================

create table private.security_outbox (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  message_id uuid not null unique,
  to_address text not null check (length(to_address) <= 254),
  subject text not null check (length(subject) <= 998),
  html text not null,
  text text not null,
  created_at timestamptz not null default now(),
  foreign key (org_id, message_id) references public.email_messages (org_id, id) on delete cascade
);
alter table private.security_outbox enable row level security;
comment on table private.security_outbox is
  'Security mail exactly as its recipient gets it, when no email provider is configured. Written by send-email (service_role may only insert and expire rows); read only by the owner.';
create index security_outbox_recipient_idx on private.security_outbox (to_address, created_at desc);
-- send-email writes messages and expires old ones; it can read no message back (only the
-- columns an insert's conflict check and the expiry need).
grant insert, delete on private.security_outbox to service_role;
grant select (message_id, created_at) on private.security_outbox to service_role;

drop policy email_outbox_select on public.email_outbox;
-- The Dev inbox is for admins; compliance officers read it too, since a subject export
-- includes the person's messages. Security mail is stored here with its links withheld.
create policy email_outbox_select on public.email_outbox for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance'));
