/**
 * Who the client is. The web server (server/web-server.ts) decides the client address once,
 * from the socket — or, only when the socket belongs to one of TRUSTED_PROXIES, from the
 * X-Forwarded-For hops those proxies added — and overwrites X-Forwarded-For with that one
 * address. Everything after it (better-auth's rate limits, consent proofs, the limits on public
 * forms) reads that header through clientAddress(), never a header a client chose.
 */
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * TRUSTED_PROXIES: the reverse proxies in front of Cohort, as comma-separated addresses, CIDR
 * ranges or proxy-addr's names (loopback, linklocal, uniquelocal). Default: none, so the socket
 * address is the client and a forwarded header is ignored.
 */
export function trustedProxies(setting = process.env.TRUSTED_PROXIES ?? ''): (address: string, hop: number) => boolean {
  const entries = setting.split(',').map((entry) => entry.trim()).filter(Boolean);
  return entries.length ? proxyaddr.compile(entries) : () => false;
}

export type ResolvedClient = { address: string; viaTrustedProxy: boolean; https: boolean };

/** The client of a request under the trust rule: its address, and whether it arrived over https. */
export function resolveClient(request: IncomingMessage, trust: (address: string, hop: number) => boolean): ResolvedClient {
  const socketAddress = request.socket.remoteAddress ?? '';
  const viaTrustedProxy = socketAddress !== '' && trust(socketAddress, 0);
  const forwardedProto = String(request.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim();
  const encrypted = Boolean((request.socket as { encrypted?: boolean }).encrypted);
  return {
    address: proxyaddr(request, trust),
    viaTrustedProxy,
    https: encrypted || (viaTrustedProxy && forwardedProto === 'https'),
  };
}

/** The client address the web server decided, as pages, actions and route handlers see it. */
export function clientAddress(headers: Headers): string | null {
  return headers.get('x-forwarded-for')?.trim() || null;
}
