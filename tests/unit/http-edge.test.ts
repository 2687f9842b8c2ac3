/**
 * The web server's rules, on their own: which address is the client's under a trusted-proxy
 * list, and which headers a response carries (framing per page, HSTS and an upgrade only over
 * https, a nonce per response).
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { resolveClient, trustedProxies } from '../../lib/http/client-address';
import { contentSecurityPolicy, newNonce, securityHeaders } from '../../lib/http/security-headers';

const request = (socketAddress: string, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress: socketAddress }, headers, connection: { remoteAddress: socketAddress } }) as unknown as IncomingMessage;

describe('the client address', () => {
  it('is the socket’s when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    const client = resolveClient(request('198.51.100.9', { 'x-forwarded-for': '203.0.113.1', 'x-forwarded-proto': 'https' }), trustedProxies(''));
    expect(client).toEqual({ address: '198.51.100.9', viaTrustedProxy: false, https: false });
  });

  it('comes from X-Forwarded-For only as far as the trusted hops go', () => {
    const trust = trustedProxies('10.0.0.0/8, loopback');
    // A client spoofs a first hop; the trusted proxy appended the real one.
    const behindProxy = resolveClient(request('10.1.2.3', { 'x-forwarded-for': '203.0.113.66, 198.51.100.20', 'x-forwarded-proto': 'https' }), trust);
    expect(behindProxy).toEqual({ address: '198.51.100.20', viaTrustedProxy: true, https: true });
    // Two trusted proxies in a row: the first untrusted address from the right is the client.
    expect(resolveClient(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.21, 10.9.9.9' }), trust).address).toBe('198.51.100.21');
    // Not from a trusted proxy: the header is ignored.
    expect(resolveClient(request('198.51.100.30', { 'x-forwarded-for': '10.0.0.1' }), trust).address).toBe('198.51.100.30');
  });
});

describe('security headers', () => {
  const base = { nonce: 'abc123==', https: false, development: false } as const;

  it('refuse every frame and legacy framing, and name the nonce for scripts', () => {
    const headers = securityHeaders({ ...base, framing: { kind: 'none' } });
    expect(headers['Content-Security-Policy']).toContain("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(headers['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(headers['Content-Security-Policy']).not.toContain('unsafe-eval');
    expect(headers['X-Frame-Options']).toBe('DENY');
    expect(headers['Strict-Transport-Security']).toBeUndefined();
  });

  it('let a public form be framed by its listed sites only', () => {
    const headers = securityHeaders({ ...base, framing: { kind: 'origins', origins: ['https://www.example.com'] } });
    expect(headers['Content-Security-Policy']).toContain("frame-ancestors 'self' https://www.example.com");
    expect(headers['X-Frame-Options']).toBeUndefined();
  });

  it('add HSTS and an upgrade of insecure requests over https', () => {
    const headers = securityHeaders({ ...base, https: true, framing: { kind: 'none' } });
    expect(headers['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(contentSecurityPolicy({ ...base, https: true, framing: { kind: 'none' } })).toContain('upgrade-insecure-requests');
  });

  it('use a fresh, unguessable nonce per response', () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    expect([...nonces][0]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
