/**
 * Pipelines with their stages, opportunities moving through them, and leads (some converted
 * into the contacts and deals created before them).
 */
import type { Insertable } from 'kysely';
import type { Leads, LeadStatus, Opportunities, OpportunityStatus, RecordSource } from '../../lib/db/types';
import type { CourseDef, PipelineDef, StageDef } from './catalog';
import { type AccountRec, type ContactRec, companyName, EmailBook, pickCountry, sourceWeights } from './people';
import { addDays, at, DAY_MS, isoDate, maxDate, minDate } from './random';
import type { SeedContext } from './support';
import {
  firstNames,
  jobTitles,
  lastNames,
  leadDisqualifiedReasons,
  opportunityLostReasons,
  personalMailDomains,
  personalPhone,
} from './words';

export interface PipelineRec {
  id: string;
  def: PipelineDef;
  stages: (StageDef & { id: string })[];
}

export interface OpportunityRec {
  id: string;
  name: string;
  accountId: string | null;
  contactId: string | null;
  ownerId: string | null;
  status: OpportunityStatus;
  createdAt: Date;
}

export interface LeadRec {
  id: string;
  status: LeadStatus;
  score: number;
  source: RecordSource;
  ownerId: string | null;
  createdAt: Date;
}

export async function seedPipelines(ctx: SeedContext): Promise<PipelineRec[]> {
  const defs = ctx.profile.pipelines;
  // Set up when the company started using the CRM, before any record that uses them.
  const created = addDays(ctx.now, -731);
  const pipelines = await ctx.insertRecords(
    'pipelines',
    defs.map((def) => ({ org_id: ctx.orgId, name: def.name, is_default: def.isDefault, created_at: created })),
    defs.map((def) => ({ def })),
  );
  const result: PipelineRec[] = [];
  for (const pipeline of pipelines) {
    const stages = await ctx.insertRecords(
      'pipeline_stages',
      pipeline.def.stages.map((stage, position) => ({
        org_id: ctx.orgId,
        pipeline_id: pipeline.id,
        name: stage.name,
        position,
        probability: stage.probability,
        is_won: stage.isWon ?? false,
        is_lost: stage.isLost ?? false,
        created_at: created,
      })),
      pipeline.def.stages,
    );
    result.push({ ...pipeline, stages });
  }
  return result;
}

/** Volume pricing: corporate bookings of eight seats or more get a discount. */
function seatAmount(course: CourseDef, seats: number): string {
  const discount = seats >= 12 ? 0.85 : seats >= 8 ? 0.9 : 1;
  return (course.price * seats * discount).toFixed(2);
}

export async function seedOpportunities(
  ctx: SeedContext,
  pipelines: PipelineRec[],
  accounts: AccountRec[],
  contacts: ContactRec[],
): Promise<OpportunityRec[]> {
  const { rng, now } = ctx;
  const contactsByAccount = new Map<string, ContactRec[]>();
  for (const contact of contacts) {
    if (contact.accountId) contactsByAccount.set(contact.accountId, [...(contactsByAccount.get(contact.accountId) ?? []), contact]);
  }
  const shares = Object.fromEntries(pipelines.map((pipeline, index) => [String(index), pipeline.def.share]));
  const records: Omit<OpportunityRec, 'id'>[] = [];
  const rows: Insertable<Opportunities>[] = [];
  for (let i = 0; i < ctx.count(300, 9); i++) {
    const pipeline = at(pipelines, Number(rng.weighted(shares)));
    // A few of each outcome even at the smallest scale: the board and reports need all three.
    const status: OpportunityStatus = i < 3 ? 'won' : i < 6 ? 'lost' : rng.weighted({ open: 55, won: 25, lost: 20 });
    const openStages = pipeline.stages.filter((stage) => !stage.isWon && !stage.isLost);
    const stage =
      status === 'open'
        ? at(openStages, Math.min(openStages.length - 1, Math.floor(rng.float() ** 1.3 * openStages.length)))
        : at(pipeline.stages.filter((s) => (status === 'won' ? s.isWon : s.isLost)), 0);
    const account = pipeline.def.kind === 'programme' || rng.chance(0.9) ? rng.pick(accounts) : undefined;
    const people = account ? (contactsByAccount.get(account.id) ?? []) : contacts;
    const contact = people.length > 0 ? rng.pick(people) : undefined;
    const course = rng.pick(ctx.profile.courses);
    let name: string;
    let amount: string;
    if (pipeline.def.kind === 'programme' && account && ctx.profile.programmes.length > 0) {
      name = `${account.name} – ${rng.pick(ctx.profile.programmes)}`;
      amount = (rng.int(36, 320) * 500).toFixed(2);
    } else if (account) {
      const seats = rng.chance(0.2) ? rng.int(1, 3) : rng.int(4, 16);
      name = `${account.name} – ${course.short}, ${seats} ${seats === 1 ? 'seat' : 'seats'}`;
      amount = seatAmount(course, seats);
    } else {
      name = `${contact ? `${contact.firstName} ${contact.lastName}` : 'Private booking'} – ${course.short}`;
      amount = seatAmount(course, 1);
    }
    // Open deals are recent (one left open for two years is noise); closed ones took weeks.
    const recent = rng.createdAt(now, status === 'open' ? 8 : 24);
    const createdAt = maxDate(status === 'open' ? recent : minDate(recent, addDays(now, -14)), account?.createdAt ?? new Date(0));
    const closedAt =
      status === 'open'
        ? null
        : maxDate(rng.officeHours(minDate(rng.date(addDays(createdAt, 10), addDays(createdAt, 120)), addDays(now, -1)), now), createdAt);
    const expected = closedAt ?? addDays(now, rng.int(-20, 150));
    const ownerId = account && rng.chance(0.7) ? account.ownerId : ctx.owner();
    records.push({ name, accountId: account?.id ?? null, contactId: contact?.id ?? null, ownerId, status, createdAt });
    rows.push({
      org_id: ctx.orgId,
      name,
      account_id: account?.id ?? null,
      primary_contact_id: contact?.id ?? null,
      pipeline_id: pipeline.id,
      stage_id: stage.id,
      amount,
      currency: ctx.profile.currency,
      expected_close_date: isoDate(expected),
      owner_id: ownerId,
      // The stage trigger derives status; closed_at is supplied so history is not all "today".
      closed_at: closedAt,
      lost_reason: status === 'lost' ? rng.pick(opportunityLostReasons) : null,
      created_at: createdAt,
    });
  }
  return ctx.insertRecords('opportunities', rows, records);
}

const scoreRange: Record<LeadStatus, [number, number]> = {
  new: [0, 40], working: [20, 75], qualified: [60, 100], disqualified: [0, 35], converted: [70, 100],
};

export async function seedLeads(
  ctx: SeedContext,
  accounts: AccountRec[],
  contacts: ContactRec[],
  opportunities: OpportunityRec[],
): Promise<LeadRec[]> {
  const { rng, now } = ctx;
  const emails = new EmailBook();
  const usedCompanies = new Set(accounts.map((account) => account.domain));
  const accountById = new Map(accounts.map((account) => [account.id, account]));
  const convertible = rng.sample(contacts, contacts.length);
  const records: Omit<LeadRec, 'id'>[] = [];
  const rows: Insertable<Leads>[] = [];
  for (let i = 0; i < ctx.count(500, 10); i++) {
    const picked: LeadStatus =
      i < 5 ? (['new', 'working', 'qualified', 'disqualified', 'converted'] as const)[i] ?? 'new'
        : rng.weighted({ new: 24, working: 26, qualified: 18, disqualified: 20, converted: 10 });
    const convertedContact = picked === 'converted' ? convertible.pop() : undefined;
    const status: LeadStatus = picked === 'converted' && !convertedContact ? 'qualified' : picked;
    // A converted lead stays with whoever now owns its contact; new enquiries often wait unassigned.
    const ownerId = convertedContact ? convertedContact.ownerId : status === 'new' && rng.chance(0.4) ? null : ctx.owner();
    const [low, high] = scoreRange[status];
    const base = {
      org_id: ctx.orgId,
      status,
      score: rng.int(low, high),
      source: rng.weighted(sourceWeights),
      owner_id: ownerId,
      job_title: rng.chance(0.7) ? rng.pick(jobTitles) : null,
    };
    let row: Insertable<Leads>;
    let createdAt: Date;
    if (convertedContact) {
      // Converting a lead creates the contact, so the contact's creation is the conversion.
      const account = convertedContact.accountId ? accountById.get(convertedContact.accountId) : undefined;
      const deal = account ? opportunities.find((o) => o.accountId === account.id && o.createdAt >= convertedContact.createdAt) : undefined;
      createdAt = new Date(convertedContact.createdAt.getTime() - rng.int(3, 60) * DAY_MS);
      row = {
        ...base,
        first_name: convertedContact.firstName,
        last_name: convertedContact.lastName,
        email: convertedContact.email,
        company_name: account?.name ?? null,
        converted_at: convertedContact.createdAt,
        converted_contact_id: convertedContact.id,
        converted_account_id: account?.id ?? null,
        converted_opportunity_id: deal && rng.chance(0.6) ? deal.id : null,
      };
    } else {
      const country = pickCountry(rng);
      const company = rng.chance(0.8) ? companyName(rng, country, usedCompanies) : undefined;
      // Webinar sign-ups often leave nothing but an email address.
      const anonymous = rng.chance(0.05);
      const first = rng.pick(firstNames);
      const last = rng.pick(lastNames);
      createdAt = rng.createdAt(now, status === 'new' ? 2 : status === 'working' ? 6 : 24);
      row = {
        ...base,
        first_name: anonymous ? null : first,
        last_name: anonymous ? null : last,
        email: emails.address(first, last, company?.domain ?? rng.pick(personalMailDomains)),
        phone: rng.chance(0.6) ? personalPhone(rng, country, rng.pick(country.cities)) : null,
        company_name: company?.name ?? null,
        disqualified_reason: status === 'disqualified' ? rng.pick(leadDisqualifiedReasons) : null,
      };
    }
    records.push({ status, ownerId, createdAt, score: base.score, source: base.source });
    rows.push({ ...row, created_at: createdAt });
  }
  // One person who filled in two forms, the address written another way (the lead duplicates queue shows it).
  const twice = rows.findIndex((row) => row.status === 'working' && row.email && row.last_name);
  const original = rows[twice];
  const originalRecord = records[twice];
  if (original?.email && originalRecord) {
    const [local, domain] = String(original.email).split('@');
    const createdAt = new Date(Math.min(originalRecord.createdAt.getTime() + 2 * DAY_MS, now.getTime()));
    records.push({ ...originalRecord, status: 'new', createdAt, score: 5 });
    rows.push({ ...original, email: `${local?.toUpperCase()}+webinar@${domain}`, status: 'new', score: 5, job_title: null, created_at: createdAt });
  }
  return ctx.insertRecords('leads', rows, records);
}
