'use client';

import { usePathname } from 'next/navigation';
import { useState, useTransition } from 'react';
import { cancelEnrollmentAction, issueCertificationAction, recordExamResultAction } from '@/app/actions/training';
import { Button } from '@/components/ui/button';

type Props = { enrollmentId: string; contactId: string; courseId: string; status: string; passed: boolean; certified: boolean; sessionStarts: string };

/** Record an exam result (once the session has started), issue the certificate once passed, or cancel the booking. */
export function EnrollmentActions({ enrollmentId, contactId, courseId, status, passed, certified, sessionStarts }: Props) {
  const started = new Date(sessionStarts).getTime() <= Date.now();
  const path = usePathname();
  const [pending, start] = useTransition();
  const [score, setScore] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const run = (work: () => Promise<{ ok: boolean; message?: string }>, success: string) =>
    start(async () => {
      const result = await work();
      setMessage(result.ok ? success : (result.message ?? 'That did not work.'));
    });
  if (status === 'cancelled') return null;

  return (
    <div className="mt-2 flex flex-wrap items-end gap-2 text-sm">
      {status === 'waitlisted' ? <p className="text-slate-700">On the waitlist: an exam result can be recorded once they have a seat.</p> : null}
      {status !== 'waitlisted' && !passed && !started ? <p className="text-slate-700">The exam result can be recorded once the session has started.</p> : null}
      {status !== 'waitlisted' && !passed && started ? (
        <form
          className="flex items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            run(() => recordExamResultAction({ enrollment_id: enrollmentId, score, taken_at: new Date() }, path), 'Exam result recorded.');
          }}
        >
          <div>
            <label htmlFor={`score-${enrollmentId}`} className="block text-xs font-medium">
              Exam score (0–100)
            </label>
            <input id={`score-${enrollmentId}`} type="number" min={0} max={100} step="0.5" value={score} onChange={(e) => setScore(e.target.value)} className="block min-h-10 w-28 rounded-md border border-slate-300 px-2" />
          </div>
          <Button type="submit" variant="secondary" disabled={pending}>
            Record result
          </Button>
        </form>
      ) : null}
      {passed && !certified ? (
        <Button
          disabled={pending}
          onClick={() =>
            run(
              () => issueCertificationAction({ contact_id: contactId, course_id: courseId, enrollment_id: enrollmentId, issued_at: new Date().toISOString().slice(0, 10) }, path),
              'Certificate issued.',
            )
          }
        >
          Issue certificate
        </Button>
      ) : null}
      {status === 'enrolled' || status === 'waitlisted' ? (
        <Button variant="secondary" disabled={pending} onClick={() => run(() => cancelEnrollmentAction({ id: enrollmentId }, path), 'Enrollment cancelled.')}>
          Cancel booking
        </Button>
      ) : null}
      {message ? (
        <p role="status" className="basis-full text-slate-800">
          {message}
        </p>
      ) : null}
    </div>
  );
}
