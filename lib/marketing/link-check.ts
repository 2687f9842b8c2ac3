/**
 * The final check's link test: every distinct link of a campaign is requested once (HEAD,
 * then GET when a server does not answer HEAD), redirects followed, and a 4xx/5xx answer, a
 * timeout or an unreachable host is reported with the link. The request comes from our own
 * server, so it refuses to reach private networks (loopback, RFC 1918, link-local — a cloud
 * metadata service), re-checked at every redirect; the app's own origin is the exception, since
 * campaigns link to its catalogue and portal.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

const TIMEOUT_MS = 8_000;
const MAX_REDIRECTS = 5;
const CONCURRENCY = 4;
/** More distinct links than this in one email is a mistake (or an attempt to make us crawl). */
export const MAX_LINKS = 50;

/** Origins a link may point to even when they resolve to a private address: the app's own. */
function ownOrigins(): Set<string> {
  const origins = new Set<string>();
  for (const value of [process.env.APP_URL, process.env.LEARNER_PORTAL_URL]) {
    try {
      if (value) origins.add(new URL(value).origin);
    } catch {
      // not a URL: nothing to allow
    }
  }
  return origins;
}

/**
 * Only ordinary public unicast addresses (ipaddr.js classifies every special range: loopback,
 * RFC 1918, link-local, unique-local, carrier-grade NAT, IPv4-mapped and the rest).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

class PrivateAddressError extends Error {}

/**
 * The DNS lookup the connection itself uses: the address is checked here, at connect time,
 * so the name cannot resolve to a public address for a check and a private one for the request.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as LookupAddress[];
    const bad = list.find((a) => !isPublicAddress(a.address));
    if (bad || list.length === 0) return callback(new PrivateAddressError(hostname), '', 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    const first = list[0] as LookupAddress;
    return callback(null, first.address, first.family);
  });
};

type Answer = { status: number; location: string | null };

function request(url: URL, method: 'HEAD' | 'GET', checkAddress: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (checkAddress && ipaddr.isValid(host) && !isPublicAddress(host)) return reject(new PrivateAddressError(host));
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, { method, timeout: TIMEOUT_MS, headers: { 'user-agent': 'Cohort link check' }, ...(checkAddress ? { lookup: publicOnlyLookup } : {}) }, (res) => {
      // Only the status matters: do not download the page.
      res.destroy();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end();
  });
}

/** Null when `link` answers with a success; otherwise what is wrong with it, as a sentence. */
export async function checkLink(link: string): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return `“${link}” is not a valid web address.`;
  }
  const allowed = ownOrigins();
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${link} leads to a ${url.protocol} address, which email cannot open.`;
    try {
      // Every hop is checked again: a public page may redirect to a private one.
      const checkAddress = !allowed.has(url.origin);
      let answer = await request(url, 'HEAD', checkAddress);
      if (answer.status === 405 || answer.status === 501) answer = await request(url, 'GET', checkAddress);
      if (answer.status >= 300 && answer.status < 400 && answer.location) {
        url = new URL(answer.location, url);
        continue;
      }
      if (answer.status >= 400) return `${link} answers ${answer.status}: the page is broken or missing.`;
      return null;
    } catch (error) {
      if (error instanceof PrivateAddressError) return `${link} points to a private network address that recipients cannot reach.`;
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'did not answer within 8 seconds' : 'could not be reached';
      return `${link} ${reason}.`;
    }
  }
  return `${link} redirects more than ${MAX_REDIRECTS} times.`;
}

/** Checks every link (each once, a few at a time); the problems, in the links' order. */
export async function checkLinks(links: string[]): Promise<{ link: string; problem: string }[]> {
  const unique = [...new Set(links)];
  const problems: (string | null)[] = new Array(unique.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const index = next++;
      problems[index] = await checkLink(unique[index] as string);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, unique.length) }, worker));
  return unique.flatMap((link, i) => (problems[i] ? [{ link, problem: problems[i] as string }] : []));
}

/**
 * Every web link and image of rendered HTML, as a mail client would resolve it (entities
 * decoded, then parsed as a URL: `https:example.com` is https://example.com/ to a browser too).
 */
export function linksOf(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/\b(?:href|src)="([^"]*)"/g)) {
    const value = (match[1] ?? '').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    try {
      const url = new URL(value.trim());
      if (url.protocol === 'http:' || url.protocol === 'https:') found.push(url.href);
    } catch {
      // not an absolute URL: nothing a recipient's client would open
    }
  }
  return found;
}
