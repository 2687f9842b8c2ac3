/**
 * Load shedding: how many requests one web server instance works on at once. Past that, a new
 * request is answered 503 with Retry-After at once instead of queueing behind the others: on 2
 * cores a Next.js server renders about 20 pages a second, and without a bound an overload
 * (200 members at once) makes every request slower until they all time out — and the server goes
 * on rendering pages nobody waits for any more (measured: 20 pages/s fell to ~1/s,
 * docs/benchmarks.md). With the bound it keeps serving what it can at the speed it can; a
 * balancer or the browser sends the rest again, to this instance or another.
 *
 * MAX_IN_FLIGHT sets the bound per instance (default 100: on 2 cores, 100 members at once were
 * all served, in seconds, and 200 were not — docs/benchmarks.md; 0 turns shedding off).
 * Live-update streams (held open for hours) and build assets (answered from memory) are not
 * counted. The answer itself waits for the event loop like any other, so a client that retries
 * at once instead of after Retry-After still costs the server: shedding belongs at the balancer
 * too, where there is one.
 */
export const DEFAULT_MAX_IN_FLIGHT = 100;

export function maxInFlight(env: Record<string, string | undefined> = process.env): number {
  const given = env.MAX_IN_FLIGHT;
  if (given === undefined || given === '') return DEFAULT_MAX_IN_FLIGHT;
  const value = Number(given);
  if (!Number.isInteger(value) || value < 0) throw new Error(`MAX_IN_FLIGHT must be a whole number (0 turns load shedding off), not "${given}".`);
  return value;
}

/** Paths that are not work in this sense: a held-open stream, or a file from the build. */
export const notCounted = (pathname: string) => pathname === '/api/events' || pathname.startsWith('/_next/static/');

export type InFlightGate = { tryEnter: () => boolean; leave: () => void; readonly current: number };

/** Counts requests in flight; `tryEnter` is false once `max` are (never, when max is 0). */
export function inFlightGate(max: number): InFlightGate {
  let current = 0;
  return {
    tryEnter() {
      if (max > 0 && current >= max) return false;
      current += 1;
      return true;
    },
    leave() {
      current = Math.max(0, current - 1);
    },
    get current() {
      return current;
    },
  };
}
