/** A stored contact: what the sandbox keeps of every create, update, disposition and assign. Dates in epoch ms. */
export interface ContactRecord {
  id: string;
  orgId: string;
  crmId: string;
  /** Always E.164, whichever form the create used. */
  phone: string;
  optInDate: number;
  createDate: number;
  firstName?: string;
  lastName?: string;
  governanceLevelId?: string;
  isInbound?: boolean;
  source?: string;
  stage?: string;
  disposition?: string;
  additionalFields?: Record<string, unknown>;
  /** The last accepted assign; `at` (epoch ms) drives the 10-second limit per contact. */
  assignment?: Assignment;
}

export interface Assignment {
  kind: 'user' | 'group';
  id: string;
  onHandover: boolean;
  at: number;
}

/** Read access to the store, for tests and the CLI's --sandbox mode. */
export interface SandboxStoreView {
  count(): number;
  listByOrg(orgId: string): readonly Readonly<ContactRecord>[];
  get(id: string): Readonly<ContactRecord> | undefined;
}
