import Link from 'next/link';
import { MergeForm } from '@/components/records/merge-form';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff, type StaffSession } from '@/lib/auth/current-staff';
import { CrmError } from '@/lib/crm/errors';
import { canMerge, type MergeObject } from '@/lib/crm/merges';
import { formatDate } from '@/lib/format';

const nouns: Record<MergeObject, { one: string; many: string; whyMergers: string }> = {
  contacts: { one: 'contact', many: 'contacts', whyMergers: 'a merge rewrites several people’s history into one' },
  accounts: { one: 'account', many: 'accounts', whyMergers: 'a merge moves every contact, deal and booking of one company to another' },
  leads: { one: 'lead', many: 'leads', whyMergers: 'a merge rewrites several people’s history into one' },
};

type Candidate = { id: string; created_at: Date };

/** What a merge page says about its object's records: how to load and show them side by side. */
type MergeScreenProps<C extends Candidate> = {
  object: MergeObject;
  searchParams: Promise<{ ids?: string }>;
  load: (staff: StaffSession, ids: string[]) => Promise<C[]>;
  defaults: (survivor: C, others: C[]) => Record<string, string>;
  fields: { key: string; label: string }[];
  name: (c: C) => string;
  shown: (c: C) => Record<string, string>;
  brings: (c: C) => string;
};

/** Two to five records side by side: choose the one to keep and each field's value, then merge. */
export async function MergeScreen<C extends Candidate>({ object, searchParams, load, defaults, fields, name, shown, brings }: MergeScreenProps<C>) {
  const staff = await requireStaff();
  const ids = ((await searchParams).ids ?? '').split(',').filter(Boolean);
  const noun = nouns[object];
  const title = `Merge ${noun.many}`;
  const refused = (message: string, tone: 'info' | 'error') => (
    <div className="max-w-3xl space-y-4">
      <BackLink object={object} />
      <PageHeader title={title} />
      <Alert tone={tone === 'info' ? 'info' : undefined}>{message}</Alert>
    </div>
  );
  if (!canMerge(staff.role)) return refused(`Admins and managers merge ${noun.many}: ${noun.whyMergers}.`, 'info');
  let candidates: C[];
  try {
    candidates = await load(staff, ids);
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    return refused(`${error.message} Open a pair from the duplicates list, or choose 2 to 5 ${noun.many}.`, 'error');
  }
  return (
    <div className="max-w-6xl space-y-4">
      <BackLink object={object} />
      <PageHeader title={`Merge ${candidates.length} ${noun.many}`} subtitle={`Choose the ${noun.one} to keep, and for each field the value it keeps. The oldest ${noun.one} is kept unless you choose another.`} />
      <MergeForm
        object={object}
        columns={candidates.map((c) => ({ id: c.id, name: name(c), added: formatDate(c.created_at), shown: shown(c), brings: brings(c) }))}
        fields={fields}
        defaults={Object.fromEntries(candidates.map((c) => [c.id, defaults(c, candidates.filter((o) => o.id !== c.id))]))}
      />
    </div>
  );
}

function BackLink({ object }: { object: MergeObject }) {
  return (
    <p className="text-sm">
      <Link href={`/${object}/duplicates`} className="text-brand-700 underline">
        ← Duplicate {nouns[object].many}
      </Link>
    </p>
  );
}

/** "3 activities, 1 email" from counts and their names, or "Nothing else". */
export function countsText(parts: readonly (readonly [number, string, string])[]): string {
  return parts.filter(([n]) => Number(n) > 0).map(([n, one, many]) => `${n} ${Number(n) === 1 ? one : many}`).join(', ') || 'Nothing else';
}
