import type { Metadata } from 'next';
import Link from 'next/link';
import { LiveRefresh } from '@/components/live/live-refresh';
import { NewTaskForm } from '@/components/records/new-task-form';
import { TaskToggle } from '@/components/records/task-toggle';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { listMyOpenTasks } from '@/lib/crm/activities';
import { formatDateTime } from '@/lib/format';

export const metadata: Metadata = { title: 'My tasks' };

export default async function TasksPage() {
  const staff = await requireStaff();
  const tasks = await listMyOpenTasks(staff, 200);
  const now = Date.now();
  return (
    <div className="space-y-4">
        <LiveRefresh watch={[{ table: 'activities' }]} />
      <PageHeader title="My tasks" subtitle="Open tasks assigned to you, overdue first." />
      {canWriteRecords(staff.role) ? <NewTaskForm /> : null}
      {tasks.length === 0 ? <EmptyState title="No open tasks." action="Add one above, or from any lead, contact, account or opportunity." /> : null}
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="my-tasks">
        {tasks.map((task) => {
          const href = task.contact_id ? `/contacts/${task.contact_id}` : task.lead_id ? `/leads/${task.lead_id}` : task.opportunity_id ? `/opportunities/${task.opportunity_id}` : `/accounts/${task.account_id}`;
          const late = task.due_at !== null && task.due_at.getTime() < now;
          return (
            <li key={task.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
              <TaskToggle taskId={task.id} completed={false} subject={task.subject} />
              <Link href={href} className="grow font-medium text-brand-700 hover:underline">{task.subject}</Link>
              <span className={late ? 'font-medium text-red-800' : 'text-slate-700'}>{task.due_at ? `${late ? 'Overdue · ' : ''}due ${formatDateTime(task.due_at)}` : 'No due date'}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
