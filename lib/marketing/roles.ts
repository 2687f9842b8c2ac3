/** Who may build and send marketing (the policies decide; this only hides buttons). */
import type { MemberRole } from '../db/types';

export const canBuildMarketing = (role: MemberRole) => role === 'admin' || role === 'manager' || role === 'marketing';
