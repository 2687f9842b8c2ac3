/**
 * The security headers of every response, set by the web server (server/web-server.ts) before
 * Next.js renders. Scripts run only with this response's nonce (Next.js reads it from the
 * request's Content-Security-Policy header and puts it on its own scripts); styles may be
 * inline (React style props, email previews); nothing may frame Cohort except the sites a
 * form's owner listed for that form.
 */
import { randomBytes } from 'node:crypto';

export type Framing = { kind: 'none' } | { kind: 'origins'; origins: readonly string[] };

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(options: { nonce: string; framing: Framing; https: boolean; development: boolean }): string {
  const frameAncestors = options.framing.kind === 'none' ? "'none'" : ["'self'", ...options.framing.origins].join(' ');
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonced Next.js runtime loads may run, nothing else.
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    // Email previews show the organisation's logo from wherever it is hosted.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${options.development ? ' ws: wss:' : ''}`,
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export function securityHeaders(options: { nonce: string; framing: Framing; https: boolean; development: boolean }): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    // Only a page nobody may frame says so the old way too (it would override frame-ancestors' list).
    ...(options.framing.kind === 'none' ? { 'X-Frame-Options': 'DENY' } : {}),
    'X-Content-Type-Options': 'nosniff',
    // Links carry tokens in their paths (invitations, resets, unsubscribes): other sites get the origin only.
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(options.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
