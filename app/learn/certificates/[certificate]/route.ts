/**
 * `/learn/certificates/<number>.pdf`: the certificate as a PDF, for a trainee whose session
 * reaches it (signed in, or arriving from the certificate email's link with its pass).
 */
import { type NextRequest, NextResponse } from 'next/server';
import { CrmError } from '@/lib/crm/errors';
import { myCertificatePdf } from '@/lib/learn/certificates';
import { currentLearner } from '@/lib/learn/session';
import { learnerPaths, safeDecode } from '@/lib/learn/urls';

export async function GET(request: NextRequest, { params }: { params: Promise<{ certificate: string }> }) {
  const { certificate } = await params;
  const number = safeDecode(certificate).replace(/\.pdf$/i, '');
  const base = process.env.APP_URL ?? request.nextUrl.origin;
  const pass = request.nextUrl.searchParams.get('pass');
  if (pass) return NextResponse.redirect(new URL(learnerPaths.pass(pass, learnerPaths.certificatePdf(number)), base), 303);
  const learner = await currentLearner();
  if (!learner) return NextResponse.redirect(new URL(`${learnerPaths.home()}?link=signin`, base), 303);
  try {
    const bytes = await myCertificatePdf(learner, number);
    return new Response(Buffer.from(bytes), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="certificate-${number}.pdf"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    if (error instanceof CrmError) return new Response('This certificate was not found.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    throw error;
  }
}
