'use server';
/** The learner portal's actions: signing in and out, and a trainee's changes to a booking. */

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { after } from 'next/server';
import { CrmError } from '@/lib/crm/errors';
import { clientAddress } from '@/lib/http/client-address';
import { bookPublicSeat, sendGroupEnquiry } from '@/lib/learn/catalogue';
import { requestSignInLink, spendSignInLink } from '@/lib/learn/sign-in';
import { currentLearner, type Learner, learnerCookie, LEARNER_COOKIE, revokeLearnerSession } from '@/lib/learn/session';
import { bookRenewal, cancelBooking, keepBooking, moveBooking, requestMyData, requestRenewal } from '@/lib/learn/training';
import { learnerPaths } from '@/lib/learn/urls';

export type LearnerFormState = { status: 'idle' | 'sent' | 'error'; message: string; field?: string };

const secureCookies = () => (process.env.APP_URL ?? '').startsWith('https:');

export async function requestSignInAction(_: LearnerFormState, form: FormData): Promise<LearnerFormState> {
  try {
    const outcome = await requestSignInLink({ email: String(form.get('email') ?? '') }, clientAddress(await headers()));
    if (outcome.status === 'limited') return { status: 'error', message: 'Too many sign-in links were asked for. Please wait 15 minutes and try again.' };
    after(outcome.deliver);
    return { status: 'sent', message: 'If we know this address, a sign-in link is on its way. It works once, within 15 minutes.' };
  } catch (error) {
    if (error instanceof CrmError) return { status: 'error', message: error.fieldErrors.email?.[0] ?? error.message, field: 'email' };
    console.error('[learn] sign-in request failed', error);
    return { status: 'error', message: 'Something went wrong on our side. Please try again.' };
  }
}

/** The trainee confirms on the page their link opened: the link is spent and a session begins. */
export async function spendSignInLinkAction(token: string): Promise<void> {
  const opened = await spendSignInLink(String(token));
  if (!opened) redirect(`${learnerPaths.home()}?link=expired`);
  (await cookies()).set(learnerCookie(opened.token, opened.expiresAt, secureCookies()));
  redirect(learnerPaths.home());
}

export async function signOutLearnerAction(): Promise<void> {
  const jar = await cookies();
  await revokeLearnerSession(jar.get(LEARNER_COOKIE)?.value);
  jar.delete({ name: LEARNER_COOKIE, path: '/learn' });
  redirect(learnerPaths.home());
}

async function learnerChange(name: string, fn: (learner: Learner) => Promise<void>): Promise<LearnerFormState> {
  const learner = await currentLearner();
  if (!learner) return { status: 'error', message: 'Your sign-in has ended. Open the link in your email again, or sign in below.' };
  try {
    await fn(learner);
    return { status: 'sent', message: '' };
  } catch (error) {
    if (error instanceof CrmError) return { status: 'error', message: error.message };
    console.error(`[learn ${name}] failed for learner session ${learner.sessionId}`, error);
    return { status: 'error', message: 'Something went wrong on our side. Please try again.' };
  }
}

export async function keepBookingAction(enrollmentId: string, _: LearnerFormState): Promise<LearnerFormState> {
  const state = await learnerChange('keep', (learner) => keepBooking(learner, { enrollmentId }));
  if (state.status === 'sent') redirect(`${learnerPaths.booking(enrollmentId)}?done=kept`);
  return state;
}

export async function cancelBookingAction(enrollmentId: string, _: LearnerFormState): Promise<LearnerFormState> {
  const state = await learnerChange('cancel', (learner) => cancelBooking(learner, { enrollmentId }));
  if (state.status === 'sent') redirect(`${learnerPaths.booking(enrollmentId)}?done=cancelled`);
  return state;
}

export async function moveBookingAction(enrollmentId: string, _: LearnerFormState, form: FormData): Promise<LearnerFormState> {
  const state = await learnerChange('move', (learner) => moveBooking(learner, { enrollmentId, sessionId: String(form.get('sessionId') ?? '') }));
  if (state.status === 'sent') redirect(`${learnerPaths.booking(enrollmentId)}?done=moved`);
  return state;
}

export type BookingFormState =
  | { status: 'idle' }
  | { status: 'booked'; outcome: 'enrolled' | 'waitlisted'; email: string }
  | { status: 'error'; message: string; fieldErrors: Record<string, string[]> };

const visitor = async () => {
  const h = await headers();
  return { ip: clientAddress(h), userAgent: h.get('user-agent')?.slice(0, 500) ?? null };
};

/** Public: a visitor books a seat (or a waitlist place) from the catalogue. */
export async function bookSeatAction(_: BookingFormState, form: FormData): Promise<BookingFormState> {
  try {
    const booked = await bookPublicSeat(
      {
        session_id: String(form.get('session_id') ?? ''),
        first_name: String(form.get('first_name') ?? ''),
        last_name: String(form.get('last_name') ?? ''),
        email: String(form.get('email') ?? ''),
        company: String(form.get('company') ?? ''),
        marketing_consent: form.get('marketing_consent') === 'yes',
      },
      await visitor(),
    );
    return { status: 'booked', outcome: booked.status, email: booked.email };
  } catch (error) {
    if (error instanceof CrmError) return { status: 'error', message: error.message, fieldErrors: error.fieldErrors };
    console.error('[catalogue] booking failed', error);
    return { status: 'error', message: 'Something went wrong on our side. Please try again.', fieldErrors: {} };
  }
}

export type EnquiryFormState = { status: 'idle' | 'sent' } | { status: 'error'; message: string; fieldErrors: Record<string, string[]> };

/** Public: a company asks for a group booking (a lead for the sales team). */
export async function groupEnquiryAction(_: EnquiryFormState, form: FormData): Promise<EnquiryFormState> {
  try {
    await sendGroupEnquiry(Object.fromEntries(['course_id', 'first_name', 'last_name', 'email', 'company', 'seats', 'message'].map((k) => [k, String(form.get(k) ?? '')])), await visitor());
    return { status: 'sent' };
  } catch (error) {
    if (error instanceof CrmError) return { status: 'error', message: error.message, fieldErrors: error.fieldErrors };
    console.error('[catalogue] group enquiry failed', error);
    return { status: 'error', message: 'Something went wrong on our side. Please try again.', fieldErrors: {} };
  }
}

export async function bookRenewalAction(certificateNumber: string, certificateId: string, _: LearnerFormState, form: FormData): Promise<LearnerFormState> {
  let outcome: 'enrolled' | 'waitlisted' = 'enrolled';
  const state = await learnerChange('renew', async (learner) => {
    outcome = await bookRenewal(learner, { certificateId, sessionId: String(form.get('sessionId') ?? '') });
  });
  if (state.status === 'sent') redirect(`${learnerPaths.renewCertificate(certificateNumber)}?done=${outcome}`);
  return state;
}

export async function requestRenewalAction(certificateNumber: string, certificateId: string, _: LearnerFormState): Promise<LearnerFormState> {
  const state = await learnerChange('request renewal', async (learner) => {
    await requestRenewal(learner, { certificateId });
  });
  if (state.status === 'sent') redirect(`${learnerPaths.renewCertificate(certificateNumber)}?done=requested`);
  return state;
}

export async function requestMyDataAction(type: 'access' | 'erasure', _: LearnerFormState): Promise<LearnerFormState> {
  const state = await learnerChange('my data', async (learner) => {
    await requestMyData(learner, { type });
  });
  if (state.status === 'sent') redirect(`${learnerPaths.home()}?done=${type}#my-data`);
  return state;
}
