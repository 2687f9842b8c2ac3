import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { AcceptInvitationForm, JoinAsSignedInButton } from '@/components/auth/accept-invitation-form';
import { AuthCard } from '@/components/auth/auth-card';
import { auth } from '@/lib/auth/auth';
import { findOpenInvitation } from '@/lib/auth/invitations';

export const metadata: Metadata = { title: 'Join your team' };

/**
 * An invitation link: a newcomer chooses a name and password; someone who already uses Cohort
 * with the invited address signs in and joins with one click. The page says the same to
 * everyone about whether an address has an account: nothing.
 */
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
  const session = await auth().api.getSession({ headers: await headers() });
  const subtitle = (
    <>
      You are invited as <strong className="capitalize">{invitation.role}</strong> with {invitation.email}.
    </>
  );
  if (session) {
    const itIsThem = session.user.email.toLowerCase() === invitation.email.toLowerCase();
    return (
      <AuthCard title={`Join ${invitation.orgName}`} subtitle={subtitle}>
        {itIsThem ? (
          <JoinAsSignedInButton token={token} orgName={invitation.orgName} />
        ) : (
          <p className="text-sm">
            You are signed in as {session.user.email}. This invitation is for {invitation.email}: sign out, then open the link again.
          </p>
        )}
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${invitation.orgName}`} subtitle={subtitle}>
      <AcceptInvitationForm token={token} />
      <p className="text-sm">
        Already use Cohort with this address?{' '}
        <Link href={`/sign-in?next=${encodeURIComponent(`/invite/${token}`)}`} className="text-brand-700 underline">
          Sign in to accept
        </Link>
        .
      </p>
    </AuthCard>
  );
}
