import type { ReactNode } from 'react';
import type { Brand } from '@/lib/brand';

/**
 * The centred card of a public page, in the organisation's colours: its logo (or name) at the
 * top and its colour as the card's top edge. The colour is decoration only — text keeps the
 * app's own contrast whatever colour an organisation picks.
 */
export function BrandedCard({ brand, title, subtitle, children, wide = false }: { brand: Brand | null; title: string; subtitle?: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div
        className={`w-full ${wide ? 'max-w-md' : 'max-w-sm'} space-y-6 overflow-hidden rounded-xl border border-t-4 border-slate-200 bg-white p-8 shadow-sm`}
        style={brand?.color ? { borderTopColor: brand.color } : undefined}
        data-testid="branded-card"
      >
        <div className="space-y-2">
          {brand?.logoUrl ? (
            // biome-ignore lint/performance/noImgElement: an organisation's logo from wherever it hosts it (next/image would need its host configured)
            <img src={brand.logoUrl} alt={brand.name} className="h-10 w-auto max-w-full object-contain" />
          ) : brand ? (
            <p className="text-sm font-semibold tracking-wide text-slate-800">{brand.name}</p>
          ) : null}
          <h1 className="text-2xl font-semibold">{title}</h1>
          {subtitle ? <p className="text-sm text-slate-600">{subtitle}</p> : null}
        </div>
        {children}
      </div>
    </main>
  );
}
