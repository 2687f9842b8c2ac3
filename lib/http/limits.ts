/**
 * Size limits of requests, in one place. The web server answers 413 to anything larger than
 * MAX_REQUEST_BODY_BYTES before Next.js reads it (next.config.ts gives server actions the same
 * limit); route handlers that take less read their body through readBodyWithin().
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
/** Resend's delivery webhook: one event is a few kilobytes. */
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${Math.round(limit / 1024)} KB.`);
    this.name = 'BodyTooLargeError';
  }
}

/** The request's body as text, refusing (before reading further) one larger than `limit` bytes. */
export async function readBodyWithin(request: Request, limit: number): Promise<string> {
  return (await readBytesWithin(request, limit)).toString('utf8');
}

/** The request's body as bytes, refusing (before reading further) one larger than `limit` bytes. */
export async function readBytesWithin(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw new BodyTooLargeError(limit);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
