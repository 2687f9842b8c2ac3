/** Display helpers shared by pages: one place decides how money, dates and names look. */

export function formatMoney(amount: string | number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 0 }).format(Number(amount));
}

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value.length === 10 ? `${value}T00:00:00Z` : value) : value;
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
}

export function personName(person: { first_name?: string | null; last_name?: string | null; email?: string | null }): string {
  return [person.first_name, person.last_name].filter(Boolean).join(' ') || person.email || 'Unnamed';
}

/** A moment as people where the training takes place read it: "Tue 12 Jan 2027, 09:00 GMT". */
export function formatDateTimeIn(value: Date | string, timeZone: string): string {
  return new Date(value).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
}
