'use client';

import { usePathname } from 'next/navigation';
import { useState, useTransition } from 'react';
import { enrollAction } from '@/app/actions/training';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

type SessionOption = { id: string; label: string; full: boolean };

/** Book the contact on an upcoming session; a full session puts them on its waitlist. */
export function EnrollForm({ contactId, sessions }: { contactId: string; sessions: SessionOption[] }) {
  const path = usePathname();
  const [pending, start] = useTransition();
  const [sessionId, setSessionId] = useState('');
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  const submit = () =>
    start(async () => {
      if (!sessionId) return setMessage({ tone: 'error', text: 'Choose a session first.' });
      const result = await enrollAction({ session_id: sessionId, contact_id: contactId }, path);
      setMessage(
        result.ok
          ? { tone: 'success', text: result.data.status === 'waitlisted' ? 'The session is full: added to the waitlist.' : 'Enrolled.' }
          : { tone: 'error', text: result.message },
      );
    });

  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="enroll-form">
      <h2 className="font-semibold">Enroll in a course</h2>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <label htmlFor="enroll-session" className="block text-sm font-medium">
        Session
      </label>
      <select id="enroll-session" value={sessionId} onChange={(e) => setSessionId(e.target.value)} className="block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm">
        <option value="">Choose an upcoming session</option>
        {sessions.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
            {s.full ? ' (full – waitlist)' : ''}
          </option>
        ))}
      </select>
      <Button onClick={submit} disabled={pending}>
        {pending ? 'Enrolling…' : 'Enroll'}
      </Button>
    </div>
  );
}
