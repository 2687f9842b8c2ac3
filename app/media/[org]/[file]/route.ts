import { readImage } from '@/lib/media/store';

export const dynamic = 'force-dynamic';

/**
 * A campaign image, for anyone who opens the email: public by design, found only by its random
 * name. Served as the type its bytes were checked to be, never sniffed, never run.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ org: string; file: string }> }): Promise<Response> {
  const { org, file } = await params;
  const image = await readImage(org, file);
  if (!image) return new Response('Not found.', { status: 404 });
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      'content-type': image.contentType,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    },
  });
}
