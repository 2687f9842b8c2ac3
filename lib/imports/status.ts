/** How an import's status reads, and its badge colour (client-safe). */
import type { BadgeTone } from '@/components/ui/badge';
import type { ImportStatus } from '../db/types';

export const importStatusLabels: Record<ImportStatus, [string, BadgeTone]> = {
  uploaded: ['Mapping', 'slate'],
  checking: ['Dry run…', 'blue'],
  checked: ['Checked', 'slate'],
  queued: ['Waiting', 'blue'],
  running: ['Importing', 'blue'],
  done: ['Done', 'green'],
  failed: ['Failed', 'red'],
  cancelled: ['Cancelled', 'amber'],
  reverting: ['Reverting…', 'blue'],
  reverted: ['Reverted', 'slate'],
};

export const isImportWorking = (status: ImportStatus) => status === 'checking' || status === 'queued' || status === 'running' || status === 'reverting';
