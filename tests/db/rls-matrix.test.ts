/**
 * The row-level security matrix of CRM records, configuration, training and tenancy: every
 * role × table × select/insert/update/delete, against rows the acting user owns, rows nobody
 * owns, rows another rep owns, and rows of another organisation (specs: rls-specs.ts). All
 * writes are rolled back.
 */
import { beforeAll } from 'vitest';
import { buildWorld, membershipId } from './rls-fixtures';
import { describeMatrix, type Fixtures } from './rls-runner';
import { coreMatrix, roles } from './rls-specs';

let fixtures: Fixtures;
beforeAll(async () => {
  const world = await buildWorld();
  // "self" is the acting user's own membership: one row per role.
  const self = Object.fromEntries(await Promise.all(roles.map(async (role) => [role, await membershipId(world.actors[role].userId, world.northwind)])));
  world.rows.memberships = {
    org: await membershipId(world.sales2.userId, world.northwind),
    foreign: await membershipId(world.contosoAdmin.userId, world.contoso),
  };
  fixtures = { actors: world.actors, rows: { ...world.rows, memberships: { ...world.rows.memberships, self } }, newRows: world.newRow };
}, 60_000);

describeMatrix(coreMatrix, () => fixtures);
