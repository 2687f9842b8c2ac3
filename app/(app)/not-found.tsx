import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="max-w-xl space-y-2">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-sm text-slate-700">This record does not exist, was deleted, or is not shared with you.</p>
      <Link href="/dashboard" className="text-brand-700 underline">Back to the dashboard</Link>
    </div>
  );
}
