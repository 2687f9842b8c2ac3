import { currentStaff } from '@/lib/auth/current-staff';
import { onChange, whenListening } from '@/lib/live/change-feed';
import { visibleTo } from '@/lib/live/visible-changes';

export const dynamic = 'force-dynamic';

/**
 * Server-sent events: the changes the signed-in user may see, as they happen. Browsers
 * reconnect by themselves; a comment every 25 s keeps proxies from closing an idle stream.
 */
export async function GET(request: Request): Promise<Response> {
  const staff = await currentStaff();
  if (!staff) return new Response('Sign in to receive live updates.', { status: 401 });
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send('retry: 2000\n\n');
      const unsubscribe = onChange((change) => {
        visibleTo(staff, change)
          .then((visible) => visible && send(`event: change\ndata: ${JSON.stringify(visible)}\n\n`))
          .catch((error: unknown) => console.error('[live] visibility check failed', error));
      });
      // Tells the browser it is live: from now on no change it may see is missed.
      void whenListening().then(() => send('event: ready\ndata: {}\n\n'));
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), 25_000);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
      };
      request.signal.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' },
  });
}
