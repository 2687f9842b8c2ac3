import { currentStaff } from '@/lib/auth/current-staff';
import { CrmError, httpStatusOf, translateDbError } from '@/lib/crm/errors';
import { BodyTooLargeError, MAX_REQUEST_BODY_BYTES, readBytesWithin } from '@/lib/http/limits';
import { appendImportChunk } from '@/lib/imports/imports';

export const dynamic = 'force-dynamic';

/**
 * One piece (at most MAX_REQUEST_BODY_BYTES) of the file of one of the person's imports, as
 * the upload form sends it. PUT with a raw body: another site's page cannot send one without
 * this server's CORS consent, which it never gives.
 */
export async function PUT(request: Request, { params }: { params: Promise<{ id: string; seq: string }> }): Promise<Response> {
  const staff = await currentStaff();
  if (!staff) return Response.json({ message: 'Sign in to import a file.' }, { status: 401 });
  const { id, seq } = await params;
  try {
    const data = await readBytesWithin(request, MAX_REQUEST_BODY_BYTES);
    await appendImportChunk(staff, id, /^\d{1,6}$/.test(seq) ? Number(seq) : -1, data);
    return Response.json({ ok: true });
  } catch (error) {
    if (error instanceof BodyTooLargeError) return Response.json({ message: error.message }, { status: 413 });
    const known = translateDbError(error);
    if (known instanceof CrmError) return Response.json({ message: known.message }, { status: httpStatusOf[known.kind] });
    throw error;
  }
}
