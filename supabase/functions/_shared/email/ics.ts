/**
 * RFC 5545 calendar files attached to enrollment, exam and appointment emails.
 *
 * METHOD:PUBLISH rather than REQUEST: we hand the learner an event to add to their own
 * calendar; REQUEST would start an iTIP RSVP exchange (ORGANIZER/ATTENDEE replies) that
 * nothing on our side answers. A stable UID plus a higher SEQUENCE lets a later file update
 * the same calendar entry instead of adding a duplicate.
 *
 * Runs under Node and Deno: no Node built-ins.
 */

export type CalendarEvent = {
  /** Stable across resends and updates, e.g. `session-<uuid>@cohort`. */
  uid: string;
  start: Date | string;
  end: Date | string;
  summary: string;
  description?: string;
  /** Free text: a venue and address, or a meeting link (most clients only show LOCATION). */
  location?: string;
  /** Meeting or booking page; a URI value, so it is validated rather than TEXT-escaped. */
  url?: string;
  /** Bump when the event changes so clients replace the earlier copy. */
  sequence?: number;
  /** DTSTAMP, the moment the file was produced. Defaults to now; tests pin it. */
  stamp?: Date;
};

export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8; method=PUBLISH';

const encoder = new TextEncoder();

/** TEXT value escaping (§3.3.11): backslash, semicolon, comma, and newlines as `\n`. */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\r\n?/g, '\n')
      // Control characters other than newline are not allowed in TEXT values.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
      .replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, '')
      .replace(/[\\;,]/g, (char) => `\\${char}`)
      .replace(/\n/g, '\\n')
  );
}

/** `20260413T083000Z`: UTC form, so no VTIMEZONE block is needed and every client agrees. */
export function formatUtc(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Invalid calendar date: ${String(value)}`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * Folds a content line so no physical line exceeds 75 octets (§3.1). Counts UTF-8 bytes,
 * not JS characters, and never splits a character; continuation lines begin with a space,
 * which counts towards their 75.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = lines.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      lines.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join('\r\n ');
}

/** Builds a one-event VCALENDAR with CRLF line endings, as §3.1 requires. */
export function buildIcs(event: CalendarEvent): string {
  const start = formatUtc(event.start);
  const end = formatUtc(event.end);
  if (end <= start) throw new RangeError('A calendar event must end after it starts.');
  if (/[\r\n]/.test(event.uid)) throw new RangeError('A calendar UID must be a single line.');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Cohort//Training CRM//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${formatUtc(event.stamp ?? new Date())}`,
    `DTSTART:${start}`,
    `DTEND:${end}`,
    `SEQUENCE:${event.sequence ?? 0}`,
    `SUMMARY:${escapeText(event.summary)}`,
    event.location ? `LOCATION:${escapeText(event.location)}` : null,
    // new URL() rejects junk and percent-encodes anything that would break the line.
    event.url ? `URL:${new URL(event.url).href}` : null,
    event.description ? `DESCRIPTION:${escapeText(event.description)}` : null,
    'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines
    .filter((line): line is string => line !== null)
    .map(foldLine)
    .join('\r\n')}\r\n`;
}
