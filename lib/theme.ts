/**
 * The colour theme a person chose: light, dark, or whatever their system prefers (the
 * default). Kept in a cookie so the server renders the right theme, with no flash of the
 * other one.
 */
import { z } from 'zod';

export const THEME_COOKIE = 'cohort_theme';
export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];
export const themeSchema = z.enum(themes, { error: 'Choose light, dark or system.' });

export function readTheme(value: string | undefined): Theme {
  const parsed = themeSchema.safeParse(value);
  return parsed.success ? parsed.data : 'system';
}

/**
 * Run before the page paints (and kept running): sets <html data-theme> from the choice React
 * renders in data-theme-choice — the system's theme for "system", following it when it
 * changes, and any new choice at once (a soft navigation does not re-run this script).
 */
export const applyTheme = `(() => {
  const root = document.documentElement;
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    const choice = root.dataset.themeChoice;
    root.dataset.theme = choice === 'dark' || (choice !== 'light' && query.matches) ? 'dark' : 'light';
  };
  apply();
  query.addEventListener('change', apply);
  new MutationObserver(apply).observe(root, { attributes: true, attributeFilter: ['data-theme-choice'] });
})();`;

/** The nonce of this response's Content-Security-Policy (server/web-server.ts sets it on the request). */
export function nonceOf(policy: string | null): string | undefined {
  return policy?.match(/'nonce-([A-Za-z0-9+/=_-]+)'/)?.[1];
}
