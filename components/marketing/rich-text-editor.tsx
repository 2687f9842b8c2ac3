'use client';

import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Bold, Italic, Link2, Link2Off, List, ListOrdered } from 'lucide-react';
import { useId, useState } from 'react';

/**
 * Rich text for email (Tiptap): bold, italic, links, bulleted and numbered lists, two heading
 * levels — what email clients render reliably, and exactly what the server's sanitiser keeps
 * (supabase/functions/_shared/emails/components/rich-text.tsx). The HTML it produces is cleaned again on the server, so
 * nothing here is trusted.
 */
export function RichTextEditor({ label, value, onChange, error }: { label: string; value: string; onChange: (html: string) => void; error?: string }) {
  const labelId = useId();
  const errorId = useId();
  const [linking, setLinking] = useState<string | null>(null);
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3] },
        code: false,
        codeBlock: false,
        horizontalRule: false,
        strike: false,
        link: { openOnClick: false, autolink: true, protocols: ['mailto'], defaultProtocol: 'https' },
      }),
    ],
    content: value,
    // Rendered on the client only: the server sends the form, the editor mounts on hydration.
    immediatelyRender: false,
    editorProps: {
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': labelId,
        ...(error ? { 'aria-invalid': 'true', 'aria-describedby': errorId } : {}),
        class: 'prose-email min-h-32 px-3 py-2 text-sm focus:outline-none',
      },
    },
    onUpdate: ({ editor: current }) => onChange(current.getHTML()),
  });
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e?.isActive('bold') ?? false,
      italic: e?.isActive('italic') ?? false,
      bullets: e?.isActive('bulletList') ?? false,
      numbers: e?.isActive('orderedList') ?? false,
      link: e?.isActive('link') ?? false,
    }),
  });

  const tool = (name: string, pressed: boolean, run: () => void, Icon: typeof Bold) => (
    <button
      type="button"
      aria-label={name}
      title={name}
      aria-pressed={pressed}
      // A click keeps the caret in the text (the next keystroke goes there, not to the button).
      onMouseDown={(event) => event.preventDefault()}
      onClick={run}
      className="inline-flex min-h-9 min-w-9 items-center justify-center rounded text-slate-700 hover:bg-slate-100 aria-pressed:bg-slate-200"
    >
      <Icon aria-hidden className="size-4" />
    </button>
  );

  const applyLink = () => {
    if (!editor || linking === null) return;
    const href = linking.trim();
    if (href) editor.chain().focus().extendMarkRange('link').setLink({ href: /^(https?:|mailto:)/i.test(href) ? href : `https://${href}` }).run();
    setLinking(null);
  };

  return (
    <div className="space-y-1">
      <span id={labelId} className="block text-sm font-medium text-slate-800">
        {label}
      </span>
      <div className={`rounded-md border bg-white shadow-sm ${error ? 'border-red-600' : 'border-slate-300'}`}>
        <div role="toolbar" aria-label={`${label}: formatting`} className="flex flex-wrap items-center gap-1 border-b border-slate-200 p-1">
          {tool('Bold', active?.bold ?? false, () => editor?.chain().focus().toggleBold().run(), Bold)}
          {tool('Italic', active?.italic ?? false, () => editor?.chain().focus().toggleItalic().run(), Italic)}
          {tool('Bulleted list', active?.bullets ?? false, () => editor?.chain().focus().toggleBulletList().run(), List)}
          {tool('Numbered list', active?.numbers ?? false, () => editor?.chain().focus().toggleOrderedList().run(), ListOrdered)}
          {tool('Link', active?.link ?? false, () => setLinking(editor?.getAttributes('link').href ?? ''), Link2)}
          {active?.link ? tool('Remove link', false, () => editor?.chain().focus().unsetLink().run(), Link2Off) : null}
          {linking !== null ? (
            <span className="flex items-center gap-1">
              <label className="sr-only" htmlFor={`${labelId}-href`}>
                Link address
              </label>
              <input
                id={`${labelId}-href`}
                // biome-ignore lint/a11y/noAutofocus: opened by the Link button, to type the address at once
                autoFocus
                type="url"
                placeholder="https://…"
                value={linking}
                onChange={(e) => setLinking(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    applyLink();
                  } else if (e.key === 'Escape') setLinking(null);
                }}
                className="min-h-9 w-56 rounded border border-slate-300 px-2 text-sm"
              />
              <button type="button" onClick={applyLink} className="min-h-9 rounded bg-slate-800 px-2 text-xs font-medium text-white">
                Apply link
              </button>
            </span>
          ) : null}
        </div>
        <EditorContent editor={editor} />
      </div>
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
