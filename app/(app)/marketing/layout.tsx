import { SectionNav } from '@/components/layout/section-nav';
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
      <SectionNav label="Marketing" sections={sections} />
      {children}
    </div>
  );
}
