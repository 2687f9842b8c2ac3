import type { Metadata } from 'next';
import localFont from 'next/font/local';
import type { ReactNode } from 'react';
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

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">{children}</body>
    </html>
  );
}
