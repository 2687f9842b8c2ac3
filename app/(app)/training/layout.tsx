import { SectionNav } from '@/components/layout/section-nav';
import type { ReactNode } from 'react';

const sections = [
  ['/training', 'Sessions'],
  ['/training/enrollments', 'Enrollments'],
  ['/training/certificates', 'Certificates'],
] as const;

export default function TrainingLayout({ children }: { children: ReactNode }) {
  return (
    <div className="space-y-4">
      <SectionNav label="Training" sections={sections} />
      {children}
    </div>
  );
}
