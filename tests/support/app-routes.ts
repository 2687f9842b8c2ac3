/**
 * Does the app serve a path? Walks app/ as Next.js routes it: route groups `(name)` add no
 * segment, `[name]` matches one segment, `[...name]` the rest; a folder with page.tsx or
 * route.ts answers. For checking links without a token that works (a sample email's).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const appDir = path.resolve(import.meta.dirname, '../../app');

function answers(dir: string): boolean {
  return ['page.tsx', 'route.ts'].some((file) => existsSync(path.join(dir, file)));
}

function match(dir: string, segments: string[]): string | null {
  const children = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('_'));
  if (segments.length === 0) {
    if (answers(dir)) return dir;
    for (const group of children.filter((d) => /^\(.+\)$/.test(d.name))) {
      const found = match(path.join(dir, group.name), segments);
      if (found) return found;
    }
    return null;
  }
  const [head, ...rest] = segments as [string, ...string[]];
  const ordered = [
    ...children.filter((d) => d.name === head),
    ...children.filter((d) => /^\(.+\)$/.test(d.name)),
    ...children.filter((d) => /^\[[^.]+\]$/.test(d.name)),
  ];
  for (const child of ordered) {
    const next = path.join(dir, child.name);
    const found = /^\(.+\)$/.test(child.name) ? match(next, segments) : match(next, rest);
    if (found) return found;
  }
  const catchAll = children.find((d) => /^\[\.\.\..+\]$/.test(d.name));
  return catchAll && answers(path.join(dir, catchAll.name)) ? path.join(dir, catchAll.name) : null;
}

/** The app folder that answers `pathname`, or null when the app has no such route. */
export function appRouteOf(pathname: string): string | null {
  const segments = pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  return match(appDir, segments);
}
