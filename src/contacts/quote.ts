/** Longest stretch of a cell quoted in a message: enough to recognise it, short enough for a results cell. */
const MAX_QUOTED = 40;

/** A cell value for a message: JSON-quoted (so line breaks show as \n) and cut to about 40 characters. */
export function quote(value: string): string {
  if (value.length <= MAX_QUOTED) return JSON.stringify(value);
  const chars = Array.from(value); // by code point, so an emoji is never cut in half
  return JSON.stringify(chars.length > MAX_QUOTED ? `${chars.slice(0, MAX_QUOTED).join('')}…` : value);
}
