import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { requireStaff } from '@/lib/auth/current-staff';

const sections = [
  ['/compliance', 'Requests'],
  ['/compliance/consent', 'Consent lookup'],
  ['/compliance/audit', 'Audit log'],
  ['/compliance/retention', 'Retention'],
] as const;

/** The compliance officer's workspace (admins too); RLS refuses everyone else regardless. */
export default async function ComplianceLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  if (staff.role !== 'compliance' && staff.role !== 'admin') redirect('/dashboard');
  return (
    <div className="space-y-4">
      <nav aria-label="Compliance" className="flex flex-wrap gap-2 text-sm print:hidden">
        {sections.map(([href, label]) => (
          <Link key={href} href={href} className="min-h-10 rounded-md border border-slate-300 bg-white px-3 py-2 hover:bg-slate-100">
            {label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
