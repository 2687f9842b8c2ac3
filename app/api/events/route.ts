import { auth } from '@/lib/auth/auth';
import { currentStaff, type StaffSession } from '@/lib/auth/current-staff';
import { inUserTransaction } from '@/lib/crm/session';
import { onChange, whenListening } from '@/lib/live/change-feed';
import { visibleTo } from '@/lib/live/visible-changes';

export const dynamic = 'force-dynamic';

/** How often the stream proves it is alive — and re-checks that its viewer still may watch. */
const heartbeatMs = () => Math.max(1, Number(process.env.LIVE_HEARTBEAT_SECONDS ?? 25)) * 1000;

/** True while the request's session exists and its membership of the organisation is active. */
async function stillAllowed(request: Request, staff: StaffSession): Promise<boolean> {
  const session = await auth().api.getSession({ headers: request.headers });
  if (session?.user.id !== staff.userId) return false;
  const membership = await inUserTransaction(staff, (tx) =>
    tx.selectFrom('memberships').select('id').where('org_id', '=', staff.orgId).where('user_id', '=', staff.userId).where('deactivated_at', 'is', null).executeTakeFirst(),
  );
  return membership !== undefined;
}

/**
 * Server-sent events: the changes the signed-in user may see, as they happen. Browsers
 * reconnect by themselves; a comment every 25 s keeps proxies from closing an idle stream, and
 * each of those heartbeats re-checks the session: after sign-out or deactivation the stream
 * says `signed-out` and ends, rather than delivering changes to someone no longer allowed.
 */
export async function GET(request: Request): Promise<Response> {
  const staff = await currentStaff();
  if (!staff) return new Response('Sign in to receive live updates.', { status: 401 });
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const close = () => {
        if (!open) return;
        open = false;
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
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
      const heartbeat = setInterval(() => {
        stillAllowed(request, staff)
          .then((allowed) => {
            if (allowed) return send(': keep-alive\n\n');
            send('event: signed-out\ndata: {}\n\n');
            close();
          })
          .catch((error: unknown) => console.error('[live] session re-check failed', error));
      }, heartbeatMs());
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
      };
      request.signal.addEventListener('abort', close);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' },
  });
}
