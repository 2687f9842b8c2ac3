import Link from 'next/link';
import type { ComponentProps } from 'react';

/** A link that looks like a button: for navigation, never for actions. */
export function LinkButton({ variant = 'primary', className = '', ...props }: ComponentProps<typeof Link> & { variant?: 'primary' | 'secondary' }) {
  const look =
    variant === 'primary'
      ? 'bg-accent text-on-accent hover:bg-accent-strong'
      : 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-100';
  return <Link className={`inline-flex min-h-10 items-center rounded-md px-4 text-sm font-medium ${look} ${className}`} {...props} />;
}
