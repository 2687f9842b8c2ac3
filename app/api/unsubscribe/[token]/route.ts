/**
 * RFC 8058 one-click unsubscribe: the https URL in every marketing message's List-Unsubscribe
 * header. Mailbox providers POST `List-Unsubscribe=One-Click` here, without cookies or a
 * login, and the unsubscribe takes effect at once (every purpose, and a marketing
 * suppression). The preferences page's forms post here too (with `from=preferences-page`, and
 * `purpose` to withdraw just one purpose) and are sent back to the page.
 *
 * GET never unsubscribes: link scanners and prefetchers follow URLs in mail. It shows the page.
 */
import { consentPurposeSchema, unsubscribe } from '@/lib/email/unsubscribe';
import { clientAddress } from '@/lib/http/client-address';

type Context = { params: Promise<{ token: string }> };

const pageOf = (token: string, query = '') => `/unsubscribe/${encodeURIComponent(token)}${query}`;
// Relative Location (RFC 9110): correct behind any proxy without knowing the public host.
const seeOther = (location: string) => new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } });
const plain = (status: number, text: string) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { token } = await params;
  const form = await request.formData().catch(() => null);
  const fromPage = form?.get('from') === 'preferences-page';
  const chosen = fromPage ? form?.get('purpose') : null;
  const purpose = chosen ? consentPurposeSchema.safeParse(chosen) : null;
  if (purpose && !purpose.success) return seeOther(pageOf(token, '?error=purpose'));
  const proof = {
    method: fromPage ? ('preferences_page' as const) : ('one_click' as const),
    ip: clientAddress(request.headers),
    userAgent: request.headers.get('user-agent'),
  };
  const target = await unsubscribe(token, proof, purpose ? [purpose.data] : undefined);
  if (fromPage) return seeOther(pageOf(token, target ? `?done=${purpose ? purpose.data : 'all'}` : ''));
  return target ? plain(200, 'You are unsubscribed from marketing email.') : plain(404, 'This unsubscribe link is not valid.');
}

export async function GET(_request: Request, { params }: Context): Promise<Response> {
  return seeOther(pageOf((await params).token));
}
