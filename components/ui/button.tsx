import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger';

const variants: Record<Variant, string> = {
  primary: 'bg-accent text-on-accent hover:bg-accent-strong disabled:bg-slate-400',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 disabled:text-slate-400',
  danger: 'bg-danger text-on-accent hover:bg-danger-strong disabled:bg-slate-400',
};

const sizes = { md: 'min-h-10 px-4', sm: 'min-h-8 px-3' } as const;

export function Button({ variant = 'primary', size = 'md', className = '', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: keyof typeof sizes }) {
  return (
    <button
      type="button"
      className={`inline-flex items-center justify-center gap-2 rounded-md text-sm font-medium transition-colors ${sizes[size]} ${variants[variant]} ${className}`}
      {...props}
    />
  );
}
