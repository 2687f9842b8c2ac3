'use client';

import { useState, useTransition } from 'react';
import { changeRoleAction, passwordResetLinkAction, setMemberActiveAction, unlockMemberAction } from '@/app/actions/team';
import { memberRoles } from '@/lib/auth/roles';

type Member = { id: string; display_name: string; email: string; role: string; deactivated_at: Date | null };

export function MemberRow({ member, isSelf, lockedUntil, twoFactor }: { member: Member; isSelf: boolean; lockedUntil: Date | null; twoFactor: boolean }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const active = member.deactivated_at === null;

  const run = (work: () => Promise<{ ok: boolean; message?: string; data?: unknown }>, success?: (data: unknown) => string) =>
    startTransition(async () => {
      const result = await work();
      setMessage(result.ok ? (success?.(result.data) ?? null) : (result.message ?? 'That did not work.'));
    });

  return (
    <li className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm" data-testid="team-member">
      <div className="min-w-48 grow">
        <p className="font-medium">
          {member.display_name} {isSelf ? <span className="text-slate-600">(you)</span> : null}
        </p>
        <p className="text-slate-700">{member.email}</p>
        <p className={twoFactor ? 'text-green-800' : 'text-slate-600'} data-testid="member-two-factor">
          {twoFactor ? 'Two-factor sign-in on' : 'Password only'}
        </p>
        {lockedUntil ? (
          <p className="text-amber-800" data-testid="member-locked">
            Sign-in locked after repeated wrong passwords, until {lockedUntil.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })} UTC
          </p>
        ) : null}
      </div>
      <label className="sr-only" htmlFor={`role-${member.id}`}>
        Role of {member.display_name}
      </label>
      <select
        id={`role-${member.id}`}
        defaultValue={member.role}
        disabled={isSelf || pending}
        onChange={(event) => run(() => changeRoleAction(member.id, event.target.value), () => 'Role changed.')}
        className="min-h-10 rounded-md border border-slate-300 bg-white px-2 capitalize"
      >
        {memberRoles.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </select>
      {!isSelf ? (
        <>
          <button
            type="button"
            disabled={pending}
            onClick={() => run(() => setMemberActiveAction(member.id, !active), () => (active ? 'Deactivated; their sessions have ended.' : 'Reactivated.'))}
            className="min-h-10 rounded-md border border-slate-300 px-3 hover:bg-slate-100"
          >
            {active ? 'Deactivate' : 'Reactivate'}
          </button>
          {lockedUntil ? (
            <button
              type="button"
              disabled={pending}
              onClick={() => run(() => unlockMemberAction(member.id), () => 'Unlocked: they can sign in again.')}
              className="min-h-10 rounded-md border border-slate-300 px-3 hover:bg-slate-100"
            >
              Unlock sign-in
            </button>
          ) : null}
          <button
            type="button"
            disabled={pending || !active}
            onClick={() => run(() => passwordResetLinkAction(member.id), (data) => `Reset link: ${(data as { url: string }).url}`)}
            className="min-h-10 rounded-md border border-slate-300 px-3 hover:bg-slate-100"
          >
            Password reset link
          </button>
        </>
      ) : null}
      {message ? (
        <p role="status" className="basis-full break-all text-slate-800">
          {message}
        </p>
      ) : null}
    </li>
  );
}
