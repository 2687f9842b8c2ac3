import type { ReactNode } from 'react';
import { FiltersDisclosure } from './filters-disclosure';

/**
 * A GET form: searching and filtering change the URL, so every view can be bookmarked and
 * shared. Extra filter controls go in `children` (behind "Filters" on a phone); `active` says
 * how many of them are set.
 */
export function SearchForm({ action, label, placeholder, q, active = 0, children }: { action: string; label: string; placeholder: string; q?: string; active?: number; children?: ReactNode }) {
  return (
    <search>
      <form action={action} className="flex flex-wrap items-end gap-3">
        <div className="min-w-48 grow">
          <label htmlFor="list-search" className="block text-sm font-medium">
            {label}
          </label>
          <input
            id="list-search"
            name="q"
            type="search"
            defaultValue={q}
            placeholder={placeholder}
            className="mt-1 block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm"
          />
        </div>
        {children ? <FiltersDisclosure active={active}>{children}</FiltersDisclosure> : null}
        <button type="submit" className="min-h-10 rounded-md border border-slate-300 bg-white px-4 text-sm hover:bg-slate-100">
          Search
        </button>
      </form>
    </search>
  );
}

export function FilterSelect({ name, label, value, options }: { name: string; label: string; value?: string; options: [string, string][] }) {
  return (
    <div>
      <label htmlFor={`filter-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ''} className="mt-1 block min-h-10 rounded-md border border-slate-300 bg-white px-3 text-sm">
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </div>
  );
}

const filterInput = 'mt-1 block min-h-10 rounded-md border border-slate-300 bg-white px-3 text-sm';

export function FilterNumber({ name, label, value }: { name: string; label: string; value?: string }) {
  return (
    <div>
      <label htmlFor={`filter-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <input id={`filter-${name}`} name={name} type="number" min={0} max={100} defaultValue={value} className={`${filterInput} w-24`} />
    </div>
  );
}

export function FilterDate({ name, label, value }: { name: string; label: string; value?: string }) {
  return (
    <div>
      <label htmlFor={`filter-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <input id={`filter-${name}`} name={name} type="date" defaultValue={value} className={filterInput} />
    </div>
  );
}
