'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { authClient } from '@/lib/auth/client';
import { type TotpCodeInput, type TwoFactorPasswordInput, totpCodeSchema, twoFactorPasswordSchema } from '@/lib/auth/sign-in.schema';

type Enrolment = { totpURI: string; backupCodes: string[] };

/** The secret an authenticator app can also take by hand, in groups of four. */
function secretOf(totpURI: string): string {
  const secret = new URL(totpURI).searchParams.get('secret') ?? '';
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/**
 * Turning two-factor sign-in on: the password, then the authenticator app (a QR code, or the
 * key typed in) and one of its codes, then the backup codes, shown once.
 */
export function TwoFactorSetup({ onDone, doneLabel = 'Done' }: { onDone: () => void; doneLabel?: string }) {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [verified, setVerified] = useState(false);
  if (!enrolment) return <PasswordStep onEnrolled={setEnrolment} />;
  if (!verified) return <ScanStep enrolment={enrolment} onVerified={() => setVerified(true)} />;
  return <BackupCodes codes={enrolment.backupCodes} onDone={onDone} doneLabel={doneLabel} intro="Two-factor sign-in is on." />;
}

function PasswordStep({ onEnrolled }: { onEnrolled: (enrolment: Enrolment) => void }) {
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<TwoFactorPasswordInput>({ resolver: zodResolver(twoFactorPasswordSchema) });
  const onSubmit = form.handleSubmit(async ({ password }) => {
    setFailure(null);
    const { data, error } = await authClient.twoFactor.enable({ password });
    if (error || !data || !('totpURI' in data)) {
      setFailure(error?.status === 429 ? 'Too many tries. Wait a minute and try again.' : 'That password is not right.');
      return;
    }
    onEnrolled({ totpURI: data.totpURI, backupCodes: data.backupCodes });
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="two-factor-password">
      <p className="text-sm text-slate-700">
        You will need an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, 1Password, Authy…). First, confirm it is you.
      </p>
      {failure ? <Alert>{failure}</Alert> : null}
      <TextField label="Your password" type="password" autoComplete="current-password" error={form.formState.errors.password?.message} {...form.register('password')} />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Checking…' : 'Continue'}
      </Button>
    </form>
  );
}

function ScanStep({ enrolment, onVerified }: { enrolment: Enrolment; onVerified: () => void }) {
  const [qr, setQr] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<TotpCodeInput>({ resolver: zodResolver(totpCodeSchema), defaultValues: { code: '' } });
  useEffect(() => {
    void QRCode.toDataURL(enrolment.totpURI, { margin: 1, width: 192 }).then(setQr);
  }, [enrolment.totpURI]);
  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    const { error } = await authClient.twoFactor.verifyTotp({ code: values.code.replace(/\s+/g, '') });
    if (error) {
      setFailure(error.status === 429 ? 'Too many codes tried. Wait a minute and try again.' : 'That code is not right. Enter the one your app shows now (codes change every 30 seconds).');
      return;
    }
    onVerified();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="two-factor-scan">
      <p className="text-sm text-slate-700">Scan this code with your authenticator app, or type the key below into it.</p>
      <div className="flex flex-col items-start gap-3 sm:flex-row sm:items-center">
        {qr ? <img src={qr} width={192} height={192} alt="QR code to add Cohort to your authenticator app" className="rounded border border-slate-200" /> : <div className="h-48 w-48 animate-pulse rounded bg-slate-100" aria-hidden="true" />}
        <div className="text-sm">
          <p className="font-medium">Key</p>
          <code className="block break-all rounded bg-slate-100 px-2 py-1 font-mono" data-testid="two-factor-key">
            {secretOf(enrolment.totpURI)}
          </code>
        </div>
      </div>
      {failure ? <Alert>{failure}</Alert> : null}
      <TextField label="Code from the app" inputMode="numeric" autoComplete="one-time-code" error={form.formState.errors.code?.message} {...form.register('code')} />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Checking…' : 'Turn on two-factor sign-in'}
      </Button>
    </form>
  );
}

/** Backup codes, shown once: each signs in once when the phone is not at hand. */
export function BackupCodes({ codes, onDone, doneLabel, intro }: { codes: string[]; onDone: () => void; doneLabel: string; intro: string }) {
  const text = `Cohort backup codes (each works once)\n\n${codes.join('\n')}\n`;
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-4" data-testid="two-factor-backup-codes">
      <p className="text-sm text-slate-700" role="status">
        {intro} Keep these backup codes somewhere safe: each one signs you in once if you lose your phone. They are not shown again.
      </p>
      <ul className="grid grid-cols-2 gap-2 font-mono text-sm" aria-label="Backup codes">
        {codes.map((code) => (
          <li key={code} className="rounded bg-slate-100 px-2 py-1">
            {code}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy the codes'}
        </Button>
        <a className="inline-flex min-h-10 items-center rounded-md border border-slate-300 px-3 text-sm font-medium" href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`} download="cohort-backup-codes.txt">
          Download as a text file
        </a>
        <Button type="button" onClick={onDone}>
          {doneLabel}
        </Button>
      </div>
    </div>
  );
}
