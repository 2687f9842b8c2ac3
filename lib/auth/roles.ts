import { z } from 'zod';
import type { MemberRole } from '../db/types';

/** Roles inside an organisation, most powerful first. */
export const memberRoles = ['admin', 'manager', 'sales', 'marketing', 'compliance', 'viewer'] as const satisfies readonly MemberRole[];
export const memberRoleSchema = z.enum(memberRoles, { error: 'Choose a role from the list.' });

/** What a person reads for each role. */
export const roleLabels: Record<MemberRole, string> = {
  admin: 'Admin',
  manager: 'Manager',
  sales: 'Sales rep',
  marketing: 'Marketing',
  compliance: 'Compliance officer',
  viewer: 'Viewer',
};
