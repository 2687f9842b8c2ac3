/**
 * The edge functions' portable pieces, run under Node exactly as the app uses them (token
 * minting, unsubscribe links), and a type check of every function under Deno.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from '../../supabase/functions/_shared/base64url.ts';
import { JwtError, signJwt, verifyJwt } from '../../supabase/functions/_shared/jwt.ts';
import { maskEmail } from '../../lib/email/unsubscribe';
import { formatSender } from '../../supabase/functions/_shared/mail-address.ts';
import { signUnsubscribeToken, verifyUnsubscribeToken } from '../../supabase/functions/_shared/unsubscribe-token.ts';

const root = path.resolve(import.meta.dirname, '../..');
const secret = 'a-test-secret-that-is-long-enough-for-hs256';
const utf8 = (text: string) => new TextEncoder().encode(text);
const segment = (value: unknown) => encodeBase64url(utf8(JSON.stringify(value)));

describe('jwt', () => {
  it('round-trips claims signed with the secret', async () => {
    const token = await signJwt({ sub: '0b7e1d2c-3f4a-4b5c-8d6e-7f8091a2b3c4', role: 'authenticated', email: 'ada@example.com' }, secret);
    expect(await verifyJwt(token, secret)).toMatchObject({ role: 'authenticated', email: 'ada@example.com' });
  });

  it('refuses a wrong secret, a changed payload, alg none, expiry and a missing role', async () => {
    const token = await signJwt({ role: 'authenticated' }, secret);
    const [header, , signature] = token.split('.');
    const reject = (t: string, message: RegExp) => expect(verifyJwt(t, secret)).rejects.toThrow(message);
    await expect(verifyJwt(token, `${secret}-other`)).rejects.toBeInstanceOf(JwtError);
    await reject(`${header}.${segment({ role: 'service_role', exp: 9e9 })}.${signature}`, /signature is invalid/);
    await reject(`${segment({ alg: 'none', typ: 'JWT' })}.${segment({ role: 'service_role', exp: 9e9 })}.`, /HS256/);
    await reject(await signJwt({ role: 'anon' }, secret, { expiresInSeconds: -60 }), /expired/);
    await reject(await signJwt({ role: '' }, secret), /no role/);
    await reject('one.two', /malformed/);
  });
});

describe('unsubscribe token', () => {
  const id = '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b';

  it('names the message it was signed for, and nothing else', async () => {
    const token = await signUnsubscribeToken(id, secret);
    expect(token).toMatch(/^u1\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{22}$/);
    expect(await verifyUnsubscribeToken(token, secret)).toBe(id);
    const other = '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5c';
    expect(await verifyUnsubscribeToken(token.replace(id, other), secret)).toBeNull();
    expect(await verifyUnsubscribeToken(token, `${secret}-rotated`)).toBeNull();
    expect(await verifyUnsubscribeToken(`${token}x`, secret)).toBeNull();
    expect(await verifyUnsubscribeToken('u1..', secret)).toBeNull();
  });
});

describe('small helpers', () => {
  it('encodes base64url without padding and refuses other alphabets', () => {
    expect(encodeBase64url(utf8('ü?>'))).toBe('w7w_Pg');
    expect(new TextDecoder().decode(decodeBase64url('w7w_Pg') ?? new Uint8Array())).toBe('ü?>');
    expect(decodeBase64url('w7w/Pg==')).toBeNull();
  });

  it('quotes the sender name so it cannot add recipients or headers', () => {
    expect(formatSender('Smith, Jones "Training"\r\nBcc: x@y.z', 'mail@example.com')).toBe(
      '"Smith, Jones \\"Training\\" Bcc: x@y.z" <mail@example.com>',
    );
  });

  it('masks an address on the public preferences page', () => {
    expect(maskEmail('priya.shah@example.com')).toBe('pr•••@example.com');
    expect(maskEmail('a@example.com')).toBe('a•••@example.com');
  });
});

describe('under Deno', () => {
  it('type-checks the functions host and every function', { timeout: 180_000 }, async () => {
    const deno = path.join(root, 'node_modules/.bin/deno');
    // With the committed lock, frozen: the check fails if the functions need a package it does not pin.
    await promisify(execFile)(deno, ['check', '--lock=supabase/functions/deno.lock', '--frozen', '--config', 'supabase/functions/deno.json', 'supabase/functions/_host/main.ts'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    });
  });

  it('bundles each function from supabase/functions alone, as `supabase functions deploy` does', { timeout: 180_000 }, async () => {
    const deno = path.join(root, 'node_modules/.bin/deno');
    const folder = `file://${path.join(root, 'supabase/functions')}/`;
    for (const name of ['send-email', 'gdpr-export', 'gdpr-erase']) {
      const { stdout } = await promisify(execFile)(
        deno,
        ['info', '--json', '--lock=supabase/functions/deno.lock', '--frozen', '--config', 'supabase/functions/deno.json', `supabase/functions/${name}/index.ts`],
        { cwd: root, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
      );
      const { modules } = JSON.parse(stdout) as { modules: { specifier: string }[] };
      const local = modules.map((m) => m.specifier).filter((s) => s.startsWith('file://'));
      expect(local.length).toBeGreaterThan(1);
      expect(local.filter((s) => !s.startsWith(folder)), `${name} imports from outside supabase/functions`).toEqual([]);
    }
  });

  it('renders emails with the Tailwind the app pins, not whatever npm has newest', async () => {
    const { readFile } = await import('node:fs/promises');
    const lock = JSON.parse(await readFile(path.join(root, 'supabase/functions/deno.lock'), 'utf8')) as { npm: Record<string, unknown> };
    const app = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string>; dependencies?: Record<string, string> };
    const pinned = app.dependencies?.tailwindcss ?? app.devDependencies?.tailwindcss;
    expect(Object.keys(lock.npm).filter((key) => key.startsWith('tailwindcss@'))).toEqual([`tailwindcss@${pinned}`]);
  });
});
