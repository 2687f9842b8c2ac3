/**
 * The batch renderer (_shared/email/merge.ts) must give every person exactly what rendering for
 * them alone gives, for every template, while rendering shared content only once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailTemplateNames, emailTemplates } from '../../supabase/functions/_shared/emails/index.ts';
import { renderEmail } from '../../supabase/functions/_shared/email/render.ts';
import { type MergeStats, renderForEach } from '../../supabase/functions/_shared/email/merge.ts';

const people = [
  { firstName: 'Amara', email: 'amara.okafor@example.com', token: 'u1.short' },
  { firstName: 'Zoë-Ann O\'Brien & <Co>', email: 'zoe.obrien+news@example.co.uk', token: 'u1.a-much-longer-signed-token_with-Parts' },
  { firstName: 'Li', email: 'li@example.org', token: 'u1.x' },
];

function propsFor(name: (typeof emailTemplateNames)[number], person: (typeof people)[number]) {
  const base = structuredClone(emailTemplates[name].previewProps) as Record<string, unknown>;
  const props: Record<string, unknown> = { ...base, recipient: { firstName: person.firstName, email: person.email } };
  if (emailTemplates[name].category === 'marketing') {
    props.unsubscribeUrl = `https://app.example/unsubscribe/${person.token}`;
    props.preferencesUrl = `https://app.example/unsubscribe/${person.token}#preferences`;
  }
  return props;
}

describe('rendering one email for many people', () => {
  // A calendar attachment is stamped with the time it is made (DTSTAMP): the clock stands
  // still, or a second boundary between two renders would tell them apart.
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T12:00:00Z'));
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it.each(emailTemplateNames)('%s: each person gets exactly their direct render', async (name) => {
    const propsList = people.map((person) => propsFor(name, person));
    const stats: MergeStats = { renders: 0, substituted: 0 };
    const merged = await renderForEach(name, propsList, stats);
    for (const [index, props] of propsList.entries()) {
      const direct = await renderEmail(name, props as never);
      expect(merged[index]).toEqual(direct);
    }
    // One direct render proves the shared one; the others are substitutions.
    expect(stats).toEqual({ renders: 2, substituted: 2 });
  });

  it('renders distinct content separately and keeps the order', async () => {
    const a = propsFor('welcome', people[0] as (typeof people)[number]);
    const b = { ...propsFor('welcome', people[1] as (typeof people)[number]), programmeName: 'ITIL 4 Foundation' };
    const merged = await renderForEach('welcome', [a, b]);
    expect(merged[0]).toEqual(await renderEmail('welcome', a as never));
    expect(merged[1]).toEqual(await renderEmail('welcome', b as never));
  });
});
