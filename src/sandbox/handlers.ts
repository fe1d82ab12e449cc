import { assignChatroom } from './assign-handler.js';
import { createContact, getContactsByPhone, updateContact, updateDisposition } from './contact-handlers.js';
import type { Handler } from './handler-context.js';

/** The five operations, keyed by the document's operationId. */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  registerContactV2: createContact,
  updateContact,
  updateContactDispositionV2: updateDisposition,
  assignChatroom,
  getContactByPhoneV2: getContactsByPhone,
};
