'use server';

import { type ActionResult, staffAction } from '@/lib/actions';
import { globalSearch, type SearchHit } from '@/lib/crm/search';

export async function globalSearchAction(q: string): Promise<ActionResult<SearchHit[]>> {
  return staffAction('globalSearch', (staff) => globalSearch(staff, String(q).slice(0, 100)));
}
