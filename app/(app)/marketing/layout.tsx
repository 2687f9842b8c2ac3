import Link from 'next/link';
import type { ReactNode } from 'react';

const sections = [
  ['/marketing/campaigns', 'Campaigns'],
  ['/marketing/segments', 'Segments'],
  ['/marketing/sequences', 'Sequences'],
  ['/marketing/templates', 'Templates'],
] as const;

export default function MarketingLayout({ children }: { children: ReactNode }) {
  return (
    <div className="space-y-4">
      <nav aria-label="Marketing" className="flex flex-wrap gap-x-4 gap-y-1 border-b border-slate-200 pb-2 text-sm">
        {sections.map(([href, label]) => (
          <Link key={href} href={href} className="inline-flex min-h-8 items-center font-medium text-brand-700 hover:underline">
            {label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
