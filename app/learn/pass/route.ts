/**
 * Where an email's link arrives: its pass (lib/learn/passes.ts) is traded for a session that
 * reaches only what the email is about, and the browser goes on to the page without the pass
 * in its address. A trainee already signed in to everything of the same contact keeps that
 * session. A broken or expired pass leads to the sign-in page, which says so.
 */
import { type NextRequest, NextResponse } from 'next/server';
import { clientAddress } from '@/lib/http/client-address';
import { RATE_LIMITS, takeRateLimit } from '@/lib/http/rate-limit';
import { readPass } from '@/lib/learn/passes';
import { learnerCookie, learnerSessionOf, LEARNER_COOKIE, openLearnerSession, SESSION_LIFETIME } from '@/lib/learn/session';
import { isLearnerPath, learnerPaths } from '@/lib/learn/urls';

const secureCookies = () => (process.env.APP_URL ?? '').startsWith('https:');

export async function GET(request: NextRequest) {
  const to = request.nextUrl.searchParams.get('to') ?? '';
  const check = readPass(request.nextUrl.searchParams.get('pass') ?? '');
  const destination = isLearnerPath(to) ? to : learnerPaths.home();
  const go = (path: string) => NextResponse.redirect(new URL(path, process.env.APP_URL ?? request.nextUrl.origin), 303);
  if (!check.ok) return go(`${learnerPaths.home()}?link=${check.reason === 'expired' ? 'expired' : 'invalid'}`);
  const { pass } = check;
  const current = await learnerSessionOf(request.cookies.get(LEARNER_COOKIE)?.value);
  // Already in: signed in to everything of this person, or holding this very pass's session.
  const reaches = current?.contactId === pass.contactId && (current.scope === 'full' || (current.scope === pass.purpose && current.scopeRef === pass.ref));
  if (reaches) return go(destination);
  // Each arrival opens a session row: one client may not open them without end.
  if (!(await takeRateLimit(`learner-pass:${clientAddress(request.headers) ?? 'unknown'}`, RATE_LIMITS.learnerPassesPerClient))) {
    return new NextResponse('Too many links opened from your connection. Please wait a few minutes.', { status: 429, headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '600' } });
  }
  const expiresAt = new Date(Math.min(pass.expiresAt.getTime(), Date.now() + SESSION_LIFETIME.scoped));
  const opened = await openLearnerSession({ orgId: pass.orgId, contactId: pass.contactId, scope: pass.purpose, scopeRef: pass.ref, expiresAt, emailDigest: pass.emailDigest });
  if (!opened) return go(`${learnerPaths.home()}?link=invalid`);
  const response = go(destination);
  response.cookies.set(learnerCookie(opened.token, opened.expiresAt, secureCookies()));
  return response;
}
