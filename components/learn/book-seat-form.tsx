'use client';
/** "Book a seat" on a course page: a date, who is coming, and an optional consent (confirmed by email). */
import { useActionState } from 'react';
import { type BookingFormState, bookSeatAction } from '@/app/actions/learn';
import { PortalField } from './field';

export type SeatChoice = { id: string; label: string; detail: string; seatsLeft: number };

export function BookSeatForm({ sessions, consentText }: { sessions: SeatChoice[]; consentText: string }) {
  const [state, action, pending] = useActionState<BookingFormState, FormData>(bookSeatAction, { status: 'idle' });
  if (state.status === 'booked') {
    return (
      <div role="status" className="space-y-2 rounded-md border border-green-200 bg-green-50 p-4 text-sm text-green-900" data-testid="booking-outcome">
        <p className="font-semibold">{state.outcome === 'enrolled' ? 'You are booked.' : 'You are on the waiting list.'}</p>
        <p>
          {state.outcome === 'enrolled'
            ? `The confirmation is on its way to ${state.email}, with a link to manage your booking.`
            : `This date is full. If a seat becomes free it goes to the first person on the list, and we email ${state.email} at once.`}
        </p>
      </div>
    );
  }
  const errors = state.status === 'error' ? state.fieldErrors : {};
  return (
    <form action={action} className="space-y-4" data-testid="book-seat-form" noValidate>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Date</legend>
        {sessions.map((s, i) => (
          <label key={s.id} className="flex min-h-10 cursor-pointer items-start gap-3 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-accent">
            <input type="radio" name="session_id" value={s.id} defaultChecked={i === 0} required className="mt-1" />
            <span>
              <span className="block font-medium">{s.label}</span>
              <span className="block text-slate-600">
                {s.detail} · {s.seatsLeft > 0 ? `${s.seatsLeft} ${s.seatsLeft === 1 ? 'seat' : 'seats'} left` : 'Full: join the waiting list'}
              </span>
            </span>
          </label>
        ))}
        {errors.session_id ? <p className="text-sm text-red-700">{errors.session_id[0]}</p> : null}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <PortalField name="first_name" label="First name" autoComplete="given-name" required maxLength={100} errors={errors.first_name} />
        <PortalField name="last_name" label="Last name" autoComplete="family-name" required maxLength={100} errors={errors.last_name} />
      </div>
      <PortalField name="email" label="Email address" type="email" autoComplete="email" required maxLength={254} errors={errors.email} />
      <PortalField name="company" label="Company" autoComplete="organization" maxLength={200} errors={errors.company} />
      <label className="flex items-start gap-3 text-sm">
        <input type="checkbox" name="marketing_consent" value="yes" className="mt-1" />
        <span>
          {consentText} <span className="text-slate-600">We email you a link to confirm this.</span>
        </span>
      </label>
      {state.status === 'error' ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="min-h-10 w-full rounded-md bg-accent px-4 text-sm font-medium text-on-accent hover:bg-accent-strong disabled:opacity-60">
        {pending ? 'Booking…' : 'Book my seat'}
      </button>
    </form>
  );
}
