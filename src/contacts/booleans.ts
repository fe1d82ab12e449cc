/** The spellings is_inbound and assign_on_handover accept, lower-cased (CONTRACT.md). */
const YES_NO: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['yes', true],
  ['1', true],
  ['false', false],
  ['no', false],
  ['0', false],
]);

/** true/false, yes/no or 1/0 in any case; undefined for anything else. */
export function parseYesNo(text: string): boolean | undefined {
  return YES_NO.get(text.toLowerCase());
}

export const YES_NO_HINT = 'use true/false, yes/no or 1/0';
