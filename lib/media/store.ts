/**
 * Images uploaded for campaigns. The type is read from the bytes (file-type: a maintained
 * magic-number sniffer), never from the name or the header a browser sent, and only PNG, JPEG,
 * GIF and WebP are kept — no SVG, which can carry script. The row (public.media_assets) is
 * written under the uploader's RLS, so only those who build campaigns may upload. The file goes,
 * under a random name, to the media folder (MEDIA_DIR, default .data/media), which the app serves
 * at /media/<org>/<file> for the emails that show it — or, on hosted Supabase with
 * MEDIA_STORAGE_BUCKET set, to that public Storage bucket through Storage's HTTP API
 * (SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY), which serves it itself.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { validationError } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';

/** Email clients download every image of every message: keep them small. */
export const MAX_IMAGE_BYTES = 1024 * 1024;
const ALLOWED = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' } as const;
type AllowedType = keyof typeof ALLOWED;

export const mediaDir = () => process.env.MEDIA_DIR ?? path.join(process.cwd(), '.data/media');
const appUrl = () => (process.env.APP_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
export const mediaPath = (orgId: string, fileName: string) => `/media/${orgId}/${fileName}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(png|jpg|gif|webp)$/;

/** Stores `bytes` as an image of the session's organisation; its public URL. */
export async function storeImage(session: CrmSession, bytes: Buffer): Promise<{ url: string; contentType: string; bytes: number }> {
  if (bytes.length === 0) throw validationError('Choose an image to upload.');
  if (bytes.length > MAX_IMAGE_BYTES) throw validationError('The image is larger than 1 MB: email clients download it for every message. Make it smaller.');
  const type = (await fileTypeFromBuffer(bytes))?.mime;
  if (!type || !(type in ALLOWED)) throw validationError('Upload a PNG, JPEG, GIF or WebP image.');
  const fileName = `${randomUUID()}.${ALLOWED[type as AllowedType]}`;
  const storage = storageBucket();
  if (storage) {
    // The row first (RLS decides), the upload inside its transaction: a refused role uploads
    // nothing, and an upload Storage refuses leaves no row behind.
    await inUserTransaction(session, async (tx) => {
      await tx.insertInto('media_assets').values({ org_id: session.orgId, file_name: fileName, content_type: type, byte_size: bytes.length }).execute();
      await uploadToStorage(storage, `${session.orgId}/${fileName}`, bytes, type);
    });
    return { url: `${storage.url}/storage/v1/object/public/${storage.bucket}/${session.orgId}/${fileName}`, contentType: type, bytes: bytes.length };
  }
  const dir = path.join(mediaDir(), session.orgId);
  await mkdir(dir, { recursive: true });
  // Written beside its final name, then renamed: a reader never sees half a file.
  const partial = path.join(dir, `.${fileName}.part`);
  await writeFile(partial, bytes);
  // The row decides (RLS): a role that may not upload leaves only the partial file behind.
  await inUserTransaction(session, (tx) =>
    tx.insertInto('media_assets').values({ org_id: session.orgId, file_name: fileName, content_type: type, byte_size: bytes.length }).execute(),
  );
  await rename(partial, path.join(dir, fileName));
  return { url: `${appUrl()}${mediaPath(session.orgId, fileName)}`, contentType: type, bytes: bytes.length };
}

/** An image's bytes and type for /media, or null for anything that is not a stored image. */
export async function readImage(orgId: string, fileName: string): Promise<{ bytes: Buffer; contentType: string } | null> {
  if (!UUID.test(orgId) || !FILE.test(fileName)) return null;
  const extension = fileName.split('.').pop() as string;
  const contentType = Object.entries(ALLOWED).find(([, ext]) => ext === extension)?.[0];
  if (!contentType) return null;
  try {
    return { bytes: await readFile(path.join(mediaDir(), orgId, fileName)), contentType };
  } catch {
    return null;
  }
}

type StorageBucket = { url: string; key: string; bucket: string };

/** Supabase Storage when MEDIA_STORAGE_BUCKET names a public bucket of the project; null: the local folder. */
function storageBucket(): StorageBucket | null {
  const bucket = process.env.MEDIA_STORAGE_BUCKET;
  if (!bucket) return null;
  const url = process.env.SUPABASE_URL?.replace(/\/+$/, '');
  const key = process.env.SUPABASE_SERVICE_ROLE_KEY;
  if (!url || !key) throw new Error('MEDIA_STORAGE_BUCKET is set, so SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY must be too.');
  return { url, key, bucket };
}

/** One object into the bucket (Storage's REST API; never overwrites: names are random). */
async function uploadToStorage(storage: StorageBucket, objectPath: string, bytes: Buffer, contentType: string): Promise<void> {
  const response = await fetch(`${storage.url}/storage/v1/object/${encodeURIComponent(storage.bucket)}/${objectPath}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${storage.key}`, apikey: storage.key, 'content-type': contentType, 'x-upsert': 'false', 'cache-control': 'max-age=31536000' },
    body: new Uint8Array(bytes),
    signal: AbortSignal.timeout(15_000),
  }).catch(() => null);
  if (!response?.ok) {
    console.error('[media] Storage refused an upload', response?.status, await response?.text().catch(() => ''));
    throw validationError('The image could not be stored just now. Try again in a moment.');
  }
}
