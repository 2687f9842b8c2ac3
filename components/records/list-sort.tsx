import { FilterSelect } from '@/components/ui/search-form';
import { customSortOptions, type PropertyDefinition } from '@/lib/crm/custom-properties.labels';

/**
 * A list's sort and direction: its own columns first, then its custom properties that have
 * an order. "Default" direction is A–Z for text, newest or largest first for the rest.
 */
export function ListSort({ columns, definitions, sort, direction }: { columns: [string, string][]; definitions: PropertyDefinition[]; sort?: string; direction?: string }) {
  return (
    <>
      <FilterSelect name="sort" label="Sort" value={sort} options={[['', 'Newest'], ...columns, ...customSortOptions(definitions)]} />
      <FilterSelect name="direction" label="Order" value={direction} options={[['', 'Default'], ['asc', 'Ascending'], ['desc', 'Descending']]} />
    </>
  );
}
