/**
 * Things that happen at a time and a place: course sessions, exam sittings, appointments.
 * Shared schema pieces, the detail rows every such email shows, and the .ics attachment.
 */
import { z } from 'zod';
import { buildIcs, ICS_CONTENT_TYPE } from '../../email/ics.ts';
import type { EmailAttachment } from '../types.ts';
import { schedule } from './format.ts';
import { type Brand, isoDateTime, link, text, timeZone } from './schema.ts';
import { type DetailRow, InlineLink } from './ui.tsx';

const inPerson = z.object({ type: z.literal('in_person'), venue: text(120), address: text(300) });
const online = z.object({ type: z.literal('online'), platform: text(60), meetingUrl: link });
const phone = z.object({ type: z.literal('phone'), phoneNumber: text(40) });

/** Where training and exams happen. */
export const placeSchema = z.discriminatedUnion('type', [inPerson, online]);
/** Appointments may also be a phone call. */
export const meetingPlaceSchema = z.discriminatedUnion('type', [inPerson, online, phone]);
export type Place = z.infer<typeof meetingPlaceSchema>;

/** Start, end and the zone the learner should see times in (the venue's, or theirs if online). */
export const timing = { startsAt: isoDateTime, endsAt: isoDateTime, timeZone };
export type Timing = { startsAt: string; endsAt: string; timeZone: string };

/** Use as `.refine(endsAfterStart, endsAfterStartIssue)`: a reversed range is a caller bug. */
export const endsAfterStart = (event: Timing) => Date.parse(event.endsAt) > Date.parse(event.startsAt);
export const endsAfterStartIssue = { error: 'The end must be after the start.', path: ['endsAt'] };

export const sessionFields = z.object({
  /** Stable id, used as the calendar UID so a rescheduled file replaces the old entry. */
  id: text(64),
  courseTitle: text(100),
  ...timing,
  location: placeSchema,
  trainerName: text(80).optional(),
});
export const sessionSchema = sessionFields.refine(endsAfterStart, endsAfterStartIssue);
export type Session = z.infer<typeof sessionSchema>;

export function whenRows(event: Timing): DetailRow[] {
  const { date, time } = schedule(event.startsAt, event.endsAt, event.timeZone);
  return [
    ['Date', date],
    ['Time', time],
  ];
}

export function placeRow(brand: Brand, place: Place): DetailRow {
  switch (place.type) {
    case 'in_person':
      return ['Venue', <>{place.venue}<br />{place.address}</>];
    case 'online':
      return ['Where', <>Online via {place.platform}: <InlineLink brand={brand} href={place.meetingUrl}>join link</InlineLink></>];
    case 'phone':
      return ['Where', `By phone: we will call you on ${place.phoneNumber}`];
  }
}

function placeText(place: Place): string {
  if (place.type === 'in_person') return `${place.venue}, ${place.address}`;
  if (place.type === 'online') return `Online (${place.platform}): ${place.meetingUrl}`;
  return `Phone call to ${place.phoneNumber}`;
}

const slug = (value: string) => value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'event';

/** An .ics file for the event, so "add to calendar" works in every client without a link. */
export function calendarAttachment(args: { uid: string; title: string; event: Timing; place: Place; description: string }): EmailAttachment {
  const { uid, title, event, place, description } = args;
  const content = buildIcs({
    uid,
    start: event.startsAt,
    end: event.endsAt,
    summary: title,
    location: placeText(place),
    url: place.type === 'online' ? place.meetingUrl : undefined,
    description,
  });
  return { filename: `${slug(title)}.ics`, content, contentType: ICS_CONTENT_TYPE };
}
