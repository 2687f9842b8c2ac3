/** A course session as the event templates take it (supabase/functions/_shared/emails/components/event.tsx). */
const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export type SessionFacts = {
  id: string;
  courseTitle: string;
  startsAt: Date | string;
  endsAt: Date | string;
  delivery: 'in_person' | 'online' | 'hybrid';
  location: string | null;
  meetingUrl: string | null;
  trainerName: string | null;
};

/** The video platform people will recognise, from the meeting link. */
function platformOf(url: string): string {
  const host = new URL(url).hostname;
  if (host.endsWith('zoom.us')) return 'Zoom';
  if (host.includes('teams.')) return 'Microsoft Teams';
  if (host === 'meet.google.com') return 'Google Meet';
  if (host.endsWith('webex.com')) return 'Webex';
  return 'the online classroom';
}

export function sessionProps(session: SessionFacts, timeZone: string) {
  const place =
    session.delivery === 'online' && session.meetingUrl
      ? { type: 'online' as const, platform: platformOf(session.meetingUrl), meetingUrl: session.meetingUrl }
      : {
          type: 'in_person' as const,
          // The first line of a stored address is the venue's name.
          venue: cut((session.location ?? 'To be confirmed').split(',')[0]?.trim() || 'To be confirmed', 120),
          address: cut(session.location ?? 'To be confirmed', 300),
        };
  return {
    id: session.id,
    courseTitle: cut(session.courseTitle, 100),
    startsAt: new Date(session.startsAt).toISOString(),
    endsAt: new Date(session.endsAt).toISOString(),
    timeZone,
    location: place,
    ...(session.trainerName ? { trainerName: cut(session.trainerName, 80) } : {}),
  };
}

export { cut };
