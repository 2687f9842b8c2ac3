import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import localFont from 'next/font/local';
import type { ReactNode } from 'react';
import { applyTheme, nonceOf, readTheme, THEME_COOKIE } from '@/lib/theme';
import './globals.css';

// Every page is rendered per request: its scripts must carry that response's CSP nonce
// (server/web-server.ts), which a page prerendered at build time cannot know.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Cohort CRM', template: '%s · Cohort CRM' },
  description: 'The CRM for training and certification businesses.',
};

// Inter from npm (@fontsource-variable/inter), served by Next from our own origin: nothing is
// fetched from a font CDN at build time or by the browser. Latin covers our copy; other scripts
// fall back to the system stack.
const inter = localFont({
  src: '../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',
  weight: '100 900',
  display: 'swap',
  variable: '--font-inter',
});

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = readTheme((await cookies()).get(THEME_COOKIE)?.value);
  const nonce = nonceOf((await headers()).get('content-security-policy'));
  return (
    // React renders the choice; the script (lib/theme.ts) sets data-theme from it before the
    // first paint, hence the hydration warning suppressed on <html>.
    <html lang="en" className={inter.variable} data-theme-choice={theme} suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant of ours (lib/theme.ts), run before paint so the theme shows without a flash */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: applyTheme }} />
      </head>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">{children}</body>
    </html>
  );
}
