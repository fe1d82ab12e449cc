/**
 * Defence in depth for the token: whatever is registered here is cut out of every message cli.ts prints and of
 * every API error's text, so a library error that quotes a header (as undici's Headers does) or a server that
 * quotes the token back cannot show it.
 */

const REDACTED = '[redacted]';

const secrets = new Set<string>();

/** Remembers a secret (the token, once read); an empty one is ignored, as it would match everywhere. */
export function registerSecret(secret: string): void {
  if (secret === '') return;
  secrets.add(secret);
  // As a URL quotes it back (a login redirect's return link): a token with + / = reads otherwise there.
  secrets.add(encodeURIComponent(secret));
}

/** The text with every registered secret replaced by "[redacted]". */
export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is cut whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.replaceAll(secret, REDACTED);
  return out;
}
