/**
 * Hints for a subject line or preheader as the marketer types it: words and habits that make
 * spam filters (and people) suspicious. Advice, never a refusal — the list is short on purpose
 * and names what it found.
 */
const SPAM_PHRASES = ['free', '100%', 'act now', 'buy now', 'cash', 'click here', 'guarantee', 'limited time', 'no obligation', 'risk-free', 'urgent', 'winner', 'you have been selected', 'congratulations', 'earn money', 'cheap'];

export function spamHints(text: string): string[] {
  const hints: string[] = [];
  const lower = text.toLowerCase();
  const found = SPAM_PHRASES.filter((phrase) => new RegExp(`(^|[^a-z])${phrase.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&')}($|[^a-z])`).test(lower));
  if (found.length) hints.push(`Spam filters are wary of ${found.map((f) => `“${f}”`).join(', ')}.`);
  if (/[!?]{2,}/.test(text)) hints.push('Repeated ! or ? looks like spam.');
  const letters = text.replace(/\{\{[^}]*\}\}/g, '').replace(/[^A-Za-z]/g, '');
  if (letters.length >= 8 && letters === letters.toUpperCase()) hints.push('All capitals reads as shouting and looks like spam.');
  return hints;
}
