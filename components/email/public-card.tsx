import type { ReactNode } from 'react';

/** The centred card of pages people reach from an email, branded with the sender, not with Cohort. */
export function PublicCard({ sender, title, children }: { sender?: string; title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md space-y-5 rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <div className="space-y-1">
          {sender ? <p className="text-sm font-semibold tracking-wide text-brand-700">{sender}</p> : null}
          <h1 className="text-2xl font-semibold">{title}</h1>
        </div>
        {children}
      </div>
    </main>
  );
}
