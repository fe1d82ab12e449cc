/**
 * Defence in depth for the token: whatever is registered here is cut out of every message cli.ts prints and of
 * every API error's text, so a library error that quotes a header (as undici's Headers does) or a server that
 * quotes the token back cannot show it.
 */

const REDACTED = '[redacted]';

const secrets = new Map<string, RegExp>();

/** Each character as itself or, unless URLs leave it as it is, percent-encoded in either case (`+` or `%2B`, `%2b`). */
function patternOf(secret: string): RegExp {
  const eitherCase = (hex: string) => `[${hex}${hex.toLowerCase()}]`;
  const chars = Array.from(secret, (char) => {
    const escaped = char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    if (/^[A-Za-z0-9\-._~]$/.test(char)) return escaped;
    let encoded: string;
    try {
      encoded = encodeURIComponent(char).replace(/%([0-9A-F])([0-9A-F])/g, (_all, high: string, low: string) => `%${eitherCase(high)}${eitherCase(low)}`);
    } catch {
      return escaped; // a lone surrogate has no URL form
    }
    return `(?:${escaped}|${encoded})`;
  });
  return new RegExp(chars.join(''), 'g');
}

/** Remembers a secret (the token, once read); an empty one is ignored, as it would match everywhere. */
export function registerSecret(secret: string): void {
  // Matched as a URL quotes it back too (a login redirect's return link), where a token's + / = read otherwise.
  if (secret !== '' && !secrets.has(secret)) secrets.set(secret, patternOf(secret));
}

/** The text with every registered secret replaced by "[redacted]". */
export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is cut whole.
  for (const [, pattern] of [...secrets].sort(([a], [b]) => b.length - a.length)) out = out.replace(pattern, REDACTED);
  return out;
}
