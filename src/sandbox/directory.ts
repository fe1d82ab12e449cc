/** The users and groups the sandbox knows; assign answers 404 for any other id (CONTRACT.md, sandbox). */
export const KNOWN_USERS: readonly string[] = Object.freeze(['user-1', 'user-2', 'user-3', 'user-4', 'user-5']);
export const KNOWN_GROUPS: readonly string[] = Object.freeze(['group-1', 'group-2']);

const users = new Set(KNOWN_USERS);
const groups = new Set(KNOWN_GROUPS);

export const isKnownUser = (id: string): boolean => users.has(id);
export const isKnownGroup = (id: string): boolean => groups.has(id);
