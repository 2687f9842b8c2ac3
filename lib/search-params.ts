/** Next.js page searchParams, flattened to the first value of each key (for filters in URLs). */
export type PageSearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function readSearchParams(searchParams: PageSearchParams): Promise<Record<string, string>> {
  const raw = await searchParams;
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first) flat[key] = first;
  }
  return flat;
}

/** How many filters a list's URL sets (not its search, sort, order, view or page). */
export function activeFilterCount(params: Record<string, string>): number {
  return Object.entries(params).filter(([key, value]) => value && !['q', 'cursor', 'sort', 'direction', 'view', 'limit'].includes(key)).length;
}
