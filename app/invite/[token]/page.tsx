import type { Metadata } from 'next';
import Link from 'next/link';
import { AcceptInvitationForm } from '@/components/auth/accept-invitation-form';
import { AuthCard } from '@/components/auth/auth-card';
import { findOpenInvitation } from '@/lib/auth/invitations';

export const metadata: Metadata = { title: 'Join your team' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findOpenInvitation(token);
  if (!invitation) {
    return (
      <AuthCard title="This invitation has expired" subtitle="It was already used, revoked, or is older than 7 days.">
        <p className="text-sm">
          Ask your admin for a new invitation, or{' '}
          <Link href="/sign-in" className="text-brand-700 underline">
            sign in
          </Link>{' '}
          if you already have an account.
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title={`Join ${invitation.orgName}`}
      subtitle={
        <>
          You are invited as <strong className="capitalize">{invitation.role}</strong> with {invitation.email}.
        </>
      }
    >
      <AcceptInvitationForm token={token} />
    </AuthCard>
  );
}
