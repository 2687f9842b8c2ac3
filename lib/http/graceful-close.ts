/**
 * Stopping an HTTP server without dropping what it is answering: no new connections, idle
 * keep-alive ones closed, requests in flight allowed to finish (for at most `graceMs`), live
 * streams (text/event-stream, which never finish) ended at once so their browsers reconnect —
 * to another instance during a rolling restart. Then whatever is left is cut off.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export function gracefulClose(server: Server, graceMs: number): () => Promise<void> {
  const inFlight = new Map<ServerResponse, { stream: boolean }>();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // An EventSource always asks for text/event-stream; a header given to writeHead is not
    // readable back from the response, so the request is what says it.
    inFlight.set(response, { stream: String(request.headers.accept ?? '').includes('text/event-stream') });
    response.on('close', () => inFlight.delete(response));
  });
  const isStream = (response: ServerResponse, known: { stream: boolean }) =>
    known.stream || String(response.getHeader('content-type') ?? '').startsWith('text/event-stream');
  return async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = Date.now() + graceMs;
    for (;;) {
      for (const [response, known] of inFlight) if (isStream(response, known)) response.end();
      if (inFlight.size === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    server.closeAllConnections();
    await closed;
  };
}
