import type { ContactRecord, SandboxStoreView } from './contact.js';

/** One org's contacts. Contacts are never deleted one by one (only all at once) and never change phone, so arrays do. */
interface OrgIndex {
  contacts: ContactRecord[];
  byCrmId: Map<string, ContactRecord>;
  byPhone: Map<string, ContactRecord[]>;
}

/** Contacts in memory, indexed by id, and per org by crm_id and by phone, so every look-up is O(1). */
export class ContactStore implements SandboxStoreView {
  private readonly byId = new Map<string, ContactRecord>();
  private readonly orgs = new Map<string, OrgIndex>();
  private sequence = 0;
  /** Called after every change, e.g. to schedule a save. */
  onChange: () => void = () => {};

  /** Ids never repeat, not even after reset, so a stale id cannot point at a new contact. */
  nextId(): string {
    this.sequence += 1;
    return `c_${this.sequence}`;
  }

  get lastSequence(): number {
    return this.sequence;
  }

  count(): number {
    return this.byId.size;
  }

  get(id: string): ContactRecord | undefined {
    return this.byId.get(id);
  }

  listByOrg(orgId: string): ContactRecord[] {
    return this.orgs.get(orgId)?.contacts.slice() ?? [];
  }

  all(): IterableIterator<ContactRecord> {
    return this.byId.values();
  }

  findByCrmId(orgId: string, crmId: string): ContactRecord | undefined {
    return this.orgs.get(orgId)?.byCrmId.get(crmId);
  }

  findByPhone(orgId: string, phone: string): ContactRecord[] {
    return this.orgs.get(orgId)?.byPhone.get(phone)?.slice() ?? [];
  }

  /** Adds a contact; the caller has checked that its crm_id is free in its org. */
  insert(contact: ContactRecord): void {
    const org = this.org(contact.orgId);
    this.byId.set(contact.id, contact);
    org.contacts.push(contact);
    org.byCrmId.set(contact.crmId, contact);
    const samePhone = org.byPhone.get(contact.phone);
    if (samePhone) samePhone.push(contact);
    else org.byPhone.set(contact.phone, [contact]);
    this.onChange();
  }

  /** Applies a change to a stored contact, keeping the crm_id index right. */
  update(contact: ContactRecord, change: Partial<Omit<ContactRecord, 'id' | 'orgId' | 'phone'>>): void {
    if (change.crmId !== undefined && change.crmId !== contact.crmId) {
      const org = this.org(contact.orgId);
      org.byCrmId.delete(contact.crmId);
      org.byCrmId.set(change.crmId, contact);
    }
    Object.assign(contact, change);
    this.onChange();
  }

  clear(): void {
    this.byId.clear();
    this.orgs.clear();
    this.onChange();
  }

  /** Replaces the contents, e.g. from a state file, without signalling a change. */
  load(contacts: readonly ContactRecord[], sequence: number): void {
    const onChange = this.onChange;
    this.onChange = () => {};
    this.clear();
    for (const contact of contacts) this.insert(contact);
    this.sequence = Math.max(sequence, this.sequence);
    this.onChange = onChange;
  }

  private org(orgId: string): OrgIndex {
    let org = this.orgs.get(orgId);
    if (!org) this.orgs.set(orgId, (org = { contacts: [], byCrmId: new Map(), byPhone: new Map() }));
    return org;
  }
}
