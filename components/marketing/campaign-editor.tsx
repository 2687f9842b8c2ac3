'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { previewCampaignAction, saveCampaignAction } from '@/app/actions/marketing';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { personalTokenNames, personalTokens } from '@/supabase/functions/_shared/emails/components/tokens';
import type { FieldSpec } from '@/lib/marketing/template-fields';
import { spamHints } from '@/lib/marketing/subject-hints';
import { CampaignSend } from './campaign-send';
import { type SessionChoice, Fields } from './template-fields';
import { TemplatePreview } from './template-preview';
import { TestSendForm } from './test-send-form';

export type AbDraft = { subject_b: string; percent: number; metric: 'opens' | 'clicks'; wait_hours: number };
export type CampaignDraft = { name: string; segment_id: string; template: string; subject: string; preheader: string; ab: AbDraft | null; props: Record<string, unknown> };

const AB_DEFAULT: AbDraft = { subject_b: '', percent: 20, metric: 'opens', wait_hours: 4 };

type PreviewResult = Extract<Awaited<ReturnType<typeof previewCampaignAction>>, { ok: true }>['data'];
type PreviewData = Extract<PreviewResult, { ok: true }>;
type Sample = { id: string; email: string | null; first_name: string | null; last_name: string | null };

const SUBJECT_MAX = 150;
const PREHEADER_MAX = 200;
const PREVIEW_DELAY_MS = 400;

/** A line with tokens: the field, a counter, insert-a-token buttons and the spam hints. */
function PersonalisedLine({ label, value, max, onChange, error, hint }: { label: string; value: string; max: number; onChange: (v: string) => void; error?: string; hint: string }) {
  const hints = spamHints(value);
  return (
    <div className="space-y-1">
      <TextField label={label} value={value} maxLength={max} error={error} hint={`${value.length} / ${max} characters. ${hint}`} onChange={(e) => onChange(e.target.value)} />
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <span>Insert:</span>
        {personalTokenNames.map((token) => (
          <button
            key={token}
            type="button"
            className="min-h-8 rounded border border-slate-300 px-2 hover:bg-slate-100"
            onClick={() => onChange(`${value}${value && !value.endsWith(' ') ? ' ' : ''}${personalTokens[token].example}`)}
          >
            {personalTokens[token].label}
            <span className="sr-only"> into {label.toLowerCase()}</span>
          </button>
        ))}
      </div>
      {hints.length ? (
        <p className="text-xs text-amber-800" data-testid={`${label.toLowerCase().replace(/\W+/g, '-')}-hints`}>
          {hints.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The campaign editor: name, segment, subject line and preheader (with tokens), and the
 * template's own fields, beside a live preview rendered by the send path's renderer for a
 * person of the segment. Test sends and the final check save the draft first, so they always
 * act on what is on screen.
 */
export function CampaignEditor({
  campaignId,
  initial,
  segments,
  fields,
  sessions,
  templateTitle,
  memberEmail,
}: {
  campaignId: string;
  memberEmail: string;
  initial: CampaignDraft;
  segments: { id: string; name: string; audience: string }[];
  fields: FieldSpec[];
  sessions: SessionChoice[];
  templateTitle: string;
}) {
  const router = useRouter();
  const [draft, setDraft] = useState<CampaignDraft>(initial);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [status, setStatus] = useState<'saved' | 'unsaved' | 'saving'>('saved');
  const [preview, setPreview] = useState<PreviewData | null>(null);
  const [samples, setSamples] = useState<Sample[]>([]);
  const [sampleId, setSampleId] = useState<string | undefined>(undefined);
  const [previewIssues, setPreviewIssues] = useState<string[]>([]);
  const sequence = useRef(0);

  const update = (patch: Partial<CampaignDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setStatus('unsaved');
  };

  // The preview follows the form, a moment after typing stops; only the latest answer counts.
  useEffect(() => {
    const ticket = ++sequence.current;
    const timer = setTimeout(async () => {
      const result = await previewCampaignAction(campaignId, { ...draft, sample_id: sampleId });
      if (ticket !== sequence.current || !result.ok) return;
      setSamples(result.data.samples);
      if (result.data.ok) {
        setPreview(result.data);
        setPreviewIssues([]);
      } else setPreviewIssues(result.data.issues);
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [campaignId, draft, sampleId]);

  const save = useCallback(async (): Promise<boolean> => {
    setStatus('saving');
    setFailure(null);
    const result = await saveCampaignAction(campaignId, draft);
    if (result.ok) {
      setErrors({});
      setStatus('saved');
      router.refresh();
      return true;
    }
    setErrors(result.fieldErrors);
    setFailure(result.message);
    setStatus('unsaved');
    return false;
  }, [campaignId, draft, router]);

  const fieldError = (key: string) => errors[key]?.join(' ');

  return (
    <div className="space-y-4" data-testid="campaign-editor">
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <form
          noValidate
          className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
          data-testid="campaign-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          {failure ? <Alert>{failure}</Alert> : null}
          <TextField label="Campaign name" value={draft.name} error={fieldError('name')} onChange={(e) => update({ name: e.target.value })} />
          <SelectField label="Segment (who receives it)" value={draft.segment_id} error={fieldError('segment_id')} onChange={(e) => update({ segment_id: e.target.value })}>
            {segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.audience})
              </option>
            ))}
          </SelectField>
          <PersonalisedLine
            label="Subject line"
            value={draft.subject}
            max={SUBJECT_MAX}
            error={fieldError('subject')}
            hint={preview && !draft.subject ? `Empty: the template’s own (“${preview.subject}”).` : 'Most inboxes show the first 60.'}
            onChange={(subject) => update({ subject })}
          />
          <PersonalisedLine
            label="Preheader"
            value={draft.preheader}
            max={PREHEADER_MAX}
            error={fieldError('preheader')}
            hint="The line inboxes show after the subject."
            onChange={(preheader) => update({ preheader })}
          />
          <fieldset className="space-y-3 rounded-md border border-slate-200 p-3" data-testid="ab-test">
            <legend className="px-1 text-sm font-semibold text-slate-800">A/B test</legend>
            <label className="flex min-h-8 items-center gap-2 text-sm">
              <input type="checkbox" checked={draft.ab !== null} onChange={(e) => update({ ab: e.target.checked ? { ...AB_DEFAULT } : null })} />
              Test two subjects on part of the audience, then send the better one to everyone else
            </label>
            {draft.ab ? (
              <>
                <PersonalisedLine
                  label="Subject B"
                  value={draft.ab.subject_b}
                  max={SUBJECT_MAX}
                  error={fieldError('ab.subject_b')}
                  hint="Subject A is the subject line above."
                  onChange={(subject_b) => update({ ab: { ...(draft.ab as AbDraft), subject_b } })}
                />
                <div className="grid gap-3 sm:grid-cols-3">
                  <SelectField label="Test on" value={String(draft.ab.percent)} error={fieldError('ab.percent')} onChange={(e) => update({ ab: { ...(draft.ab as AbDraft), percent: Number(e.target.value) } })}>
                    {[10, 20, 30, 50].map((p) => (
                      <option key={p} value={p}>{p} % of the audience</option>
                    ))}
                  </SelectField>
                  <SelectField label="Winner by" value={draft.ab.metric} onChange={(e) => update({ ab: { ...(draft.ab as AbDraft), metric: e.target.value as AbDraft['metric'] } })}>
                    <option value="opens">Open rate</option>
                    <option value="clicks">Click rate</option>
                  </SelectField>
                  <SelectField label="Then wait" value={String(draft.ab.wait_hours)} error={fieldError('ab.wait_hours')} onChange={(e) => update({ ab: { ...(draft.ab as AbDraft), wait_hours: Number(e.target.value) } })}>
                    {[1, 2, 4, 12, 24, 48].map((h) => (
                      <option key={h} value={h}>{h} {h === 1 ? 'hour' : 'hours'}</option>
                    ))}
                  </SelectField>
                </div>
                <p className="text-xs text-slate-600">
                  Half the test group gets subject A, half subject B. After the wait, the subject with the better rate goes to
                  everyone else, automatically; the report shows which won.
                </p>
              </>
            ) : null}
          </fieldset>
          <h2 className="border-t border-slate-200 pt-3 text-base font-semibold">{templateTitle}</h2>
          <Fields fields={fields} value={draft.props} onChange={(props) => update({ props })} errors={errors} sessions={sessions} />
          <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-3">
            <Button type="submit" disabled={status === 'saving'}>
              {status === 'saving' ? 'Saving…' : 'Save draft'}
            </Button>
            <span role="status" className="text-sm text-slate-600" data-testid="save-status">
              {status === 'saved' ? 'All changes saved.' : status === 'saving' ? 'Saving…' : 'Unsaved changes.'}
            </span>
          </div>
        </form>
        <section aria-labelledby="preview-heading" className="space-y-3 xl:sticky xl:top-4 xl:self-start" data-testid="campaign-preview">
          <h2 id="preview-heading" className="text-lg font-semibold">
            Preview
          </h2>
          {samples.length ? (
            <SelectField label="Show it as received by" value={sampleId ?? preview?.sampleId ?? ''} onChange={(e) => setSampleId(e.target.value)}>
              {samples.map((s) => (
                <option key={s.id} value={s.id}>
                  {[s.first_name, s.last_name].filter(Boolean).join(' ') || '(no name)'} — {s.email}
                </option>
              ))}
            </SelectField>
          ) : (
            <p className="text-sm text-slate-600">Nobody in this segment can receive it yet, so the preview uses a person without a name.</p>
          )}
          {previewIssues.length ? (
            <Alert>
              The preview shows the last version that could be rendered. Fix:
              <ul className="mt-1 list-inside list-disc">
                {previewIssues.map((issue) => (
                  <li key={issue}>{issue}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
          {preview ? (
            <>
              <dl className="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="inbox-view">
                <div className="flex gap-2"><dt className="w-20 shrink-0 text-slate-600">Subject</dt><dd className="font-semibold" data-testid="preview-subject">{preview.subject}</dd></div>
                <div className="flex gap-2"><dt className="w-20 shrink-0 text-slate-600">Preheader</dt><dd data-testid="preview-preheader">{preview.preheader}</dd></div>
                <div className="flex gap-2"><dt className="w-20 shrink-0 text-slate-600">Size</dt><dd>{Math.ceil(preview.bytes / 1024)} KB of Gmail’s 102 KB</dd></div>
              </dl>
              <TemplatePreview name="The campaign" html={preview.html} text={preview.text} />
            </>
          ) : (
            <p className="text-sm text-slate-600" role="status">Rendering the preview…</p>
          )}
        </section>
      </div>
      <TestSendForm campaignId={campaignId} defaultAddress={memberEmail} sampleId={sampleId ?? preview?.sampleId ?? undefined} ensureSaved={status === 'saved' ? async () => true : save} />
      <CampaignSend campaignId={campaignId} ensureSaved={status === 'saved' ? async () => true : save} />
    </div>
  );
}
