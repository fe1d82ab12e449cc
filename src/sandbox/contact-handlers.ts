import type { ContactRecord } from './contact.js';
import { toContactResp, toGetContactResp } from './contact-dto.js';
import { defined, param, type Handler, type HandlerContext, type OperationRequest } from './handler-context.js';
import { toE164 } from './phone.js';
import { errorResponse, invalid, type ApiResponse } from './responses.js';

/** Bodies as the schemas have already checked them. */
interface ContactReq {
  crm_id: string;
  phone_number: unknown;
  opt_in_date: string;
  first_name?: string;
  last_name?: string;
  governance_level_id?: string;
  is_inbound?: boolean;
  source?: string;
}
interface UpdateContactReq {
  crm_id: string;
  first_name?: string;
  last_name?: string;
}
interface DispositionReq {
  stage: string;
  disposition?: string;
  additionalFields?: Record<string, unknown>;
}

const conflict = (orgId: string, crmId: string): ApiResponse =>
  errorResponse(409, 'UQ_CONSTRAINT_FAILED', `crm_id '${crmId}' is already held by another contact in org '${orgId}'`);

/** The contact of that id in that org; a contact of another org is as unknown as a missing one. */
export function findContact(ctx: HandlerContext, request: OperationRequest): ContactRecord | undefined {
  const contact = ctx.store.get(param(request, 'contactId'));
  return contact?.orgId === param(request, 'orgId') ? contact : undefined;
}

export const contactNotFound = (request: OperationRequest): ApiResponse =>
  errorResponse(404, 'NOT_FOUND', `Contact not found: no contact '${param(request, 'contactId')}' in org '${param(request, 'orgId')}'`);

export const createContact: Handler = (ctx, request) => {
  const body = request.body as ContactReq;
  const phone = toE164(body.phone_number);
  if (phone === undefined) return invalid('phone_number: countryCode and nationalNumber must make an E.164 number (+, then 7 to 15 digits)');
  const optInDate = Date.parse(body.opt_in_date);
  if (Number.isNaN(optInDate)) return invalid('opt_in_date: must be a date-time the calendar has');
  const orgId = param(request, 'orgId');
  if (ctx.store.findByCrmId(orgId, body.crm_id)) return conflict(orgId, body.crm_id);
  const contact: ContactRecord = {
    id: ctx.store.nextId(),
    orgId,
    crmId: body.crm_id,
    phone,
    optInDate,
    createDate: ctx.clock(),
    ...defined({
      firstName: body.first_name,
      lastName: body.last_name,
      governanceLevelId: body.governance_level_id,
      isInbound: body.is_inbound,
      source: body.source,
    }),
  };
  ctx.store.insert(contact);
  return { status: 200, body: toContactResp(contact, ctx.dates, ctx.clock()), committed: true };
};

export const updateContact: Handler = (ctx, request) => {
  const body = request.body as UpdateContactReq;
  const contact = findContact(ctx, request);
  if (!contact) return contactNotFound(request);
  const holder = ctx.store.findByCrmId(contact.orgId, body.crm_id);
  if (holder && holder !== contact) return conflict(contact.orgId, body.crm_id);
  ctx.store.update(contact, { crmId: body.crm_id, ...defined({ firstName: body.first_name, lastName: body.last_name }) });
  return { status: 200, body: toContactResp(contact, ctx.dates, ctx.clock()) };
};

export const updateDisposition: Handler = (ctx, request) => {
  const body = request.body as DispositionReq;
  const contact = findContact(ctx, request);
  if (!contact) return contactNotFound(request);
  ctx.store.update(contact, {
    stage: body.stage,
    ...defined({ disposition: body.disposition, additionalFields: body.additionalFields }),
  });
  return { status: 200, body: 'Disposition updated' };
};

export const getContactsByPhone: Handler = (ctx, request) => {
  const contacts = ctx.store.findByPhone(param(request, 'orgId'), param(request, 'phoneNumber'));
  const now = ctx.clock();
  return { status: 200, body: contacts.map((contact) => toGetContactResp(contact, ctx.dates, now)) };
};
