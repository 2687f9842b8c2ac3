/**
 * Accounts (the companies) and contacts (their people). Later generators work from the
 * in-memory records returned here instead of re-reading the database.
 */
import type { Insertable } from 'kysely';
import type { Accounts, Contacts, LifecycleStage, RecordSource } from '../../lib/db/types';
import { maxDate, type Rng, slug } from './random';
import type { SeedContext } from './support';
import {
  type City,
  type Country,
  companyPrefixes,
  companySectors,
  countries,
  fillPattern,
  firstNames,
  institutionPatterns,
  jobTitles,
  lastNames,
  personalMailDomains,
  personalPhone,
  postalAddress,
} from './words';

export interface AccountRec {
  id: string;
  name: string;
  domain: string;
  industry: string;
  ownerId: string | null;
  isClient: boolean;
  createdAt: Date;
  country: Country;
  city: City;
}

export interface ContactRec {
  id: string;
  accountId: string | null;
  firstName: string;
  lastName: string;
  email: string;
  ownerId: string | null;
  createdAt: Date;
  /** Part of the pool that books courses; its lifecycle stages say so. */
  trainee: boolean;
}

export const sourceWeights: Record<RecordSource, number> = {
  website: 25, referral: 12, event: 10, webinar: 15, partner: 8, cold_outreach: 10, import: 15, other: 5,
};

export function pickCountry(rng: Rng): Country {
  const weights = Object.fromEntries(countries.map((country, index) => [String(index), country.weight]));
  return countries[Number(rng.weighted(weights))] ?? rng.pick(countries);
}

/**
 * A company name unique within `used` (keyed by its domain), with its industry. The word lists
 * give ~2,000 names; a large scale that exhausts them gets numbered domains instead of looping.
 */
export function companyName(rng: Rng, country: Country, used: Set<string>) {
  for (let attempt = 0; ; attempt++) {
    const prefix = rng.pick(companyPrefixes);
    let name: string;
    let industry: string;
    let domain: string;
    const institution = rng.chance(0.1);
    if (institution) {
      const [suffix, sector] = rng.pick(institutionPatterns);
      name = `${prefix} ${suffix}`;
      industry = sector;
      domain = `${slug(prefix)}${slug(suffix.split(' ')[0] ?? '')}.example`;
    } else {
      const [word, sector] = rng.pick(companySectors);
      name = `${prefix} ${word} ${rng.pick(country.suffixes)}`;
      industry = sector;
      domain = `${slug(prefix)}${slug(word)}.example`;
    }
    if (attempt > 50) domain = domain.replace('.example', `${used.size}.example`);
    if (used.has(domain)) continue;
    used.add(domain);
    return { name, industry, domain, institution };
  }
}

function employeeCount(rng: Rng): number {
  const band = rng.weighted({ small: 25, medium: 35, large: 25, enterprise: 15 });
  if (band === 'small') return rng.int(12, 49);
  if (band === 'medium') return rng.int(50, 249);
  if (band === 'large') return rng.int(250, 999);
  return rng.int(1000, 38000);
}

export async function seedAccounts(ctx: SeedContext): Promise<AccountRec[]> {
  const { rng } = ctx;
  const used = new Set<string>();
  const records: Omit<AccountRec, 'id'>[] = [];
  const rows: Insertable<Accounts>[] = [];
  for (let i = 0; i < ctx.count(200, 3); i++) {
    const country = pickCountry(rng);
    const city = rng.pick(country.cities);
    const company = companyName(rng, country, used);
    const isClient = rng.chance(company.institution ? 0.6 : 0.35);
    const ownerId = ctx.owner();
    const createdAt = rng.createdAt(ctx.now);
    records.push({ ...company, ownerId, isClient, createdAt, country, city });
    rows.push({
      org_id: ctx.orgId,
      name: company.name,
      domain: company.domain,
      industry: company.industry,
      phone: fillPattern(rng, city.phone),
      billing_address: postalAddress(rng, country, city),
      employee_count: employeeCount(rng),
      is_training_client: isClient,
      owner_id: ownerId,
      created_at: createdAt,
    });
  }
  // A demo always has corporate clients to book seats for, however small the scale.
  const first = records[0];
  const firstRow = rows[0];
  if (first && firstRow && !records.some((record) => record.isClient)) {
    first.isClient = true;
    firstRow.is_training_client = true;
  }
  // One company entered twice, as every CRM has (the account duplicates queue shows it).
  if (first && firstRow) {
    const createdAt = new Date(Math.min(first.createdAt.getTime() + 86_400_000, ctx.now.getTime()));
    records.push({ ...first, name: `${first.name} Ltd`, isClient: false, createdAt });
    rows.push({ ...firstRow, name: `${first.name} Ltd`, is_training_client: false, industry: null, employee_count: null, billing_address: null, created_at: createdAt });
  }
  return ctx.insertRecords('accounts', rows, records);
}

function lifecycleStage(rng: Rng, trainee: boolean): LifecycleStage {
  return trainee
    ? rng.weighted({ trainee: 35, certified: 35, alumni: 15, customer: 15 })
    : rng.weighted({ subscriber: 20, lead: 35, prospect: 30, customer: 15 });
}

/** Realistic but unique addresses: firstname.lastname, then firstname.lastname2, 3, … */
export class EmailBook {
  private readonly seen = new Map<string, number>();

  address(first: string, last: string, domain: string): string {
    const local = `${slug(first)}.${slug(last)}`;
    const key = `${local}@${domain}`;
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    return n === 1 ? key : `${local}${n}@${domain}`;
  }
}

export async function seedContacts(ctx: SeedContext, accounts: AccountRec[]): Promise<ContactRec[]> {
  const { rng } = ctx;
  const emails = new EmailBook();
  // Corporate clients send many delegates, so they appear three times in the draw.
  const draw = accounts.flatMap((account) => (account.isClient ? [account, account, account] : [account]));
  const records: Omit<ContactRec, 'id'>[] = [];
  const rows: Insertable<Contacts>[] = [];
  for (let i = 0; i < ctx.count(2000, 12); i++) {
    const account = rng.chance(0.85) ? rng.pick(draw) : undefined;
    const country = account?.country ?? pickCountry(rng);
    const city = account?.city ?? rng.pick(country.cities);
    const firstName = rng.pick(firstNames);
    const lastName = rng.pick(lastNames);
    const email = emails.address(firstName, lastName, account?.domain ?? rng.pick(personalMailDomains));
    const trainee = rng.chance(account?.isClient ? 0.7 : 0.3);
    const ownerId = account && rng.chance(0.7) ? account.ownerId : ctx.owner();
    const createdAt = account ? maxDate(rng.officeHours(rng.date(account.createdAt, ctx.now), ctx.now), account.createdAt) : rng.createdAt(ctx.now);
    records.push({ accountId: account?.id ?? null, firstName, lastName, email, ownerId, createdAt, trainee });
    rows.push({
      org_id: ctx.orgId,
      account_id: account?.id ?? null,
      first_name: firstName,
      last_name: lastName,
      email,
      phone: rng.chance(0.8) ? personalPhone(rng, country, city) : null,
      job_title: rng.chance(0.9) ? rng.pick(jobTitles) : null,
      lifecycle_stage: lifecycleStage(rng, trainee),
      source: rng.chance(0.92) ? rng.weighted(sourceWeights) : null,
      owner_id: ownerId,
      created_at: createdAt,
    });
  }
  return ctx.insertRecords('contacts', rows, records);
}
