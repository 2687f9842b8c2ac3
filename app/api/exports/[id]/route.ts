import { currentStaff } from '@/lib/auth/current-staff';
import { CrmError } from '@/lib/crm/errors';
import { openExportFile } from '@/lib/exports/list-export';
import { exportListNouns } from '@/lib/exports/list-export.schema';
import { contentTypes, workbookStream } from '@/lib/exports/xlsx';

export const dynamic = 'force-dynamic';

/**
 * The file of a finished export, streamed chunk by chunk as it is read from Postgres (memory
 * stays flat whatever its size); an Excel export becomes a workbook as it streams. Only its
 * requester gets it: the export and its chunks are read under their RLS; anyone else, and an
 * export past its 7 days, gets 404.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const staff = await currentStaff();
  if (!staff) return new Response('Sign in to download your exports.', { status: 401 });
  try {
    const { fileName, list, format, chunks } = await openExportFile(staff, (await params).id);
    const csv = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    const many = exportListNouns[list][1];
    const body = format === 'xlsx' ? workbookStream(chunks, many.charAt(0).toUpperCase() + many.slice(1)) : csv;
    return new Response(body, {
      headers: {
        'content-type': contentTypes[format],
        'content-disposition': `attachment; filename="${fileName}"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    if (error instanceof CrmError && error.kind === 'forbidden') return new Response(error.message, { status: 403 });
    if (error instanceof CrmError && (error.kind === 'not_found' || error.kind === 'validation')) {
      return new Response('This export does not exist, is not yours, or has expired.', { status: 404 });
    }
    throw error;
  }
}
