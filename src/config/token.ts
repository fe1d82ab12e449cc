import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { registerSecret } from '../secrets.js';

/** The bearer token: read once from --token-file or SALESCHAT_TOKEN, registered as a secret, its shape checked. */

/**
 * What a bearer token may hold: RFC 6750's b64token, 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
 * Anything else would fail as an HTTP header later, in an error that quotes it; checked up front instead.
 */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

const TOKEN_CHAR = /[A-Za-z0-9\-._~+/]/;

/** The grammar in words, for the end of a message. */
const TOKEN_SHAPE_HINT = 'A token is one line of letters, digits and - . _ ~ + /, and may end with =';

/**
 * Why this (trimmed) token cannot be sent as `Authorization: Bearer <token>`, or undefined when it can.
 * The words say what and where, never which character: the message must not give away any of the token.
 */
export function tokenShapeProblem(token: string): string | undefined {
  if (token === '') return 'is empty';
  if (B64TOKEN.test(token)) return undefined;
  if (/^bearer\s/i.test(token)) return 'starts with "Bearer ": give the token alone (the tool adds "Bearer")';
  const chars = Array.from(token);
  const at = (index: number) => `at character ${index + 1}`;
  const lineBreak = chars.findIndex((char) => char === '\n' || char === '\r');
  if (lineBreak >= 0) return `holds more than one line (a line break ${at(lineBreak)})`;
  const nul = chars.indexOf('\0');
  if (nul >= 0) return `holds a NUL byte ${at(nul)}`;
  // "=" only as padding, after at least one token character.
  const paddingStart = Math.max(1, chars.length - (/=*$/.exec(token)?.[0].length ?? 0));
  const bad = chars.findIndex((char, index) => !(TOKEN_CHAR.test(char) || (char === '=' && index >= paddingStart)));
  const char = chars[bad] ?? '';
  if (/\s/.test(char)) return `holds white space ${at(bad)}`;
  if ((char.codePointAt(0) ?? 0) > 0x7f) return `holds a character outside ASCII ${at(bad)}`;
  return `holds a character a bearer token cannot hold ${at(bad)}`;
}

/** The token from --token-file (when given) or SALESCHAT_TOKEN, trimmed. Missing, empty or malformed: a usage error naming the source, never quoting the token. */
export async function readToken(path: string | undefined, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  let token: string;
  let source: string;
  if (path !== undefined) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new UsageError(`Cannot read --token-file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`, { cause: error });
    }
    token = text.trim();
    source = `--token-file ${path}`;
  } else {
    const text = env['SALESCHAT_TOKEN'];
    if (text === undefined) {
      throw new UsageError('No API token: set SALESCHAT_TOKEN or pass --token-file PATH (or try --sandbox to run against the local sandbox).');
    }
    token = text.trim();
    source = 'SALESCHAT_TOKEN';
  }
  if (token === '') throw new UsageError(`${source} is empty: it should hold the API token.`);
  // Before the check: even a token that fails it must not be shown by whatever prints later.
  registerSecret(token);
  const problem = tokenShapeProblem(token);
  if (problem !== undefined) {
    throw new UsageError(`${source} cannot be sent as a bearer token: it ${problem}. ${TOKEN_SHAPE_HINT} (the token is not shown here).`);
  }
  return token;
}
