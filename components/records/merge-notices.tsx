'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { unmergeAction } from '@/app/actions/merges';
import { Alert } from '@/components/ui/alert';
import type { MergeObject } from '@/lib/crm/merges';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

type Twin = { id: string; name: string; reason: string };

/** On a contact's, account's or lead's page: the records that look like the same one, and (for those who merge) the way to merge them. */
export function DuplicateNotice({ object, recordId, twins, canMerge }: { object: MergeObject; recordId: string; twins: Twin[]; canMerge: boolean }) {
  if (twins.length === 0) return null;
  return (
    <Alert tone="info">
      <span data-testid="duplicate-notice">
        Possible duplicate:{' '}
        {twins.map((t, i) => (
          <span key={t.id}>
            {i > 0 ? ', ' : ''}
            <Link href={`/${object}/${t.id}`} className="underline">
              {t.name}
            </Link>{' '}
            ({t.reason.toLowerCase()})
          </span>
        ))}
        .{' '}
        {canMerge ? (
          <Link href={`/${object}/merge?ids=${[recordId, ...twins.map((t) => t.id)].slice(0, 5).join(',')}`} className="font-medium underline">
            Compare and merge
          </Link>
        ) : null}
      </span>
    </Alert>
  );
}

/** On the kept record's page, for 30 days: what was merged into it, and the undo. */
export function MergeUndo({ mergeId, names, noun }: { mergeId: string; names: string[]; noun: 'contact' | 'account' | 'lead' }) {
  const router = useRouter();
  const toast = useToast();
  const [pending, start] = useTransition();
  return (
    <Alert tone="info">
      <span className="flex flex-wrap items-center gap-3">
        <span>
          Merged into this {noun}: {names.join(', ')}.
        </span>
        <Button
          type="button"
          variant="secondary"
          size="sm"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const result = await unmergeAction(mergeId);
              if (!result.ok) {
                toast({ tone: 'error', message: result.message });
                return;
              }
              const kept = result.data.fields_kept;
              toast({
                tone: 'info',
                message: `Merge undone.${kept.length ? ` Kept as edited since: ${kept.join(', ')}.` : ''}${result.data.rows_not_moved_back ? ` ${result.data.rows_not_moved_back} moved rows had changed and stayed here.` : ''}`,
              });
              router.refresh();
            })
          }
        >
          {pending ? 'Undoing…' : 'Undo the merge'}
        </Button>
      </span>
    </Alert>
  );
}
