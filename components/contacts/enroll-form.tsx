'use client';

import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { enrollAction } from '@/app/actions/training';
import { RecordForm } from '@/components/records/record-form';
import { Alert } from '@/components/ui/alert';
import type { PropertyDefinition } from '@/lib/crm/custom-properties.labels';
import type { Member } from '@/lib/crm/members';
import { enrollmentCreateSchema } from '@/lib/crm/training.schema';

type SessionOption = { id: string; label: string; full: boolean };

/**
 * Book the contact on an upcoming session, with the organisation's enrollment properties
 * (a required one must be filled here: the database refuses a booking without it). A full
 * session puts them on its waitlist.
 */
export function EnrollForm({ contactId, sessions, definitions, members }: { contactId: string; sessions: SessionOption[]; definitions: PropertyDefinition[]; members: Pick<Member, 'user_id' | 'display_name'>[] }) {
  const path = usePathname();
  const [done, setDone] = useState<string | null>(null);
  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="enroll-form">
      <h2 className="font-semibold">Enroll in a course</h2>
      {done ? <Alert tone="success">{done}</Alert> : null}
      <RecordForm
        entity="enrollments"
        stacked
        schema={enrollmentCreateSchema}
        defaults={{ contact_id: contactId }}
        fields={[
          {
            name: 'session_id',
            label: 'Session',
            kind: 'select',
            options: [['', 'Choose an upcoming session'], ...sessions.map((s): [string, string] => [s.id, `${s.label}${s.full ? ' (full – waitlist)' : ''}`])],
          },
        ]}
        custom={{ definitions, members }}
        submitLabel="Enroll"
        submit={{
          action: (values) => enrollAction({ ...values, contact_id: contactId }, path),
          onDone: (data) => setDone((data as { status: string }).status === 'waitlisted' ? 'The session is full: added to the waitlist.' : 'Enrolled.'),
        }}
      />
    </div>
  );
}
