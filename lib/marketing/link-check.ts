/**
 * The final check's link test: every distinct link of a campaign is requested once (HEAD,
 * then GET when a server does not answer HEAD), redirects followed, and a 4xx/5xx answer, a
 * timeout or an unreachable host is reported with the link. The request comes from our own
 * server, so it refuses to reach private networks (loopback, RFC 1918, link-local — a cloud
 * metadata service), re-checked at every redirect; the app's own origin is the exception, since
 * campaigns link to its catalogue and portal.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

const TIMEOUT_MS = 8_000;
const MAX_REDIRECTS = 5;
const CONCURRENCY = 4;

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

function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 6) {
    const a = address.toLowerCase();
    if (a.startsWith('::ffff:')) return isPrivateAddress(a.slice(7));
    return a === '::1' || a === '::' || a.startsWith('fc') || a.startsWith('fd') || a.startsWith('fe80');
  }
  const [x = 0, y = 0] = address.split('.').map(Number);
  return x === 10 || x === 127 || x === 0 || (x === 169 && y === 254) || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 100 && y >= 64 && y <= 127);
}

async function reachesPrivateNetwork(url: URL): Promise<boolean> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  return addresses.some(isPrivateAddress);
}

async function request(url: URL, method: 'HEAD' | 'GET'): Promise<Response> {
  const response = await fetch(url, { method, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS), headers: { 'user-agent': 'Cohort link check' } });
  // Only the status matters: do not download the page.
  await response.body?.cancel().catch(() => undefined);
  return response;
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
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${link} leads to ${url.protocol} address, which email cannot open.`;
    try {
      if (!allowed.has(url.origin) && (await reachesPrivateNetwork(url))) {
        return `${link} points to a private network address that recipients cannot reach.`;
      }
      let response = await request(url, 'HEAD');
      if (response.status === 405 || response.status === 501) response = await request(url, 'GET');
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url);
        continue;
      }
      if (response.status >= 400) return `${link} answers ${response.status}${response.statusText ? ` ${response.statusText}` : ''}: the page is broken or missing.`;
      return null;
    } catch (error) {
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

/** Every http(s) link and image of rendered HTML, entities decoded. */
export function linksOf(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/\b(?:href|src)="([^"]*)"/g)) {
    const value = (match[1] ?? '').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    if (/^https?:\/\//i.test(value)) found.push(value);
  }
  return found;
}
