'use server';

import { type ActionResult, staffAction } from '@/lib/actions';
import { z } from 'zod';
import { parseInput } from '@/lib/crm/errors';
import { type Duplicate, findDuplicates } from '@/lib/crm/duplicates';
import { globalSearch, type SearchHit, searchKind, searchKinds } from '@/lib/crm/search';

export async function globalSearchAction(q: string): Promise<ActionResult<SearchHit[]>> {
  return staffAction('globalSearch', (staff) => globalSearch(staff, String(q).slice(0, 100)));
}

/** Suggestions of one kind of record, for pickers (a contact's account, a deal's contact). */
export async function searchKindAction(kind: unknown, q: string): Promise<ActionResult<SearchHit[]>> {
  return staffAction('searchKind', (staff) => searchKind(staff, parseInput(z.enum(searchKinds), kind), String(q).slice(0, 100)));
}

/** Records the one being typed would duplicate (an email, a domain), to warn before saving. */
export async function findDuplicatesAction(input: unknown): Promise<ActionResult<Duplicate[]>> {
  return staffAction('findDuplicates', (staff) => findDuplicates(staff, input));
}
