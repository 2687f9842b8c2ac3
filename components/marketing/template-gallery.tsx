'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { startCampaignAction } from '@/app/actions/marketing';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

export type GalleryTemplate = { name: string; title: string; description: string; html: string };

/**
 * The campaign gallery: each marketing template as a thumbnail (its real render with the
 * organisation's content and brand, shrunk), its name and when to use it. Choosing one makes a
 * draft and opens the editor.
 */
export function TemplateGallery({ templates }: { templates: GalleryTemplate[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      {failure ? <Alert>{failure}</Alert> : null}
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" data-testid="template-gallery">
        {templates.map((t) => (
          <li key={t.name} className="flex flex-col overflow-hidden rounded-lg border border-slate-200 bg-white">
            <div className="relative h-56 overflow-hidden border-b border-slate-200 bg-slate-100" aria-hidden>
              <iframe
                title={`${t.title} thumbnail`}
                srcDoc={t.html}
                sandbox=""
                tabIndex={-1}
                loading="lazy"
                className="pointer-events-none absolute top-0 left-1/2 h-[1120px] w-[640px] origin-top -translate-x-1/2 scale-[0.4] border-0 bg-white"
              />
            </div>
            <div className="flex flex-1 flex-col gap-2 p-4">
              <h2 className="text-base font-semibold">{t.title}</h2>
              <p className="flex-1 text-sm text-slate-700">{t.description}</p>
              <Button
                disabled={busy !== null}
                onClick={async () => {
                  setBusy(t.name);
                  setFailure(null);
                  const result = await startCampaignAction({ template: t.name });
                  if (result.ok) router.push(`/marketing/campaigns/${result.data.id}`);
                  else {
                    setFailure(result.message);
                    setBusy(null);
                  }
                }}
              >
                {busy === t.name ? 'Creating the draft…' : 'Use this template'}
                <span className="sr-only">: {t.title}</span>
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
