import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { accentOnWhite, contrastRatio, textOn } from '../../supabase/functions/_shared/emails/components/color.ts';
import { WHY_PREFIX } from '../../supabase/functions/_shared/emails/components/layout.tsx';
import { type EmailTemplateName, emailTemplateNames, emailTemplates } from '../../supabase/functions/_shared/emails/index.ts';
import { ROLE_LABELS } from '../../supabase/functions/_shared/emails/staff-invitation.tsx';
import { memberRoles } from '../../lib/auth/roles';
import { buildIcs, escapeText, foldLine } from '../../supabase/functions/_shared/email/ics.ts';
import { InvalidEmailProps, type RenderedEmail, renderEmail, UnknownEmailTemplate } from '../../supabase/functions/_shared/email/render.ts';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const octets = (s: string) => new TextEncoder().encode(s).length;
/** React separates adjacent text parts with empty comments; remove them before matching copy. */
const flat = (html: string) => html.replaceAll('<!-- -->', '');
// Loose on purpose: any rendered "undefined", "null", NaN or template braces is a bug.
const UNRESOLVED = /\bundefined\b|\bnull\b|\bNaN\b|Invalid Date|\[object Object\]|\{\{|\}\}/;

/** Typed escape hatch for deliberately wrong payloads. */
const renderAny = (name: string, props: unknown) => renderEmail(name as EmailTemplateName, props as never);
/** The zod issues of a render that must fail with InvalidEmailProps. */
async function issuesOf(rendering: Promise<unknown>) {
  const error = await rendering.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidEmailProps);
  return (error as InvalidEmailProps).issues;
}
const preview = (name: EmailTemplateName) => structuredClone(emailTemplates[name].previewProps) as Record<string, unknown>;

const MARKETING = [
  'welcome',
  'programme-introduction',
  'platform-orientation',
  'certification-roadmap',
  'nurture-certification-value',
  'nurture-certification-roi',
  'nurture-success-story',
  'proposal-follow-up',
  'course-announcement',
];

describe('email registry', () => {
  it('has every planned template under a stable name, with the agreed category', () => {
    // The 22 of the email issue, plus the GDPR request verification, the double opt-in, and the
    // learner portal's sign-in link and waiting-list confirmation, and the campaign editor's
    // course announcement.
    expect(emailTemplateNames).toHaveLength(27);
    expect(emailTemplateNames.filter((n) => emailTemplates[n].category === 'marketing').sort()).toEqual([...MARKETING].sort());
  });

  it('names the links that act for the recipient in every security template, and keeps those templates from staff', () => {
    const security = emailTemplateNames.filter((n) => emailTemplates[n].bearerLinks.length > 0).sort();
    expect(security).toEqual(['consent-confirmation', 'learner-sign-in', 'password-reset', 'request-verification', 'staff-invitation']);
    for (const name of security) {
      expect(emailTemplates[name].sentBy, name).toBe('system');
      for (const prop of emailTemplates[name].bearerLinks) {
        expect(String((emailTemplates[name].previewProps as Record<string, unknown>)[prop]), `${name}.${prop}`).toMatch(/^https:\/\//);
      }
    }
    // Staff send sales and nurture mail; booking, exam and certificate mail is Cohort's own.
    expect(emailTemplateNames.filter((n) => emailTemplates[n].sentBy === 'staff').sort()).toEqual(
      ['appointment-confirmation', 'certification-roadmap', 'course-announcement', 'nurture-certification-roi', 'nurture-certification-value', 'nurture-success-story', 'platform-orientation', 'programme-introduction', 'proposal-follow-up', 'welcome'],
    );
  });

  it('offers exactly the membership roles the app has', () => {
    expect(Object.keys(ROLE_LABELS)).toEqual([...memberRoles]);
  });

  it('refuses unknown names, including ones inherited from Object.prototype', async () => {
    await expect(renderAny('toString', {})).rejects.toBeInstanceOf(UnknownEmailTemplate);
  });
});

describe.each(emailTemplateNames)('%s', (name) => {
  const template = emailTemplates[name];
  const props = template.previewProps as { brand: { postalAddress: string } } & Record<string, unknown>;
  let email: RenderedEmail;
  const rendered = async () => {
    email ??= await renderEmail(name, template.previewProps as never);
    return email;
  };

  it('renders HTML and plain text with a usable subject', async () => {
    const { subject, html, text, category } = await rendered();
    expect(html).toMatch(/^<!DOCTYPE html/);
    expect(html).toContain('<html dir="ltr" lang="en">');
    expect(text.length).toBeGreaterThan(200);
    expect(subject.trim().length).toBeGreaterThan(10);
    expect(subject.length).toBeLessThan(120);
    expect(category).toBe(template.category);
  });

  it('has no unresolved values in subject, HTML or text', async () => {
    const { subject, html, text } = await rendered();
    for (const part of [subject, flat(html), text]) expect(part).not.toMatch(UNRESOLVED);
  });

  it('ends with the legal footer: why you got this, then the postal address', async () => {
    const { html, text } = await rendered();
    const footer = text.slice(text.lastIndexOf(WHY_PREFIX));
    expect(text.lastIndexOf(WHY_PREFIX)).toBeGreaterThan(0);
    expect(footer).toContain(props.brand.postalAddress);
    expect(flat(html)).toContain(props.brand.postalAddress);
  });

  it('carries unsubscribe and preferences links only if it is marketing', async () => {
    const { html, text } = await rendered();
    if (template.category === 'marketing') {
      for (const url of [props.unsubscribeUrl, props.preferencesUrl] as string[]) {
        expect(html).toContain(`href="${url}"`);
        expect(text).toContain(url);
      }
    } else {
      expect(html).not.toMatch(/unsubscribe/i);
      // Extra keys are stripped by the schema, so a stray unsubscribe URL cannot leak in.
      const leaked = await renderAny(name, { ...preview(name), unsubscribeUrl: 'https://x.example/unsubscribe-leak' });
      expect(leaked.html).not.toContain('unsubscribe-leak');
    }
  });

  it('stays under Gmail’s 102 KB clipping limit, with alt text and safe links', async () => {
    const { html } = await rendered();
    expect(octets(html)).toBeLessThan(102 * 1024);
    for (const img of html.match(/<img [^>]*>/g) ?? []) expect(img).toMatch(/alt="[^"]+"/);
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(https?:|mailto:)/);
  });

  it('rejects invalid props with InvalidEmailProps and the zod issues', async () => {
    expect((await issuesOf(renderAny(name, {}))).length).toBeGreaterThan(0);
    const badColour = { ...preview(name), brand: { ...props.brand, brandColor: 'teal' } };
    expect((await issuesOf(renderAny(name, badColour))).map((i) => i.path)).toEqual([['brand', 'brandColor']]);
  });
});

describe('template specifics', () => {
  it('attaches a valid calendar file to enrollment, exam and appointment emails', async () => {
    for (const name of ['enrollment-confirmation', 'exam-notification', 'appointment-confirmation'] as const) {
      const [ics] = (await renderEmail(name, emailTemplates[name].previewProps as never)).attachments;
      expect(ics?.filename).toMatch(/\.ics$/);
      expect(ics?.content).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*UID:[\w-]+@cohort\r\n[\s\S]*END:VCALENDAR\r\n$/);
    }
    const email = await renderEmail('enrollment-confirmation', emailTemplates['enrollment-confirmation'].previewProps);
    expect(email.attachments[0]?.content).toContain('DTSTART:20270510T083000Z');
  });

  it('explains a failed exam with the retake date and fee', async () => {
    const { nextSteps: _, bookingUrl: __, ...base } = preview('exam-result');
    const failed = {
      ...base,
      passed: false,
      score: { percent: 52, passMark: 60 },
      retake: { bookUrl: 'https://learn.example/retake', waitDays: 14, fee: { amountMinor: 19500, currency: 'GBP' } },
    };
    const email = await renderAny('exam-result', failed);
    expect(email.subject).toBe('Your PRINCE2 7 Foundation result and retake options');
    expect(email.text).toContain('You can retake the exam from Friday 28 May 2027. The retake fee is £195.00.');
    await expect(renderAny('exam-result', { ...failed, score: { percent: 75, passMark: 60 } })).rejects.toBeInstanceOf(InvalidEmailProps);
  });

  it('prints receipt totals with VAT, and refuses totals that do not add up', async () => {
    const { text } = await renderEmail('payment-confirmation', emailTemplates['payment-confirmation'].previewProps);
    expect(text).toMatch(/VAT at 20%\s+£272\.00/);
    expect(text).toMatch(/Total paid \(GBP\)\s+£1,632\.00/);
    const props = preview('payment-confirmation') as { receipt: { total: number } };
    props.receipt.total += 1;
    expect((await issuesOf(renderAny('payment-confirmation', props))).map((i) => i.path)).toEqual([['receipt', 'total']]);
  });

  it('escalates the 7-day renewal reminder and accepts only the planned intervals', async () => {
    const props = { ...preview('renewal-reminder'), daysLeft: 7 };
    expect((await renderAny('renewal-reminder', props)).subject).toMatch(/^Final reminder: /);
    await expect(renderAny('renewal-reminder', { ...props, daysLeft: 45 })).rejects.toBeInstanceOf(InvalidEmailProps);
  });

  it('shows times in the event’s zone, with the zone named', async () => {
    const { text } = await renderEmail('enrollment-confirmation', emailTemplates['enrollment-confirmation'].previewProps);
    expect(text).toContain('Monday 10 May 2027 to Tuesday 11 May 2027');
    expect(text).toContain('Starts 09:30, finishes 17:00 BST');
    // Detail tables keep label and value apart in the plain-text part.
    expect(text).toMatch(/Booking reference\s+NB-2027-04817/);
  });

  it('refuses javascript: links and falls back to the organisation name without a logo', async () => {
    const props = preview('password-reset') as { brand: Record<string, unknown> };
    await expect(renderAny('password-reset', { ...props, resetUrl: 'javascript:alert(1)' })).rejects.toBeInstanceOf(InvalidEmailProps);
    const { logoUrl: _, ...brand } = props.brand;
    const { html } = await renderAny('password-reset', { ...props, brand });
    expect(html).not.toContain('<img');
    expect(html).toMatch(/font-weight:700[^>]*>Northbridge Professional Training</);
  });
});

describe('brand colour contrast', () => {
  it('puts black text on pale brands and white on dark ones', () => {
    expect(textOn('#FDE047')).toBe('#000000');
    expect(textOn('#0F766E')).toBe('#FFFFFF');
  });

  it('darkens link colours until they reach 4.5:1 on white, and leaves dark brands alone', () => {
    for (const brand of ['#FDE047', '#38BDF8', '#FFFFFF', '#F97316']) expect(contrastRatio(accentOnWhite(brand), '#FFFFFF')).toBeGreaterThanOrEqual(4.5);
    expect(accentOnWhite('#0F766E')).toBe('#0F766E');
  });
});

describe('ics', () => {
  const event = {
    uid: 'session-42@cohort',
    start: '2026-05-11T09:30:00+01:00',
    end: '2026-05-11T17:00:00+01:00',
    summary: 'PRINCE2; Foundation, day 1',
    location: 'Room 3, 14 Carver Street',
    url: 'https://meet.example/j/123',
    stamp: new Date('2026-04-01T10:00:00Z'),
  };

  it('uses CRLF line endings and UTC times throughout', () => {
    const ics = buildIcs(event);
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(ics).toContain('\r\nDTSTART:20260511T083000Z\r\nDTEND:20260511T160000Z\r\n');
    expect(ics).toContain('\r\nDTSTAMP:20260401T100000Z\r\n');
    expect(ics).toContain('\r\nURL:https://meet.example/j/123\r\n');
  });

  it('escapes backslashes, semicolons, commas and newlines in text values', () => {
    expect(escapeText('a\\b; c, d\r\ne\nf')).toBe('a\\\\b\\; c\\, d\\ne\\nf');
    expect(buildIcs(event)).toContain('\r\nSUMMARY:PRINCE2\\; Foundation\\, day 1\r\n');
  });

  it('folds at 75 octets without splitting multi-byte characters', () => {
    const line = `DESCRIPTION:${'Café crème ☕ et résumé — '.repeat(12)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(4);
    for (const part of physical) expect(octets(part)).toBeLessThanOrEqual(75);
    expect(physical.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(folded.replaceAll('\r\n ', '')).toBe(line);
    expect(foldLine('SHORT:ok')).toBe('SHORT:ok');
  });

  it('refuses an event that ends before it starts', () => {
    expect(() => buildIcs({ ...event, end: '2026-05-11T08:00:00+01:00' })).toThrow(RangeError);
  });
});

describe('under Deno (the send-email edge function runtime)', () => {
  const deno = path.join(root, 'node_modules/.bin/deno');
  const config = ['--no-lock', '--config', 'supabase/functions/deno.json'];
  const env = { ...process.env, NO_COLOR: '1' };

  it('type-checks the templates and renderer', { timeout: 180_000 }, async () => {
    await run(deno, ['check', ...config, 'supabase/functions/_shared/emails/render-previews.ts'], { cwd: root, env });
  });

  it('renders every template exactly as Node does', { timeout: 180_000 }, async () => {
    const args = ['run', ...config, '--allow-read', '--allow-env', '--allow-net', 'supabase/functions/_shared/emails/render-previews.ts'];
    const { stdout } = await run(deno, args, { cwd: root, env, maxBuffer: 64 * 1024 * 1024 });
    const fromDeno = JSON.parse(stdout) as Record<string, RenderedEmail>;
    expect(Object.keys(fromDeno)).toEqual(emailTemplateNames);
    // DTSTAMP is "now" in each runtime; everything else must match byte for byte.
    const stable = (e: RenderedEmail) => ({ ...e, attachments: e.attachments.map((a) => ({ ...a, content: a.content.replace(/DTSTAMP:\w+/, '') })) });
    for (const name of emailTemplateNames) {
      const fromNode = await renderEmail(name, emailTemplates[name].previewProps as never);
      expect(stable(fromDeno[name] as RenderedEmail), name).toEqual(stable(fromNode));
    }
  });
});
