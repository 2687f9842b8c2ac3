/** The booking as a calendar file, for the trainee's own calendar (the same event the emails attach). */
import { CrmError } from '@/lib/crm/errors';
import { buildIcs, ICS_CONTENT_TYPE } from '@/supabase/functions/_shared/email/ics';
import { currentLearner } from '@/lib/learn/session';
import { myBooking } from '@/lib/learn/training';

export async function GET(_: Request, { params }: { params: Promise<{ id: string }> }) {
  const learner = await currentLearner();
  if (!learner) return new Response('Sign in to your training to download this file.', { status: 401 });
  const { id } = await params;
  try {
    const booking = await myBooking(learner, id);
    const ics = buildIcs({
      uid: `session-${booking.session_id}@cohort`,
      start: booking.starts_at,
      end: booking.ends_at,
      summary: booking.course_title,
      location: booking.delivery === 'online' ? (booking.meeting_url ?? undefined) : (booking.location ?? undefined),
    });
    return new Response(ics, { headers: { 'content-type': ICS_CONTENT_TYPE, 'content-disposition': `attachment; filename="${booking.course_code}.ics"` } });
  } catch (error) {
    if (error instanceof CrmError) return new Response('This booking was not found.', { status: 404 });
    throw error;
  }
}
