import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { NameForm } from '@/components/profile/name-form';
import { PasswordChangeForm } from '@/components/profile/password-change-form';
import { SessionList } from '@/components/profile/session-list';
import { TwoFactorSection } from '@/components/profile/two-factor-section';
import { RecordSection } from '@/components/records/record-layout';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { TWO_FACTOR_ROLES } from '@/lib/auth/two-factor';
import { listMySessions } from '@/lib/auth/profile';
import { formatDateTime } from '@/lib/format';

export const metadata: Metadata = { title: 'Profile' };

export default async function ProfilePage() {
  const staff = await requireStaff();
  const sessions = await listMySessions(await headers());
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title="Profile" subtitle="Your account, your password and where you are signed in." />
      <RecordSection heading="You">
        <NameForm name={staff.name} />
        <dl className="grid gap-2 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="font-medium">Email</dt>
          <dd>{staff.email}</dd>
          <dt className="font-medium">Organisations</dt>
          <dd>
            {staff.organizations.map((o) => (
              <span key={o.id} className="block">
                {o.name} <span className="text-slate-700 capitalize">({o.role})</span>
              </span>
            ))}
          </dd>
        </dl>
        <p className="text-xs text-slate-600">An admin of your organisation changes roles and email addresses on the Team page.</p>
      </RecordSection>
      <RecordSection heading="Change password">
        <PasswordChangeForm />
      </RecordSection>
      <RecordSection heading="Two-factor sign-in">
        <TwoFactorSection enabled={staff.twoFactorEnabled} required={staff.organizations.some((o) => o.requiresTwoFactor && TWO_FACTOR_ROLES.includes(o.role))} />
      </RecordSection>
      <RecordSection heading="Where you are signed in">
        <SessionList
          sessions={sessions.map((s) => ({ id: s.id, current: s.current, device: s.device, ipAddress: s.ipAddress, lastSeen: formatDateTime(s.lastSeenAt), started: formatDateTime(s.createdAt) }))}
        />
      </RecordSection>
    </div>
  );
}
