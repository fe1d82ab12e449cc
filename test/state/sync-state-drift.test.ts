import { afterEach, describe, expect, it } from 'vitest';
import { SyncState, type Confirmation, type Settlement, type StateIdentity } from '../../src/state/sync-state.js';

const identity: StateIdentity = { baseUrl: 'https://apis.saleschat.pro', orgId: 'org-42' };
const confirmed: Confirmation = { contactId: 'c-1', phone: '+14155550001', contact: 'fp-contact', disposition: 'fp-disp', assign: 'fp-assign' };
const settled: Settlement = { contactId: 'c-1', phone: '+14155550001', row: 'row-key', contact: 'fp-contact', disposition: 'fp-disp', assign: 'fp-assign' };

const opened: SyncState[] = [];
afterEach(() => {
  for (const state of opened.splice(0)) state.close();
});

function open(): SyncState {
  const state = SyncState.open(':memory:', identity);
  opened.push(state);
  return state;
}

describe('SyncState.drift: a contact verify found changed inside SalesChat', () => {
  it('drops the contact fingerprint and the settled row, keeping the id, the phone and the other steps', () => {
    const state = open();
    state.confirm('CRM-1', confirmed);
    state.settle('CRM-1', settled);
    expect(state.get('CRM-1')?.row).toBe('row-key');
    state.drift('CRM-1');
    expect(state.get('CRM-1')).toEqual({ contactId: 'c-1', phone: '+14155550001', contact: null, disposition: 'fp-disp', assign: 'fp-assign', row: null, rowSteps: '' });
  });

  it('leaves other crm_ids alone, and knows nothing new of one it never knew', () => {
    const state = open();
    state.confirm('CRM-1', confirmed);
    state.drift('CRM-unknown');
    expect(state.get('CRM-unknown')).toBeUndefined();
    expect(state.get('CRM-1')?.contact).toBe('fp-contact');
    expect(state.count()).toBe(1);
  });

  it('is undone by the next confirm of the contact fields', () => {
    const state = open();
    state.confirm('CRM-1', confirmed);
    state.drift('CRM-1');
    state.confirm('CRM-1', { contactId: 'c-1', phone: '+14155550001', contact: 'fp-contact-2' });
    expect(state.get('CRM-1')).toMatchObject({ contact: 'fp-contact-2', disposition: 'fp-disp', assign: 'fp-assign' });
  });
});
