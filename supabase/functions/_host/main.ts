/**
 * The local functions host: one Deno process serving every function at
 * /functions/v1/<name>, as Supabase's edge runtime does, so the app and the tests call
 * functions exactly as they would on a hosted project. Started by `npm start` and `npm test`
 * (scripts/functions-host.ts); listens on FUNCTIONS_HOSTNAME:FUNCTIONS_PORT (127.0.0.1:54321).
 */
import { corsHeaders, type Handler, json } from '../_shared/http.ts';
import { handler as gdprErase } from '../gdpr-erase/index.ts';
import { handler as gdprExport } from '../gdpr-export/index.ts';
import { handler as sendEmail } from '../send-email/index.ts';

const functions: Record<string, Handler> = {
  'send-email': sendEmail,
  'gdpr-export': gdprExport,
  'gdpr-erase': gdprErase,
};

const PATH = /^\/functions\/v1\/([a-z0-9-]+)\/?$/;

export function route(request: Request): Promise<Response> | Response {
  const { pathname } = new URL(request.url);
  // The pid lets the launcher tell its own host from another process holding the port.
  if (pathname === '/health') return json({ ok: true, pid: Deno.pid, functions: Object.keys(functions) });
  const name = PATH.exec(pathname)?.[1];
  const handler = name && Object.hasOwn(functions, name) ? functions[name] : undefined;
  if (!handler) {
    return json({ error: { code: 'not_found', message: `No function is served at ${pathname}.`, retryable: false } }, 404, corsHeaders);
  }
  return handler(request);
}

if (import.meta.main) {
  const port = Number(Deno.env.get('FUNCTIONS_PORT') ?? 54321);
  const hostname = Deno.env.get('FUNCTIONS_HOSTNAME') ?? '127.0.0.1';
  Deno.serve({ port, hostname, onListen: () => console.log(`functions host listening on http://${hostname}:${port}/functions/v1/`) }, route);
}
