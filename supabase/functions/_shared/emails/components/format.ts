/**
 * Dates and money as learners read them. Built from Intl parts rather than whole formatted
 * strings, so the output is identical under Node and Deno whatever their ICU versions
 * prefer for commas and spaces.
 */
import type { Money } from './schema.ts';

const LOCALE = 'en-GB';
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(value: string, timeZone: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(LOCALE, { timeZone, ...options });
    formatters.set(key, formatter);
  }
  // A bare calendar date (2026-05-15) is that day everywhere: read it at noon UTC.
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
  return Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value]));
}

const zoneOf = (value: string, timeZone: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? 'UTC' : timeZone);

/** "Monday 13 April 2026" */
export function longDate(value: string, timeZone = 'UTC'): string {
  const p = parts(value, zoneOf(value, timeZone), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** "13 April 2026", for subject lines. */
export function shortDate(value: string, timeZone = 'UTC'): string {
  const p = parts(value, zoneOf(value, timeZone), { day: 'numeric', month: 'long', year: 'numeric' });
  return `${p.day} ${p.month} ${p.year}`;
}

/** "09:30" (24-hour, unambiguous internationally). */
export function clockTime(value: string, timeZone: string): string {
  const p = parts(value, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${p.hour}:${p.minute}`;
}

/** "BST", "CET", "GMT-5": always shown, because online learners join from other zones. */
export function zoneName(value: string, timeZone: string): string {
  return parts(value, timeZone, { timeZoneName: 'short' }).timeZoneName ?? timeZone;
}

/** "Monday 13 April 2026 at 09:30 BST" */
export function dateTime(value: string, timeZone: string): string {
  return `${longDate(value, timeZone)} at ${clockTime(value, timeZone)} ${zoneName(value, timeZone)}`;
}

/** Date and time rows for an event that may span several days. */
export function schedule(start: string, end: string, timeZone: string): { date: string; time: string } {
  const [from, to] = [longDate(start, timeZone), longDate(end, timeZone)];
  const [opens, closes, zone] = [clockTime(start, timeZone), clockTime(end, timeZone), zoneName(start, timeZone)];
  if (from === to) return { date: from, time: `${opens} to ${closes} ${zone}` };
  return { date: `${from} to ${to}`, time: `Starts ${opens}, finishes ${closes} ${zone}` };
}

/** Adds whole days to a calendar date: "2026-05-01" + 14 → "2026-05-15". */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** "£1,295.00", "¥12,000": minor units divided by the currency's own number of decimals. */
export function money({ amountMinor, currency }: Money): string {
  const format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
  const decimals = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** decimals);
}
