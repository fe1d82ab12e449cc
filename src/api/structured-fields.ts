/**
 * The part of RFC 8941 (Structured Field Values) that rate-limit headers use: Lists and Dictionaries of Items with
 * Parameters. Inner Lists are not supported (no rate-limit field has them): a field holding one reads as malformed.
 * Pure and total: malformed text gives undefined, never an exception, since the text comes from any server.
 */

export type BareItem =
  | { type: 'integer' | 'decimal'; value: number }
  | { type: 'string' | 'token' | 'bytes'; value: string }
  | { type: 'boolean'; value: boolean };

export interface Item {
  value: BareItem;
  params: ReadonlyMap<string, BareItem>;
}

const TOKEN_START = /[A-Za-z*]/;
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/;
const KEY_START = /[a-z*]/;
const KEY_CHAR = /[a-z0-9_\-.*]/;
const INTEGER = /^-?\d{1,15}$/;
const DECIMAL = /^-?\d{1,12}\.\d{1,3}$/;

/** A cursor over the field's text; every read returns undefined on malformed input. */
class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  get done(): boolean {
    return this.at >= this.text.length;
  }

  peek(): string {
    return this.text[this.at] ?? '';
  }

  eat(char: string): boolean {
    if (this.peek() !== char) return false;
    this.at += 1;
    return true;
  }

  /** RFC 8941 allows spaces in fewer places than servers put them; reading them anywhere between parts is harmless. */
  skipSpace(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.at += 1;
  }

  run(allowed: RegExp): string {
    const start = this.at;
    while (!this.done && allowed.test(this.peek())) this.at += 1;
    return this.text.slice(start, this.at);
  }

  key(): string | undefined {
    return KEY_START.test(this.peek()) ? this.run(KEY_CHAR) : undefined;
  }

  bareItem(): BareItem | undefined {
    const first = this.peek();
    if (first === '-' || (first >= '0' && first <= '9')) return this.number();
    if (first === '"') return this.string();
    if (first === ':') return this.bytes();
    if (first === '?') return this.boolean();
    if (TOKEN_START.test(first)) return { type: 'token', value: this.run(TOKEN_CHAR) };
    return undefined;
  }

  private number(): BareItem | undefined {
    const text = this.run(/[-0-9.]/);
    if (INTEGER.test(text)) return { type: 'integer', value: Number(text) };
    if (DECIMAL.test(text)) return { type: 'decimal', value: Number(text) };
    return undefined;
  }

  private string(): BareItem | undefined {
    this.eat('"');
    let value = '';
    for (;;) {
      const char = this.peek();
      if (this.done || char < ' ' || char > '~') return undefined;
      this.at += 1;
      if (char === '"') return { type: 'string', value };
      if (char === '\\') {
        const escaped = this.peek();
        if (escaped !== '"' && escaped !== '\\') return undefined;
        this.at += 1;
        value += escaped;
      } else value += char;
    }
  }

  private bytes(): BareItem | undefined {
    this.eat(':');
    const value = this.run(/[A-Za-z0-9+/=]/);
    return this.eat(':') ? { type: 'bytes', value } : undefined;
  }

  private boolean(): BareItem | undefined {
    this.eat('?');
    if (this.eat('0')) return { type: 'boolean', value: false };
    if (this.eat('1')) return { type: 'boolean', value: true };
    return undefined;
  }

  /** `;key=value;flag`; the last of a repeated key wins, as RFC 8941 says. */
  params(): Map<string, BareItem> | undefined {
    const params = new Map<string, BareItem>();
    for (;;) {
      this.skipSpace();
      if (!this.eat(';')) return params;
      this.skipSpace();
      const key = this.key();
      if (key === undefined) return undefined;
      const value: BareItem | undefined = this.eat('=') ? this.bareItem() : { type: 'boolean', value: true };
      if (value === undefined) return undefined;
      params.set(key, value);
    }
  }

  item(): Item | undefined {
    const value = this.bareItem();
    const params = value && this.params();
    return value && params && { value, params };
  }

  /** After a member: the end, or a comma followed by another member. */
  next(): 'end' | 'more' | undefined {
    this.skipSpace();
    if (this.done) return 'end';
    if (!this.eat(',')) return undefined;
    this.skipSpace();
    return this.done ? undefined : 'more';
  }
}

/** A List of Items, e.g. `"burst";q=100;w=60, "daily";q=1000;w=86400`; undefined when malformed or empty. */
export function parseList(text: string): Item[] | undefined {
  const reader = new Reader(text.trim());
  if (reader.done) return undefined;
  const items: Item[] = [];
  for (;;) {
    const item = reader.item();
    if (item === undefined) return undefined;
    items.push(item);
    const next = reader.next();
    if (next !== 'more') return next === 'end' ? items : undefined;
  }
}

/**
 * A Dictionary, e.g. `limit=100, remaining=50, reset=30`, as its members in order; undefined when malformed or empty.
 * A repeated key is kept twice (RFC 8941 keeps the last), so a caller can tell a repeated header that disagrees.
 */
export function parseDictionary(text: string): [key: string, member: Item][] | undefined {
  const reader = new Reader(text.trim());
  if (reader.done) return undefined;
  const members: [string, Item][] = [];
  for (;;) {
    const key = reader.key();
    if (key === undefined) return undefined;
    const member = reader.eat('=') ? reader.item() : withParams({ type: 'boolean', value: true }, reader.params());
    if (member === undefined) return undefined;
    members.push([key, member]);
    const next = reader.next();
    if (next !== 'more') return next === 'end' ? members : undefined;
  }
}

function withParams(value: BareItem, params: Map<string, BareItem> | undefined): Item | undefined {
  return params && { value, params };
}

/** The item's number (Integer or Decimal), else undefined. */
export function numberOf(item: BareItem | undefined): number | undefined {
  return item?.type === 'integer' || item?.type === 'decimal' ? item.value : undefined;
}
