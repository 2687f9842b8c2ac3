import { formatDateTime } from '@/lib/format';
import { Badge } from '../ui/badge';
import { EmptyState } from '../ui/empty-state';
import { TaskToggle } from './task-toggle';

export type TimelineItem = {
  id: string;
  at: Date | string;
  kind: string;
  title: string;
  detail?: string | null;
  by?: string | null;
  task?: { completed: boolean; due_at: Date | null };
};

const kindTone = { call: 'blue', meeting: 'blue', email: 'slate', note: 'slate', task: 'amber', enrollment: 'green', exam: 'green', certification: 'green', opportunity: 'blue', consent: 'amber' } as const;

/** A record's story, newest first: activities and the training and sales events around it. */
export function Timeline({ items }: { items: TimelineItem[] }) {
  if (items.length === 0) return <EmptyState title="Nothing has happened here yet." action="Log a call or a note to start the story." />;
  return (
    <ol className="space-y-3" data-testid="timeline">
      {items.map((item) => (
        <li key={`${item.kind}-${item.id}`} className="rounded-lg border border-slate-200 bg-white p-4">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Badge tone={kindTone[item.kind as keyof typeof kindTone] ?? 'slate'}>{item.kind}</Badge>
            <span className="font-medium">{item.title}</span>
            <span className="ml-auto text-slate-700">
              <time dateTime={new Date(item.at).toISOString()}>{formatDateTime(item.at)}</time>
              {item.by ? ` · ${item.by}` : ''}
            </span>
          </div>
          {item.detail ? <p className="mt-2 whitespace-pre-line text-sm text-slate-800">{item.detail}</p> : null}
          {item.task ? (
            <div className="mt-2 flex items-center gap-3 text-sm text-slate-700">
              {item.task.due_at ? <span>Due {formatDateTime(item.task.due_at)}</span> : null}
              <TaskToggle taskId={item.id} completed={item.task.completed} subject={item.title} />
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

type ActivityRow = {
  id: string;
  kind: string;
  subject: string;
  body: string | null;
  occurred_at: Date;
  due_at: Date | null;
  completed_at: Date | null;
  owner_name: string | null;
};

export function activityItems(activities: ActivityRow[]): TimelineItem[] {
  return activities.map((a) => ({
    id: a.id,
    at: a.occurred_at,
    kind: a.kind,
    title: a.subject,
    detail: a.body,
    by: a.owner_name,
    task: a.kind === 'task' ? { completed: a.completed_at !== null, due_at: a.due_at } : undefined,
  }));
}
