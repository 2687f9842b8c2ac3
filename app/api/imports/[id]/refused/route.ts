import { currentStaff } from '@/lib/auth/current-staff';
import { CrmError } from '@/lib/crm/errors';
import { refusedRowsCsv } from '@/lib/imports/imports';

export const dynamic = 'force-dynamic';

/** The refused rows of one of the person's imports, with the reason in an extra column, streamed. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const staff = await currentStaff();
  if (!staff) return new Response('Sign in to download your refused rows.', { status: 401 });
  try {
    const { fileName, chunks } = await refusedRowsCsv(staff, (await params).id);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    if (error instanceof CrmError && (error.kind === 'not_found' || error.kind === 'validation')) return new Response('This import does not exist, or is not yours.', { status: 404 });
    throw error;
  }
}
