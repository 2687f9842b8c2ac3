/**
 * The pieces of the campaign editor that need no database: the rich-text sanitiser (what a
 * marketer's HTML may keep), personalisation tokens (checked and resolved), the form generated
 * from a template's schema, and the subject line hints.
 */
import { describe, expect, it } from 'vitest';
import { richText, sanitizeRichText } from '../../supabase/functions/_shared/emails/components/rich-text';
import { resolveTokens, tokenIssues } from '../../supabase/functions/_shared/emails/components/tokens';
import { renderEmail } from '../../supabase/functions/_shared/email/render';
import { emailTemplates } from '../../supabase/functions/_shared/emails/index';
import { isPublicAddress, linksOf } from '../../lib/marketing/link-check';
import { spamHints } from '../../lib/marketing/subject-hints';
import { humanise, templateFields } from '../../lib/marketing/template-fields';
import { marketingTemplateNames } from '../../lib/marketing/template-props';

describe('rich text', () => {
  it('strips scripts, event handlers, javascript: and data: URLs, styles and unknown tags, keeping the text', () => {
    const dirty = [
      '<p onclick="steal()">Hello <script>alert(1)</script><strong onmouseover="x()">bold</strong></p>',
      '<a href="javascript:alert(1)">bad</a> <a href="JaVaScRiPt:alert(1)">worse</a> <a href="data:text/html,<script>x</script>">data</a>',
      '<img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe><style>body{display:none}</style>',
      '<p style="position:fixed;top:0">styled</p><a href="https://ok.example/page" target="_blank" style="color:red">good</a>',
      '<svg><script>alert(1)</script></svg><form action="https://evil.example"><input name="x"></form>',
    ].join('');
    const clean = sanitizeRichText(dirty);
    for (const bad of ['<script', 'onclick', 'onmouseover', 'onerror', 'javascript:', 'JaVaScRiPt', 'data:', '<img', '<iframe', '<style', 'position:fixed', 'target=', '<svg', '<form', '<input', 'alert(1)']) {
      expect(clean, bad).not.toContain(bad);
    }
    expect(clean).toContain('Hello ');
    expect(clean).toContain('bold</strong>');
    expect(clean).toContain('<a href="https://ok.example/page" style="color:#0F5F59;text-decoration:underline">good</a>');
    expect(clean).toMatch(/<p style="color:#1F2937;[^"]*">styled<\/p>/);
    // Cleaning is stable: clean HTML comes back the same.
    expect(sanitizeRichText(clean)).toBe(clean);
  });

  it('is what a template receives, whatever the caller sent, and an empty text is refused', () => {
    const schema = richText(100);
    expect(schema.parse('<p>Hi <b onclick="x()">there</b></p>')).toBe('<p style="color:#1F2937;font-size:16px;line-height:26px;margin:0 0 16px">Hi <b>there</b></p>');
    expect(schema.safeParse('<p><script>only a script</script></p>').success).toBe(false);
    expect(schema.safeParse(`<p>${'x'.repeat(101)}</p>`).success).toBe(false);
  });

  it('reaches the rendered email sanitised, even from props that skipped the editor', async () => {
    const props = { ...emailTemplates['course-announcement'].previewProps, body: '<p>Read <a href="javascript:alert(1)">this</a></p><script>steal()</script>' };
    const { html } = await renderEmail('course-announcement', props as never);
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('steal()');
    expect(html).toContain('Read <a style=');
  });
});

describe('personalisation tokens', () => {
  const named = { recipient: { firstName: 'Amara' }, brand: { orgName: 'Northwind Training' } };
  const nameless = { recipient: { firstName: 'there', nameless: true }, brand: { orgName: 'Northwind Training' } };

  it('resolves known tokens, with their fallback for a person without a first name', () => {
    expect(resolveTokens('{{first_name|friend}}, news from {{ org_name }}', named)).toBe('Amara, news from Northwind Training');
    expect(resolveTokens('{{first_name|friend}}, news from {{org_name}}', nameless)).toBe('friend, news from Northwind Training');
    expect(resolveTokens('Hi {{first_name}}', nameless)).toBe('Hi there');
  });

  it('names every unknown or unclosed token', () => {
    expect(tokenIssues('Hi {{first_name|there}} from {{org_name}}')).toEqual([]);
    expect(tokenIssues('Hi {{firstname}}')).toEqual(['“{{firstname}}” is not a personalisation token: use {{first_name}} or {{org_name}}.']);
    expect(tokenIssues('Hi {{first_name')).toEqual(['A token is not closed: write it as {{first_name|there}}.']);
    expect(tokenIssues('Hi {{}} and {{toString}}')).toHaveLength(2);
    expect(tokenIssues('Hi {{ __proto__ }} and {{constructor|x}}')).toHaveLength(2);
  });

  it('take linear time on hostile input: a long run of spaces after {{ cannot stall the server', () => {
    const started = performance.now();
    for (const hostile of [`{{${' '.repeat(50_000)}`, `{{${' '.repeat(50_000)}|`, `${'{{'.repeat(20_000)}`, `{{a${'|'.repeat(50_000)}`]) {
      tokenIssues(hostile);
      resolveTokens(hostile, named);
    }
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('personalise the subject line and preheader of every marketing template, and are refused by its schema when unknown', async () => {
    for (const name of marketingTemplateNames) {
      const props = { ...emailTemplates[name].previewProps, subjectLine: 'For {{first_name|you}}', preheaderText: 'Only {{first_name}}' };
      const rendered = await renderEmail(name, props as never);
      const first = (props.recipient as { firstName: string }).firstName;
      expect(rendered.subject, name).toBe(`For ${first}`);
      expect(rendered.html, name).toContain(`Only ${first}`);
      const refused = emailTemplates[name].schema.safeParse({ ...props, subjectLine: 'For {{first}}' });
      expect(refused.success, name).toBe(false);
    }
  });
});

describe('the editor form', () => {
  it('is generated from the template schema, with the editors its meta asks for', () => {
    const fields = templateFields('course-announcement');
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['headline', 'text'],
      ['body', 'richText'],
      ['image', 'group'],
      ['session', 'group'],
      ['button', 'group'],
    ]);
    expect(fields.find((f) => f.key === 'session')).toMatchObject({ required: false, editor: 'session' });
    expect(templateFields('certification-roadmap').find((f) => f.key === 'milestones')).toMatchObject({ kind: 'repeat', minItems: 2, maxItems: 8 });
    // Filled in by the send path, or edited beside the form: never fields of it.
    for (const name of marketingTemplateNames) {
      const keys = templateFields(name).map((f) => f.key);
      for (const owned of ['brand', 'recipient', 'unsubscribeUrl', 'preferencesUrl', 'subjectLine', 'preheaderText']) expect(keys, name).not.toContain(owned);
    }
    expect(humanise('programmeUrl')).toBe('Programme URL');
  });
});

describe('the link check', () => {
  it('calls only ordinary public addresses public, however a private one is written', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', 'fe80::1', 'fe90::1', 'fc00::1', 'fd12::1', '::', '224.0.0.1', '255.255.255.255', 'not an address']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '8.8.8.8']) expect(isPublicAddress(address), address).toBe(true);
  });

  it('finds links as a mail client resolves them, so none escapes the check', () => {
    const html = '<a href="https:evil.example/x">a</a><a href=" https://ok.example/?a=1&amp;b=2 ">b</a><img src="http://img.example/p.png"><a href="mailto:x@example.com">c</a><a href="#top">d</a>';
    expect(linksOf(html)).toEqual(['https://evil.example/x', 'https://ok.example/?a=1&b=2', 'http://img.example/p.png']);
  });
});

describe('subject line hints', () => {
  it('names spam words, shouting and repeated punctuation, and leaves a plain subject alone', () => {
    expect(spamHints('New dates for PRINCE2 Foundation')).toEqual([]);
    expect(spamHints('FREE places, act now!!!')).toEqual(['Spam filters are wary of “free”, “act now”.', 'Repeated ! or ? looks like spam.']);
    expect(spamHints('BOOK YOUR PLACE TODAY')).toEqual(['All capitals reads as shouting and looks like spam.']);
  });
});
