-- Lead scoring (issue 12) tells a record's owner when their lead or contact reaches the
-- organisation's marketing-qualified threshold. A new enum value cannot be used in the
-- transaction that adds it, so it has a migration of its own before the scoring one.
alter type public.notification_kind add value if not exists 'marketing_qualified';
