/**
 * `npm run mailbox [address]`: the security mail (password resets, invitations, verification
 * and confirmation links) that Cohort sent while no email provider was configured — the local
 * stand-in of the recipients' mailboxes. Staff never see these links (the Dev inbox withholds
 * them); whoever runs the server can read them here, as the database owner.
 */
import { sql } from 'kysely';
import { ownerDb } from '../lib/db/owner';

export type SealedMessage = { to_address: string; subject: string; text: string; created_at: Date; template: string };

/** The newest security mail, to `address` when given. */
export async function sealedMessages(address?: string, limit = 10): Promise<SealedMessage[]> {
  const { rows } = await sql<SealedMessage>`
    select s.to_address, s.subject, s.text, s.created_at, m.template
      from private.security_outbox s join public.email_messages m on m.id = s.message_id
     where ${address ?? null}::text is null or lower(s.to_address) = lower(${address ?? null})
     order by s.created_at desc
     limit ${limit}`.execute(ownerDb());
  return rows;
}

async function main(): Promise<void> {
  const { startCluster, stopCluster } = await import('../lib/db/embedded-cluster');
  const { demoCluster } = await import('./database');
  const embedded = process.env.DATABASE_URL ? null : await startCluster(demoCluster);
  if (embedded) process.env.DATABASE_URL = embedded.url;
  try {
    const address = process.argv[2];
    const messages = await sealedMessages(address);
    if (messages.length === 0) console.log(address ? `No security mail to ${address}.` : 'No security mail yet.');
    for (const m of messages.reverse()) {
      console.log(`\n── ${m.created_at.toISOString()} · ${m.template} · to ${m.to_address}\n   ${m.subject}\n`);
      console.log(m.text.replace(/^/gm, '   '));
    }
  } finally {
    if (embedded?.startedHere) await stopCluster(demoCluster.dataDir);
  }
  process.exit(0);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
