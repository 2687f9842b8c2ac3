import type { OutboxMessage } from '@/lib/email/outbox';
import { formatDateTime } from '@/lib/format';

const base64Size = (content: string) => Math.floor((content.length * 3) / 4);

/**
 * One outbox message exactly as it would have been sent: envelope, headers, the HTML part in
 * a sandboxed iframe (no scripts, no access to this app: `sandbox` with nothing allowed but
 * opening links in a new tab), the text part, attachments and the links the HTML contains.
 */
export function OutboxMessageView({ message }: { message: OutboxMessage }) {
  // Only web and mail links become clickable here, whatever the stored HTML contains.
  const links = [...new Set([...message.html.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? '').replaceAll('&amp;', '&')))].filter(
    (href) => /^(https?:|mailto:)/.test(href),
  );
  const envelope: [string, string][] = [
    ['From', message.from_address],
    ['To', message.to_address],
    ...(message.reply_to ? ([['Reply-To', message.reply_to]] as [string, string][]) : []),
    ['Subject', message.subject],
    ['Written', formatDateTime(message.created_at)],
    ...Object.entries(message.headers),
    ['Tags', message.tags.map((t) => `${t.name}=${t.value}`).join(', ')],
  ];
  return (
    <article className="space-y-4" data-testid="outbox-message">
      <h2 className="text-lg font-semibold">{message.subject}</h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        {envelope.map(([name, value]) => (
          <div key={name} className="contents">
            <dt className="font-medium text-slate-700">{name}</dt>
            <dd className="break-all font-mono text-xs leading-5" data-testid={`header-${name.toLowerCase()}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="html-part" className="space-y-2">
        <h3 id="html-part" className="font-medium">HTML part</h3>
        <iframe
          title={`HTML part of “${message.subject}”`}
          srcDoc={message.html}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          className="h-[640px] w-full rounded-lg border border-slate-200 bg-white"
        />
      </section>
      <section aria-labelledby="text-part" className="space-y-2">
        <h3 id="text-part" className="font-medium">Text part</h3>
        <pre className="whitespace-pre-wrap break-words rounded-lg border border-slate-200 bg-white p-4 text-xs" data-testid="text-part">
          {message.text}
        </pre>
      </section>
      {message.attachments.length ? (
        <section aria-labelledby="attachments" className="space-y-2">
          <h3 id="attachments" className="font-medium">Attachments</h3>
          <ul className="list-inside list-disc text-sm">
            {message.attachments.map((a) => (
              <li key={a.filename}>
                <a href={`data:${a.contentType.split(';')[0]};base64,${a.content}`} download={a.filename} className="text-brand-700 underline">
                  {a.filename}
                </a>{' '}
                <span className="text-slate-600">({a.contentType}, {base64Size(a.content)} bytes)</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="links" className="space-y-2">
        <h3 id="links" className="font-medium">Links in this message</h3>
        <ul className="space-y-1 text-sm" data-testid="message-links">
          {links.map((href) => (
            <li key={href}>
              <a href={href} target="_blank" rel="noreferrer" className="break-all text-brand-700 underline">
                {href}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
