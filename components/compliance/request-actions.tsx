'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { completeRequestAction, eraseSubjectAction, exportSubjectAction, extendRequestAction, rejectRequestAction, verificationLinkAction } from '@/app/actions/compliance';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

type Props = { id: string; type: string; status: string; subjectEmail: string | null; extended: boolean };

/** Every step of a request: verify, export, erase, extend, reject, complete. */
export function RequestActions({ id, type, status, subjectEmail, extended }: Props) {
  const router = useRouter();
  const toast = useToast();
  const [pending, start] = useTransition();
  const [verification, setVerification] = useState<{ emailed: boolean; reason?: string } | null>(null);
  const [panel, setPanel] = useState<'none' | 'extend' | 'reject' | 'erase'>('none');
  const [text, setText] = useState('');
  const [months, setMonths] = useState('1');
  const [told, setTold] = useState(false);
  const [keepTraining, setKeepTraining] = useState(true);
  const open = status === 'received' || status === 'verified';

  const run = <T,>(work: () => Promise<{ ok: true; data: T } | { ok: false; message: string }>, done: (data: T) => string | undefined) =>
    start(async () => {
      const result = await work();
      if (!result.ok) return toast({ tone: 'error', message: result.message });
      const message = done(result.data);
      if (message) toast({ tone: 'info', message });
      setPanel('none');
      setText('');
      router.refresh();
    });

  const download = (json: string, filename: string) => {
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: filename });
    a.click();
    URL.revokeObjectURL(url);
  };

  const field = 'block min-h-10 w-full rounded-md border border-slate-300 px-3 text-sm';
  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 print:hidden" data-testid="request-actions">
      <h2 className="font-semibold">Actions</h2>
      {verification ? (
        <Alert tone={verification.emailed ? 'success' : 'info'}>
          <span data-testid="verification-outcome">
            {verification.emailed
              ? `Verification link emailed to ${subjectEmail}. The request is verified when they open it.`
              : `The verification email could not be sent (${verification.reason}). Try again when email works: the link goes only to the subject, so that only they can confirm the request.`}
          </span>
        </Alert>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {status === 'received' ? <Button disabled={pending} onClick={() => run(() => verificationLinkAction(id), (d) => { setVerification(d); return d.emailed ? 'Verification link emailed.' : 'The verification email was not sent.'; })}>Email a verification link</Button> : null}
        {status !== 'received' && type === 'access' ? (
          <Button disabled={pending} onClick={() => run(() => exportSubjectAction(id), (d) => { download(d.json, d.filename); return 'Export downloaded and recorded on the request.'; })}>Export data (JSON)</Button>
        ) : null}
        {status === 'verified' && type === 'erasure' ? <Button variant="danger" disabled={pending} onClick={() => setPanel('erase')}>Erase subject…</Button> : null}
        {open && !extended ? <Button variant="secondary" disabled={pending} onClick={() => setPanel('extend')}>Extend deadline…</Button> : null}
        {open ? <Button variant="secondary" disabled={pending} onClick={() => setPanel('reject')}>Reject…</Button> : null}
        {status === 'verified' && type !== 'erasure' ? <Button variant="secondary" disabled={pending} onClick={() => run(() => completeRequestAction(id, ''), () => 'Request completed.')}>Mark completed</Button> : null}
      </div>
      {panel === 'erase' ? (
        <form className="space-y-2 rounded-md border border-red-300 bg-red-50 p-3" onSubmit={(e) => { e.preventDefault(); run(() => eraseSubjectAction({ request_id: id, confirm_email: text, keep_training_records: keepTraining }), () => 'The subject has been erased.'); }}>
          <p className="text-sm font-medium text-red-900">This irreversibly removes or anonymises every personal field of {subjectEmail} across Cohort, in one transaction.</p>
          <label className="flex items-center gap-2 text-sm"><input type="checkbox" className="size-5" checked={keepTraining} onChange={(e) => setKeepTraining(e.target.checked)} />Keep anonymised training records (certificates stay verifiable by number)</label>
          <label htmlFor="confirm-email" className="block text-sm font-medium">Type the subject’s email address to confirm</label>
          <input id="confirm-email" className={field} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
          <div className="flex gap-2"><Button type="submit" variant="danger" disabled={pending || text.toLowerCase() !== (subjectEmail ?? '').toLowerCase()}>Erase permanently</Button><Button variant="secondary" onClick={() => setPanel('none')}>Cancel</Button></div>
        </form>
      ) : null}
      {panel === 'extend' ? (
        <form className="space-y-2 rounded-md border border-slate-300 p-3" onSubmit={(e) => { e.preventDefault(); run(() => extendRequestAction({ id, months, reason: text, subject_told: told || undefined }), () => 'Deadline extended.'); }}>
          <label htmlFor="extend-months" className="block text-sm font-medium">Extend by</label>
          <select id="extend-months" className={field} value={months} onChange={(e) => setMonths(e.target.value)}><option value="1">1 month</option><option value="2">2 months</option></select>
          <label htmlFor="extend-reason" className="block text-sm font-medium">Reason (complexity or number of requests)</label>
          <textarea id="extend-reason" className={field} value={text} onChange={(e) => setText(e.target.value)} />
          <label className="flex items-center gap-2 text-sm"><input type="checkbox" className="size-5" checked={told} onChange={(e) => setTold(e.target.checked)} />The subject has been told of the extension and why</label>
          <div className="flex gap-2"><Button type="submit" disabled={pending}>Extend</Button><Button variant="secondary" onClick={() => setPanel('none')}>Cancel</Button></div>
        </form>
      ) : null}
      {panel === 'reject' ? (
        <form className="space-y-2 rounded-md border border-slate-300 p-3" onSubmit={(e) => { e.preventDefault(); run(() => rejectRequestAction({ id, reason: text }), () => 'Request rejected.'); }}>
          <label htmlFor="reject-reason" className="block text-sm font-medium">Reason for refusing (as told to the subject)</label>
          <textarea id="reject-reason" className={field} value={text} onChange={(e) => setText(e.target.value)} />
          <div className="flex gap-2"><Button type="submit" variant="danger" disabled={pending}>Reject request</Button><Button variant="secondary" onClick={() => setPanel('none')}>Cancel</Button></div>
        </form>
      ) : null}
    </div>
  );
}
