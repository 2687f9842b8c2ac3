/**
 * Streams synthetic contacts into Postgres with COPY: the fastest way in, and what a real
 * import of this size would use. Names cycle through word lists; a few rows carry a rare
 * surname so the rare-term search has something to find.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const firstNames = ['Amelia', 'Oliver', 'Isla', 'Noah', 'Sofia', 'Liam', 'Maya', 'Lucas', 'Chloe', 'Mateo', 'Aisha', 'Jonas', 'Elena', 'Ravi', 'Freya', 'Kwame', 'Ingrid', 'Tomás', 'Yuki', 'Omar'];
const lastNames = ['Johnson', 'Anderson', 'Nakamura', 'Okafor', 'Schmidt', 'García', 'Novak', 'Kowalski', 'Haddad', 'Fischer', 'Dubois', 'Rossi', 'Jensen', 'Patel', 'Murphy', 'Larsen', 'Moreau', 'Silva', 'Costa', 'Wilson'];
export const RARE_SURNAME = 'Quillfeather';
export const COMMON_TERM = 'son'; // Johnson, Anderson, Jensen, Larsen, Wilson…

export async function copyContacts(url: string, orgId: string, owners: string[], total: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  const start = Date.now() - 730 * 86_400_000;
  function* rows(): Generator<string> {
    let batch = '';
    for (let i = 0; i < total; i++) {
      const last = i % 200_000 === 7 ? RARE_SURNAME : (lastNames[(i * 7) % lastNames.length] as string);
      const first = firstNames[i % firstNames.length] as string;
      // One contact in ten is unassigned; the rest are spread over the reps.
      const owner = i % 10 === 0 ? '\\N' : (owners[i % owners.length] as string);
      const created = new Date(start + Math.floor((i / total) * 730 * 86_400_000)).toISOString();
      batch += `${orgId}\t${first}\t${last}\t${first.toLowerCase()}.${last.toLowerCase()}.${i}@bench.example\t${owner}\t${created}\t${created}\n`;
      if (i % 5_000 === 4_999) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  const copy = client.query(copyFrom('copy public.contacts (org_id, first_name, last_name, email, owner_id, created_at, updated_at) from stdin'));
  await pipeline(Readable.from(rows()), copy);
  // Vacuum now, so autovacuum does not wake up in the middle of the measurements.
  await client.query('vacuum (analyze) public.contacts, public.audit_log');
  await client.end();
  return Date.now() - started;
}
