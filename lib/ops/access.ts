/**
 * Who may read GET /api/health and GET /api/metrics: with OPS_TOKEN set, a request that sends
 * it as `Authorization: Bearer <token>` (a monitoring system anywhere); without it, only this
 * machine (a local Prometheus or a load balancer's probe on the host). The client address is the
 * web server's resolved one (lib/http/client-address.ts), never a header the client chose.
 */
import { timingSafeEqual } from 'node:crypto';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export type OpsAccess = { allowed: true } | { allowed: false; status: 401 | 403; message: string };

export function opsAccess(authorization: string | undefined, clientAddress: string, token = process.env.OPS_TOKEN): OpsAccess {
  if (token) {
    const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    if (a.length === b.length && timingSafeEqual(a, b)) return { allowed: true };
    return { allowed: false, status: 401, message: 'Send the operations token: Authorization: Bearer <OPS_TOKEN>.' };
  }
  if (LOOPBACK.has(clientAddress)) return { allowed: true };
  return { allowed: false, status: 403, message: 'Health and metrics answer this machine only; set OPS_TOKEN to reach them from elsewhere.' };
}
