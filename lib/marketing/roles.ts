/** Who may build and send marketing (the policies decide; this only hides buttons). */
import type { MemberRole } from '../db/types';

export const canBuildMarketing = (role: MemberRole) => role === 'admin' || role === 'manager' || role === 'marketing';

/** Who reads campaigns, segments and their figures (the policies' audience roles). */
export const MARKETING_READERS: readonly MemberRole[] = ['admin', 'manager', 'marketing', 'compliance', 'viewer'];
export const canReadMarketing = (role: MemberRole) => MARKETING_READERS.includes(role);
