/**
 * What became of a campaign message, as SQL over email_messages (aliased `m`): one definition
 * for the report, the campaigns list and the recipients filter, so their figures agree. A click
 * is also an open (the images may have been blocked), and either proves delivery.
 */
import { sql } from 'kysely';

export const messageOutcome = {
  delivered: sql<boolean>`(m.delivered_at is not null or m.opened_at is not null or m.clicked_at is not null or m.status in ('delivered', 'opened', 'clicked'))`,
  opened: sql<boolean>`(m.opened_at is not null or m.clicked_at is not null)`,
  clicked: sql<boolean>`(m.clicked_at is not null)`,
  bounced: sql<boolean>`(m.status = 'bounced')`,
  complained: sql<boolean>`(m.status = 'complained')`,
} as const;
