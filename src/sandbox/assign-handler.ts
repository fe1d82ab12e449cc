import { contactNotFound, findContact } from './contact-handlers.js';
import { isKnownGroup, isKnownUser, KNOWN_GROUPS, KNOWN_USERS } from './directory.js';
import type { Handler } from './handler-context.js';
import { errorResponse, invalid, tooManyRequests } from './responses.js';

/** The published limit: "Allows 1 request per 10 seconds per contact". */
export const ASSIGN_INTERVAL_MS = 10_000;

interface AssignChatroomReq {
  user_id?: string;
  group_id?: string;
  remote_waba_id?: string;
  remote_phone_id?: string;
  assign_on_handover?: boolean;
}

export const assignChatroom: Handler = (ctx, request) => {
  const body = request.body as AssignChatroomReq;
  // The published page: "if both are provided, user_id will be used".
  const target =
    body.user_id !== undefined
      ? { kind: 'user' as const, id: body.user_id, known: isKnownUser(body.user_id), all: KNOWN_USERS }
      : body.group_id !== undefined
        ? { kind: 'group' as const, id: body.group_id, known: isKnownGroup(body.group_id), all: KNOWN_GROUPS }
        : undefined;
  if (!target) return invalid('user_id: user_id or group_id is required');

  const contact = findContact(ctx, request);
  if (!contact) return contactNotFound(request);
  if (!target.known) {
    return errorResponse(404, 'NOT_FOUND', `User / Group not found: no ${target.kind} '${target.id}' (known: ${target.all.join(', ')})`);
  }

  const now = ctx.clock();
  const last = contact.assignment?.at;
  if (last !== undefined && now - last < ASSIGN_INTERVAL_MS) {
    return tooManyRequests(last + ASSIGN_INTERVAL_MS - now, 'Rate limit exceeded. Allows 1 request per 10 seconds per contact');
  }
  ctx.store.update(contact, {
    assignment: { kind: target.kind, id: target.id, onHandover: body.assign_on_handover ?? false, at: now },
  });
  return { status: 202 };
};
