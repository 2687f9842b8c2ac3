-- Two emails the learner portal calls for (20261207000200_create_learner_portal.sql): a seat given
-- from the waitlist, and a booking the trainee moved to another date. On their own, because a
-- new enum value cannot be used in the transaction that adds it.
alter type public.email_trigger_event add value if not exists 'waitlist_promoted';
alter type public.email_trigger_event add value if not exists 'booking_moved';
