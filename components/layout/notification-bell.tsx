'use client';

import { Bell } from 'lucide-react';
import Link from 'next/link';
import { useDismiss } from '@/components/ui/use-dismiss';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState, useTransition } from 'react';
import { markNotificationsReadAction } from '@/app/actions/profile';
import { LiveRefresh } from '@/components/live/live-refresh';

export type BellItem = { id: string; title: string; href: string | null; createdAt: string; read: boolean };

const ago = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });
function when(iso: string): string {
  const minutes = Math.round((new Date(iso).getTime() - Date.now()) / 60_000);
  if (Math.abs(minutes) < 60) return ago.format(minutes, 'minute');
  if (Math.abs(minutes) < 48 * 60) return ago.format(Math.round(minutes / 60), 'hour');
  return ago.format(Math.round(minutes / 1440), 'day');
}

/**
 * The bell: unread count, the latest notifications, live (the change feed refreshes it when
 * one arrives). Opening one marks it read; "Mark all read" clears the count.
 */
export function NotificationBell({ unread, items, align = 'left', live = false }: { unread: number; items: BellItem[]; align?: 'left' | 'right'; /** The one bell on the page that listens (the phone's and the laptop's are both mounted). */ live?: boolean }) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [, start] = useTransition();
  const box = useRef<HTMLDivElement>(null);
  useDismiss(open, box, () => setOpen(false));
  const mark = (which: string[] | 'all') =>
    start(async () => {
      await markNotificationsReadAction(which);
      router.refresh();
    });
  return (
    <div ref={box} className="relative">
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls={`${id}-list`}
        className="relative rounded-md p-1.5 text-slate-700 hover:bg-slate-100"
        data-testid={live ? 'notification-bell' : undefined}
      >
        <Bell aria-hidden="true" className="size-5" />
        <span className="sr-only">Notifications{unread ? `, ${unread} unread` : ''}</span>
        {unread ? (
          <span aria-hidden="true" className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-danger px-1 text-center text-[10px] leading-4 font-semibold text-on-accent">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div id={`${id}-list`} className={`absolute top-full z-40 mt-1 w-80 max-w-[calc(100vw-1rem)] rounded-lg border border-slate-200 bg-white text-sm shadow-xl ${align === 'right' ? 'right-0' : 'left-0'}`}>
          <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2">
            <h2 className="font-semibold">Notifications</h2>
            {unread ? (
              <button type="button" className="text-brand-700 underline" onClick={() => mark('all')}>
                Mark all read
              </button>
            ) : null}
          </div>
          {items.length === 0 ? <p className="px-3 py-4 text-slate-700">Nothing yet. You will hear here when someone assigns you a record, moves your deal, or a task falls due.</p> : null}
          <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto" data-testid="notification-list">
            {items.map((item) => (
              <li key={item.id} className={item.read ? '' : 'bg-brand-50'}>
                <Link
                  href={item.href ?? '/dashboard'}
                  onClick={() => {
                    setOpen(false);
                    if (!item.read) mark([item.id]);
                  }}
                  className="block px-3 py-2 hover:bg-slate-100"
                >
                  <span className={item.read ? '' : 'font-medium'}>{item.title}</span>
                  {item.read ? null : <span className="sr-only"> (unread)</span>}
                  <span className="block text-xs text-slate-600">{when(item.createdAt)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {live ? <LiveRefresh watch={[{ table: 'notifications' }]} testId="bell-live-status" /> : null}
    </div>
  );
}
