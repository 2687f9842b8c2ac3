'use client';

import { usePathname } from 'next/navigation';
import { useTransition } from 'react';
import { setTaskCompletedAction } from '@/app/actions/records';

export function TaskToggle({ taskId, completed, subject }: { taskId: string; completed: boolean; subject: string }) {
  const path = usePathname();
  const [pending, start] = useTransition();
  return (
    <label className="inline-flex min-h-10 cursor-pointer items-center gap-2 text-sm">
      <input
        type="checkbox"
        className="size-5"
        checked={completed}
        disabled={pending}
        onChange={(event) => start(async () => void (await setTaskCompletedAction(taskId, event.target.checked, path)))}
      />
      <span className="sr-only">{completed ? `Reopen task: ${subject}` : `Complete task: ${subject}`}</span>
      <span aria-hidden="true">{completed ? 'Done' : 'Open'}</span>
    </label>
  );
}
