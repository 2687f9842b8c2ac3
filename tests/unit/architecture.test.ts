/**
 * Rules of the code base that a type checker cannot see. The owner's connection
 * (lib/db/owner.ts) bypasses RLS, so only tooling may import it: the app, the worker, the
 * functions and the email templates run as authenticator.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** Files under `paths` whose text matches `pattern` (git grep; none is an empty list). */
function filesMatching(pattern: string, paths: string[]): string[] {
  try {
    return execFileSync('git', ['grep', '--untracked', '-l', '-E', pattern, '--', ...paths], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch (error) {
    if ((error as { status?: number }).status === 1) return [];
    throw error;
  }
}

it('no runtime code imports the owner’s connection', () => {
  expect(filesMatching(`from ['"][^'"]*db/owner['"]`, ['app', 'components', 'lib', 'supabase/functions'])).toEqual([]);
});

it('no page that can answer 404 sits under a loading boundary (which would stream a 200 first)', () => {
  const pages = filesMatching('notFound\\(|orNotFound\\(', ['app']).filter((file) => file.endsWith('/page.tsx'));
  const loadings = new Set(filesMatching('.', ['app']).filter((file) => file.endsWith('/loading.tsx')).map((file) => path.dirname(file)));
  const underLoading = pages.filter((page) => {
    for (let dir = path.dirname(page); dir !== '.' && dir !== '/'; dir = path.dirname(dir)) if (loadings.has(dir)) return true;
    return false;
  });
  expect(pages.length).toBeGreaterThan(5);
  expect(underLoading).toEqual([]);
});
