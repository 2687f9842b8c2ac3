/** Organisation settings: the profile (admins) and pipelines and stages (admins and managers). */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CrmError } from '../../lib/crm/errors';
import { listPipelines } from '../../lib/crm/opportunities';
import { addPipeline, addStage, getOrganization, moveStage, updateOrganization, updateStage } from '../../lib/crm/organization';
import { type Staff, staff } from './support';

let admin: Staff;
let manager: Staff;
let sales: Staff;
beforeAll(async () => {
  [admin, manager, sales] = await Promise.all([staff('admin@northwind.example'), staff('manager@northwind.example'), staff('sales1@northwind.example')]);
});
const kind = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof CrmError ? e.kind : Promise.reject(e)));

describe('organisation profile', () => {
  it('is edited by admins only, with clear errors for a bad colour or logo address', async () => {
    const current = await getOrganization(admin);
    const profile = { name: current.name, postal_address: current.postal_address ?? '1 Example Street, Leeds', brand_color: '#1d4ed8', logo_url: '' };
    const bad = await updateOrganization(admin, { ...profile, brand_color: 'blue', logo_url: 'ftp://x', export_alert_rows: 0 }).catch((e: unknown) => e);
    expect(Object.keys((bad as CrmError).fieldErrors).sort()).toEqual(['brand_color', 'export_alert_rows', 'logo_url']);
    expect(await kind(updateOrganization(manager, profile))).toBe('forbidden');
    await updateOrganization(admin, { ...profile, brand_color: '#0f766e', export_alert_rows: current.export_alert_rows });
    expect((await getOrganization(sales)).brand_color).toBe('#0f766e');
  });

  it('sets the learner portal’s self-service cut-off and bookings contact, refusing nonsense, and leaves them when not sent', async () => {
    const current = await getOrganization(admin);
    const profile = { name: current.name, postal_address: current.postal_address ?? '1 Example Street, Leeds', brand_color: current.brand_color ?? '#1d4ed8', logo_url: current.logo_url ?? '' };
    const bad = await updateOrganization(admin, { ...profile, learner_change_cutoff_hours: -1, learner_contact_email: 'not-an-address' }).then(() => ({}), (e: CrmError) => e.fieldErrors);
    expect(Object.keys(bad).sort()).toEqual(['learner_change_cutoff_hours', 'learner_contact_email']);
    try {
      await updateOrganization(admin, { ...profile, learner_change_cutoff_hours: 24, learner_contact_email: 'bookings@northwind.example' });
      await updateOrganization(admin, profile);
      expect(await getOrganization(admin)).toMatchObject({ learner_change_cutoff_hours: 24, learner_contact_email: 'bookings@northwind.example' });
      await updateOrganization(admin, { ...profile, learner_contact_email: '' });
      expect((await getOrganization(admin)).learner_contact_email).toBeNull();
    } finally {
      await updateOrganization(admin, { ...profile, learner_change_cutoff_hours: current.learner_change_cutoff_hours, learner_contact_email: current.learner_contact_email ?? '' });
    }
  });
});

describe('pipelines and stages', () => {
  it('starts a new pipeline with open, won and lost stages, adds stages before the closing ones, and keeps those last', async () => {
    const name = `Apprenticeships ${randomUUID().slice(0, 4)}`;
    const pipeline = await addPipeline(manager, { name });
    await addStage(manager, { pipeline_id: pipeline.id, name: 'Employer signed', probability: 60 });
    const stages = (await listPipelines(manager)).find((p) => p.id === pipeline.id)?.stages ?? [];
    expect(stages.map((s) => s.name)).toEqual(['New', 'Employer signed', 'Won', 'Lost']);
    const signed = stages[1] as { id: string };
    expect(await kind(moveStage(manager, signed.id, 'down'))).toBe('validation');
    await moveStage(manager, signed.id, 'up');
    await updateStage(manager, { id: signed.id, name: 'Employer contract signed', probability: 70 });
    const after = (await listPipelines(manager)).find((p) => p.id === pipeline.id)?.stages ?? [];
    expect(after.map((s) => s.name)).toEqual(['Employer contract signed', 'New', 'Won', 'Lost']);
    expect(await kind(updateStage(sales, { id: signed.id, name: 'Hijacked', probability: 1 }))).toBe('forbidden');
    expect(await kind(addPipeline(sales, { name: 'Rogue pipeline' }))).toBe('forbidden');
  });
});
