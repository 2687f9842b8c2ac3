import Link from 'next/link';

/** The links between the pages of one section (Marketing, Training), above each of them. */
export function SectionNav({ label, sections }: { label: string; sections: readonly (readonly [href: string, label: string])[] }) {
  return (
    <nav aria-label={label} className="flex flex-wrap gap-x-4 gap-y-1 border-b border-slate-200 pb-2 text-sm">
      {sections.map(([href, text]) => (
        <Link key={href} href={href} className="inline-flex min-h-8 items-center font-medium text-brand-700 hover:underline">
          {text}
        </Link>
      ))}
    </nav>
  );
}
