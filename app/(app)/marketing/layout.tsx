import type { ReactNode } from 'react';
import { SectionNav } from '@/components/layout/section-nav';
import { requireStaff } from '@/lib/auth/current-staff';
import { marketingSectionsFor } from '@/lib/navigation';

/** The Marketing section: its pages' links, only those the member may open (lib/navigation.ts). */
export default async function MarketingLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  return (
    <div className="space-y-4">
      <SectionNav label="Marketing" sections={marketingSectionsFor(staff.role)} />
      {children}
    </div>
  );
}
