import { currentStaff } from '@/lib/auth/current-staff';
import { CrmError, httpStatusOf, translateDbError } from '@/lib/crm/errors';
import { BodyTooLargeError, readBytesWithin } from '@/lib/http/limits';
import { MAX_IMAGE_BYTES, storeImage } from '@/lib/media/store';

export const dynamic = 'force-dynamic';

/**
 * Uploads a campaign image: the raw bytes as the body of a PUT (another site's page cannot send
 * one without this server's CORS consent, which it never gives). Answers the image's URL.
 */
export async function PUT(request: Request): Promise<Response> {
  const staff = await currentStaff();
  if (!staff) return Response.json({ message: 'Sign in to upload an image.' }, { status: 401 });
  try {
    const bytes = await readBytesWithin(request, MAX_IMAGE_BYTES);
    return Response.json(await storeImage(staff, bytes));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return Response.json({ message: 'The image is larger than 1 MB: make it smaller.' }, { status: 413 });
    const known = translateDbError(error);
    if (known instanceof CrmError) return Response.json({ message: known.message }, { status: httpStatusOf[known.kind] });
    throw error;
  }
}
