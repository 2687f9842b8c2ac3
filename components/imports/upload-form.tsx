'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { beginImportAction, finishUploadAction } from '@/app/actions/imports';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';

/** Pieces the browser sends the file in: under the server's 1 MB request limit. */
const PIECE_BYTES = 960 * 1024;

/**
 * Picks a file and what it holds, and sends it in pieces with a progress bar; a piece that
 * fails is retried twice. Then the mapping step opens.
 */
export function UploadForm({ objects, initialObject }: { objects: [string, string][]; initialObject: string }) {
  const router = useRouter();
  const fileId = useId();
  const [object, setObject] = useState(initialObject);
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function upload() {
    if (!file) {
      setError('Choose a file to import.');
      return;
    }
    setError(null);
    setSent(0);
    const begun = await beginImportAction({ object, fileName: file.name });
    if (!begun.ok) {
      setSent(null);
      setError(Object.values(begun.fieldErrors).flat()[0] ?? begun.message);
      return;
    }
    const id = begun.data.id;
    for (let seq = 0, from = 0; from < file.size; seq++, from += PIECE_BYTES) {
      const piece = file.slice(from, from + PIECE_BYTES);
      let answer: Response | null = null;
      for (let attempt = 0; attempt < 3 && !answer?.ok; attempt++) {
        answer = await fetch(`/api/imports/${id}/chunks/${seq}`, { method: 'PUT', body: piece, headers: { 'content-type': 'application/octet-stream' } }).catch(() => null);
        if (answer && answer.status < 500 && !answer.ok) break;
      }
      if (!answer?.ok) {
        setSent(null);
        setError(((await answer?.json().catch(() => null)) as { message?: string } | null)?.message ?? 'The file could not be sent. Check your connection and try again.');
        return;
      }
      setSent(Math.min(file.size, from + PIECE_BYTES));
    }
    const finished = await finishUploadAction(id);
    if (!finished.ok) {
      setSent(null);
      setError(finished.message);
      return;
    }
    router.push(`/imports/${id}`);
  }

  const percent = sent === null || !file ? 0 : Math.round((100 * sent) / Math.max(1, file.size));
  return (
    <form
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        void upload();
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="The file holds" name="object" value={object} onChange={(e) => setObject(e.target.value)}>
          {objects.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <div className="space-y-1">
          <label htmlFor={fileId} className="block text-sm font-medium text-slate-800">
            File (CSV, XLSX, or a ZIP of CSVs)
          </label>
          <input
            id={fileId}
            type="file"
            accept=".csv,.tsv,.txt,.xlsx,.zip,text/csv,application/zip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="block w-full text-sm text-slate-800 file:me-3 file:min-h-10 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:text-sm file:font-medium"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {sent !== null ? (
        <div className="space-y-1">
          <progress className="h-2 w-full accent-brand-600" max={100} value={percent} aria-label="Upload progress" />
          <p className="text-sm text-slate-700" aria-live="polite">
            {percent < 100 ? `Sending the file… ${percent}%` : 'Reading the file…'}
          </p>
        </div>
      ) : null}
      <Button type="submit" disabled={sent !== null}>
        {sent !== null ? 'Uploading…' : 'Upload and map columns'}
      </Button>
    </form>
  );
}
