/**
 * The operations edge without a database: who may read health and metrics (lib/ops/access.ts),
 * how paths become route labels (lib/ops/metrics.ts), and a stop that lets requests in flight
 * finish while it ends live streams and takes no new connection (lib/http/graceful-close.ts),
 * what a person is told when the database is full or gone (lib/crm/errors.ts), and the bound on
 * requests in flight that sheds an overload (lib/http/in-flight.ts).
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CrmError, DISK_FULL_MESSAGE, translateDbError, UNREACHABLE_MESSAGE } from '../../lib/crm/errors';
import { gracefulClose } from '../../lib/http/graceful-close';
import { DEFAULT_MAX_IN_FLIGHT, inFlightGate, maxInFlight, notCounted } from '../../lib/http/in-flight';
import { opsAccess } from '../../lib/ops/access';
import { pathLabel, routeOf } from '../../lib/ops/metrics';

describe('health and metrics access', () => {
  it('answers this machine when no token is set, and nobody else', () => {
    expect(opsAccess(undefined, '127.0.0.1', '')).toEqual({ allowed: true });
    expect(opsAccess(undefined, '::1', '')).toEqual({ allowed: true });
    expect(opsAccess(undefined, '203.0.113.9', '')).toMatchObject({ allowed: false, status: 403 });
  });

  it('with OPS_TOKEN, wants exactly that bearer token — from this machine too', () => {
    const token = 'a-long-operations-token-0123456789';
    expect(opsAccess(`Bearer ${token}`, '203.0.113.9', token)).toEqual({ allowed: true });
    expect(opsAccess(`Bearer ${token}x`, '203.0.113.9', token)).toMatchObject({ allowed: false, status: 401 });
    expect(opsAccess(token, '203.0.113.9', token)).toMatchObject({ allowed: false, status: 401 });
    expect(opsAccess(undefined, '127.0.0.1', token)).toMatchObject({ allowed: false, status: 401 });
  });
});

describe('route labels', () => {
  it('replace ids, numbers and tokens, so a label names a page rather than a URL', () => {
    expect(routeOf('/contacts/0b5e7a7e-8c1f-4b7e-9a57-5e7f3c1d2a4b')).toBe('/contacts/:id');
    expect(routeOf('/contacts/0B5E7A7E-8C1F-4B7E-9A57-5E7F3C1D2A4B/edit')).toBe('/contacts/:id/edit');
    expect(routeOf('/unsubscribe/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc')).toBe('/unsubscribe/:token');
    expect(routeOf('/verify/CERT-2026-0042')).toBe('/verify/CERT-2026-0042');
    expect(routeOf('/training/sessions/42')).toBe('/training/sessions/:n');
    expect(routeOf('/_next/static/chunks/app-1234.js')).toBe('/_next/static/*');
    expect(routeOf('/')).toBe('/');
  });

  it('stop at a few hundred distinct labels: the rest count as "other"', () => {
    for (let i = 0; i < 400; i++) routeOf(`/probe-${i}`);
    expect(routeOf('/probe-never-seen-before')).toBe('other');
    // A log line keeps the path's shape however many there were (only metrics need the cap).
    expect(pathLabel('/probe-never-seen-before')).toBe('/probe-never-seen-before');
    expect(pathLabel('/api/unsubscribe/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc')).toBe('/api/unsubscribe/:token');
    expect(routeOf('/contacts/0b5e7a7e-8c1f-4b7e-9a57-5e7f3c1d2a4b')).toBe('/contacts/:id');
  });
});

describe('a graceful stop', () => {
  it('lets a request in flight finish, ends a live stream, and refuses new connections', async () => {
    const server = createServer((request, response) => {
      if (request.url === '/stream') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: hello\n\n');
        return;
      }
      setTimeout(() => response.end('finished'), 600);
    });
    const stop = gracefulClose(server, 5_000);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        // As an EventSource asks for a stream.
        const headers = path === '/stream' ? { accept: 'text/event-stream' } : {};
        // A fresh connection each time (no keep-alive agent): what a new client would open.
        const req = httpRequest({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });

    const stream = get('/stream');
    const slow = get('/slow');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const stopped = stop();
    // The stream ends at once; the slow request still gets its whole answer.
    expect(await stream).toEqual({ status: 200, body: 'data: hello\n\n' });
    expect(await slow).toEqual({ status: 200, body: 'finished' });
    await stopped;
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect(get('/after')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('a database out of space or out of reach', () => {
  const kindAndMessage = (error: unknown) => {
    const known = translateDbError(error);
    return known instanceof CrmError ? [known.kind, known.message] : null;
  };
  it('tells the person nothing was saved when the disk is full', () => {
    expect(kindAndMessage({ code: '53100', message: 'could not extend file "base/5/16384": No space left on device' })).toEqual(['unavailable', DISK_FULL_MESSAGE]);
  });
  it('tells the person the database could not be reached when the connection is gone', () => {
    for (const error of [
      { code: '57P01', message: 'terminating connection due to administrator command' },
      { code: '57P03', message: 'the database system is starting up' },
      { code: '08006', message: 'connection failure' },
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
    ]) {
      expect(kindAndMessage(error)).toEqual(['unavailable', UNREACHABLE_MESSAGE]);
    }
  });
  it('leaves other failures as they are (bugs, logged by the caller)', () => {
    const bug = Object.assign(new Error('column "nope" does not exist'), { code: '42703' });
    expect(translateDbError(bug)).toBe(bug);
    expect(translateDbError(new TypeError('x is undefined'))).toBeInstanceOf(TypeError);
  });
});

describe('load shedding (requests in flight)', () => {
  it('admits up to the bound, refuses past it, and admits again as requests end', () => {
    const gate = inFlightGate(2);
    expect([gate.tryEnter(), gate.tryEnter(), gate.tryEnter()]).toEqual([true, true, false]);
    gate.leave();
    expect(gate.tryEnter()).toBe(true);
    expect(gate.current).toBe(2);
  });
  it('never refuses when turned off, and reads its bound from MAX_IN_FLIGHT', () => {
    const off = inFlightGate(0);
    for (let i = 0; i < 1000; i++) expect(off.tryEnter()).toBe(true);
    expect(maxInFlight({})).toBe(DEFAULT_MAX_IN_FLIGHT);
    expect(maxInFlight({ MAX_IN_FLIGHT: '0' })).toBe(0);
    expect(maxInFlight({ MAX_IN_FLIGHT: '12' })).toBe(12);
    expect(() => maxInFlight({ MAX_IN_FLIGHT: 'lots' })).toThrow(/MAX_IN_FLIGHT must be a whole number/);
  });
  it('does not count live-update streams or build assets', () => {
    expect(notCounted('/api/events')).toBe(true);
    expect(notCounted('/_next/static/chunks/app.js')).toBe(true);
    expect(notCounted('/contacts')).toBe(false);
  });
});
