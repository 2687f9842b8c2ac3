import { FilterSelect } from '@/components/ui/search-form';
import type { PropertyDefinition } from '@/lib/crm/custom-properties.labels';
import type { Member } from '@/lib/crm/members';

const anyOrNone: [string, string][] = [
  ['', 'Any'],
  ['__set', 'Has a value'],
  ['__unset', 'Not set'],
];

/**
 * A list's filters on its custom properties, in the same GET form as the others
 * (cp_<key>=<value> in the URL, so a filtered view can be saved and shared).
 */
export function CustomFilters({ definitions, params, members }: { definitions: PropertyDefinition[]; params: Record<string, string>; members: Pick<Member, 'user_id' | 'display_name'>[] }) {
  return (
    <>
      {definitions
        // Long text and instants are not filtered by equality.
        .filter((d) => !d.archived && d.type !== 'long_text' && d.type !== 'datetime')
        .map((d) => {
          const name = `cp_${d.key}`;
          if (d.type === 'single_select' || d.type === 'multi_select') {
            return <FilterSelect key={d.id} name={name} label={d.label} value={params[name]} options={[...anyOrNone, ...d.options.map((o): [string, string] => [o.value, o.label])]} />;
          }
          if (d.type === 'boolean') {
            return <FilterSelect key={d.id} name={name} label={d.label} value={params[name]} options={[['', 'Any'], ['true', 'Yes'], ['false', 'No'], ['__unset', 'Not set']]} />;
          }
          if (d.type === 'user') {
            return <FilterSelect key={d.id} name={name} label={d.label} value={params[name]} options={[...anyOrNone, ...members.map((m): [string, string] => [m.user_id, m.display_name])]} />;
          }
          return (
            <div key={d.id}>
              <label htmlFor={`filter-${name}`} className="block text-sm font-medium">
                {d.label}
              </label>
              <input
                id={`filter-${name}`}
                name={name}
                type={d.type === 'number' || d.type === 'currency' ? 'number' : d.type === 'date' ? 'date' : 'text'}
                step="any"
                defaultValue={params[name]}
                placeholder="Equals…"
                className="mt-1 block min-h-10 w-40 rounded-md border border-slate-300 bg-white px-3 text-sm"
              />
            </div>
          );
        })}
    </>
  );
}
