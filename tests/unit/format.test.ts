import { describe, expect, it } from 'vitest';
import { formatAmount, formatDate, formatDateTime, formatDateTimeIn, formatDateTimeUtc, formatMoney } from '../../lib/format';

describe('how dates and money read', () => {
  const moment = new Date('2026-12-06T14:05:00Z');
  it('writes dates, times and amounts the British way, the same each call', () => {
    expect([formatDate(moment), formatDate(moment)]).toEqual(['6 Dec 2026', '6 Dec 2026']);
    expect(formatDate('2026-01-02')).toBe('2 Jan 2026');
    expect(formatDateTime('2026-12-06T14:05:00Z')).toBe('6 Dec 2026, 14:05');
    expect([formatMoney('1234.5', 'GBP'), formatMoney(99, 'EUR'), formatMoney(10, 'GBP')]).toEqual(['£1,235', '€99', '£10']);
    expect(formatDateTimeIn(moment, 'Europe/London')).toBe('Sun, 6 Dec 2026, 14:05 GMT');
    expect(formatDateTimeIn(moment, 'America/New_York')).toBe('Sun, 6 Dec 2026, 09:05 GMT-5');
    // Custom properties: an amount with its currency's decimals, a moment with its zone.
    expect([formatAmount(1234.5, 'EUR'), formatAmount(7, 'JPY')]).toEqual(['€1,234.50', 'JP¥7']);
    expect(formatDateTimeUtc('2026-12-06T14:05:00Z')).toBe('6 Dec 2026, 14:05 UTC');
  });
  it('shows a dash for a missing or unreadable date', () => {
    expect([formatDate(null), formatDate(undefined), formatDate('not a date'), formatDateTime(''), formatDateTime('soon'), formatDateTimeUtc('later')]).toEqual(['—', '—', '—', '—', '—', '—']);
  });
});
