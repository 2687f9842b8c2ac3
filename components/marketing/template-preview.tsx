'use client';

import { useState } from 'react';

const views = [
  { key: 'desktop', label: 'Desktop', width: '100%' },
  { key: 'mobile', label: 'Mobile (375 px)', width: '375px' },
  { key: 'text', label: 'Text part', width: '100%' },
] as const;
type View = (typeof views)[number]['key'];

/**
 * One rendered template: its HTML at desktop and phone width in a sandboxed frame (nothing
 * allowed: no scripts, no navigation), or its plain-text part.
 */
export function TemplatePreview({ name, html, text }: { name: string; html: string; text: string }) {
  const [view, setView] = useState<View>('desktop');
  const current = views.find((v) => v.key === view) ?? views[0];
  return (
    <div className="space-y-3">
      <fieldset className="flex flex-wrap gap-2">
        <legend className="sr-only">Preview as</legend>
        {views.map((v) => (
          <button
            key={v.key}
            type="button"
            aria-pressed={view === v.key}
            onClick={() => setView(v.key)}
            className="min-h-10 rounded-md border border-slate-300 px-3 text-sm aria-pressed:bg-accent aria-pressed:text-on-accent"
          >
            {v.label}
          </button>
        ))}
      </fieldset>
      {view === 'text' ? (
        <pre className="whitespace-pre-wrap break-words rounded-lg border border-slate-200 bg-white p-4 text-xs" data-testid="template-text">
          {text}
        </pre>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-slate-100 p-3">
          <iframe
            title={`${name} at ${current.label.toLowerCase()} width`}
            srcDoc={html}
            sandbox=""
            style={{ width: current.width }}
            className="mx-auto block h-[720px] max-w-full rounded border border-slate-200 bg-white"
            data-testid="template-html"
          />
        </div>
      )}
    </div>
  );
}
