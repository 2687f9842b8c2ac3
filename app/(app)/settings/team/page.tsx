import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { InviteForm } from '@/components/team/invite-form';
import { MemberRow } from '@/components/team/member-row';
import { requireStaff } from '@/lib/auth/current-staff';
import { lockedMembers } from '@/lib/auth/sign-in-lockout';
import { listTeam, twoFactorMembers } from '@/lib/auth/team';

export const metadata: Metadata = { title: 'Team' };

export default async function TeamPage() {
  const staff = await requireStaff();
  if (staff.role !== 'admin') redirect('/leads');
  const [{ members, invitations }, locked, secondFactor] = await Promise.all([listTeam(staff), lockedMembers(staff), twoFactorMembers(staff)]);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Team</h1>
      <section aria-labelledby="invite-heading" className="max-w-xl space-y-3">
        <h2 id="invite-heading" className="text-lg font-semibold">Invite a team member</h2>
        <InviteForm />
      </section>
      <section aria-labelledby="members-heading" className="space-y-3">
        <h2 id="members-heading" className="text-lg font-semibold">Members</h2>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="team-members">
          {members.map((member) => (
            <MemberRow key={member.id} member={member} isSelf={member.user_id === staff.userId} lockedUntil={locked.get(member.id) ?? null} twoFactor={secondFactor.has(member.id)} />
          ))}
        </ul>
      </section>
      {invitations.length > 0 ? (
        <section aria-labelledby="invitations-heading" className="space-y-3">
          <h2 id="invitations-heading" className="text-lg font-semibold">Open invitations</h2>
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            {invitations.map((invitation) => (
              <li key={invitation.id} className="flex flex-wrap justify-between gap-2 px-4 py-3">
                <span>{invitation.email}</span>
                <span className="capitalize text-slate-700">
                  {invitation.role} · expires {invitation.expires_at.toLocaleDateString('en-GB')}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
