import { isUtf8 } from 'node:buffer';

/**
 * Bytes that are not UTF-8, made visible to the parser. Decoding would turn each into U+FFFD, which a file may
 * also hold for real; instead each bad byte b (0x80-0xFF: ASCII is always valid) becomes the code point
 * U+10FF00 + b. That is valid UTF-8, so it survives every decode and re-encode between here and the fields, and it
 * lies in the last 128 code points of Plane 16's private use area, which no CRM or spreadsheet writes.
 */
export const MARKER_BASE = 0x10ff00;

/** What every marker starts with in UTF-8 (F4 8F BE/BF xx): a cheap test of whether a chunk may hold one. */
export const MARKER_PREFIX: Buffer = Buffer.from([0xf4, 0x8f]);

interface Lead {
  /** Bytes in the whole sequence. */
  length: number;
  /** Allowed range of the second byte (Unicode Table 3-7: this range rules out overlong forms and surrogates). */
  low: number;
  high: number;
}

const NOT_A_LEAD: Lead = { length: 0, low: 0, high: 0 };
const LEADS: readonly Lead[] = Array.from({ length: 256 }, (_, byte): Lead => {
  if (byte < 0x80) return { length: 1, low: 0, high: 0 };
  if (byte >= 0xc2 && byte <= 0xdf) return { length: 2, low: 0x80, high: 0xbf };
  if (byte === 0xe0) return { length: 3, low: 0xa0, high: 0xbf };
  if (byte === 0xed) return { length: 3, low: 0x80, high: 0x9f };
  if (byte >= 0xe1 && byte <= 0xef) return { length: 3, low: 0x80, high: 0xbf };
  if (byte === 0xf0) return { length: 4, low: 0x90, high: 0xbf };
  if (byte >= 0xf1 && byte <= 0xf3) return { length: 4, low: 0x80, high: 0xbf };
  if (byte === 0xf4) return { length: 4, low: 0x80, high: 0x8f };
  return NOT_A_LEAD;
});

/** How many bytes from `start` up to `end` are a well-formed start of the sequence `lead` begins. */
function validPrefix(bytes: Uint8Array, start: number, end: number, lead: Lead): number {
  let i = start + 1;
  if (i < end) {
    const second = bytes[i]!;
    if (second < lead.low || second > lead.high) return 1;
    i++;
  }
  while (i < end && i < start + lead.length && (bytes[i]! & 0xc0) === 0x80) i++;
  return i - start;
}

/** Offsets of the bytes that belong to no well-formed sequence; a sequence cut short by the end counts as bad. */
function invalidOffsets(bytes: Uint8Array): number[] {
  const offsets: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const byte = bytes[i]!;
    if (byte < 0x80) {
      i++;
      continue;
    }
    const lead = LEADS[byte]!;
    if (lead.length > 0 && validPrefix(bytes, i, bytes.length, lead) === lead.length) {
      i += lead.length;
      continue;
    }
    // Only the lead is bad: the bytes after it are judged on their own, so each bad byte gets its own marker.
    offsets.push(i);
    i++;
  }
  return offsets;
}

function writeMarker(out: Buffer, at: number, byte: number): void {
  const codePoint = MARKER_BASE + byte;
  out[at] = 0xf0 | (codePoint >> 18);
  out[at + 1] = 0x80 | ((codePoint >> 12) & 0x3f);
  out[at + 2] = 0x80 | ((codePoint >> 6) & 0x3f);
  out[at + 3] = 0x80 | (codePoint & 0x3f);
}

/** `bytes` with every byte that is not UTF-8 replaced by its marker (the whole input: a cut-off end is bad too). */
export function markInvalidUtf8(bytes: Uint8Array): Buffer {
  const offsets = invalidOffsets(bytes);
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (offsets.length === 0) return source;
  const out = Buffer.allocUnsafe(bytes.length + 3 * offsets.length);
  let from = 0;
  let to = 0;
  for (const offset of offsets) {
    to += source.copy(out, to, from, offset);
    writeMarker(out, to, bytes[offset]!);
    to += 4;
    from = offset + 1;
  }
  source.copy(out, to, from);
  return out;
}

/** Length of a sequence at the end of `bytes` that is well-formed so far but incomplete (0 to 3 bytes). */
export function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const start = bytes.length - back;
    const byte = bytes[start]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const lead = LEADS[byte]!;
    if (lead.length <= back) return 0;
    return validPrefix(bytes, start, bytes.length, lead) === back ? back : 0;
  }
  return 0;
}

/**
 * The marking step for a stream: a chunk is checked whole with isUtf8 (fast), and only a chunk that fails is
 * walked byte by byte. A sequence cut by the chunk's end waits for the next chunk, so where chunks split never
 * changes the output.
 */
export class Utf8Marker {
  #carry: Buffer | undefined;

  /** The bytes of `chunk` that are ready, marked; may be empty. */
  push(chunk: Buffer): Buffer {
    const bytes = this.#carry === undefined ? chunk : Buffer.concat([this.#carry, chunk]);
    const tail = incompleteTail(bytes);
    // Copied: the chunk's memory may belong to a pool the source reuses.
    this.#carry = tail === 0 ? undefined : Buffer.from(bytes.subarray(bytes.length - tail));
    const ready = tail === 0 ? bytes : bytes.subarray(0, bytes.length - tail);
    return isUtf8(ready) ? ready : markInvalidUtf8(ready);
  }

  /** What is left at the end of the input: a sequence never completed, every byte of it bad. */
  end(): Buffer {
    const rest = this.#carry ?? Buffer.alloc(0);
    this.#carry = undefined;
    return markInvalidUtf8(rest);
  }
}

/** UTF-8 input with every invalid byte marked, chunk by chunk. */
export async function* markInvalidUtf8Chunks(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const marker = new Utf8Marker();
  for await (const chunk of chunks) {
    const ready = marker.push(chunk);
    if (ready.length > 0) yield ready;
  }
  const rest = marker.end();
  if (rest.length > 0) yield rest;
}
