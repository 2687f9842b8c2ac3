/**
 * The create / edit / trash / restore services of every kind of record, by list name, so that
 * one set of server actions (app/actions/record-edits.ts) serves every record page and form.
 */
import { createAccount, restoreAccount, trashAccount, updateAccount } from './accounts';
import type { BulkEntity } from './bulk.entities';
import { createContact, restoreContact, trashContact, updateContact } from './contacts';
import { createLead, restoreLead, trashLead, updateLead } from './leads';
import { createOpportunity, restoreOpportunity, trashOpportunity, updateOpportunity } from './opportunities';
import type { CrmSession } from './session';

type RecordServices = {
  create: (session: CrmSession, input: unknown) => Promise<{ id: string; updated_at: Date }>;
  /** Changes exactly the fields sent, if the record is still the version the user saw; returns the new version. */
  update: (session: CrmSession, input: unknown) => Promise<Date>;
  trash: (session: CrmSession, id: string) => Promise<void>;
  restore: (session: CrmSession, id: string) => Promise<void>;
};

export const recordServices: Record<BulkEntity, RecordServices> = {
  leads: { create: createLead, update: updateLead, trash: trashLead, restore: restoreLead },
  contacts: { create: createContact, update: updateContact, trash: trashContact, restore: restoreContact },
  accounts: { create: createAccount, update: updateAccount, trash: trashAccount, restore: restoreAccount },
  opportunities: { create: createOpportunity, update: updateOpportunity, trash: trashOpportunity, restore: restoreOpportunity },
};
