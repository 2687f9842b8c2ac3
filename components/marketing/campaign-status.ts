import type { BadgeTone } from '@/components/ui/badge';
import type { CampaignStatus } from '@/lib/db/types';

export const campaignStatusTone: Record<CampaignStatus, BadgeTone> = {
  draft: 'slate',
  scheduled: 'blue',
  sending: 'blue',
  paused: 'amber',
  cancelled: 'red',
  completed: 'green',
};
