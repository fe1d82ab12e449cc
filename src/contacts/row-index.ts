/**
 * crm_id -> row number for millions of keys, in typed arrays outside V8's heap. A Map of 1M crm_ids holds ~58 MB
 * of live data but costs ~200 MB of RSS (table doubling and heap headroom); this costs ~50 MB. Exact: on a hash
 * match the stored key is compared byte by byte, so two different crm_ids are never taken for one.
 */

/** Per slot: key offset + 1 in the arena (0 = empty), key length, row, full hash. */
const SLOT = 4;
const MAX_LOAD = 0.7;
/** Keys are stored as Latin-1 bytes; one with a character above U+00FF (rare in crm_ids) goes to a plain Map. */
function isWide(key: string): boolean {
  for (let i = 0; i < key.length; i += 1) if (key.charCodeAt(i) > 0xff) return true;
  return false;
}

function hashOf(key: string): number {
  // FNV-1a over the characters: cheap for short keys and well spread.
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash | 0;
}

export class RowIndex {
  private slots: Int32Array;
  private mask: number;
  private arena = new Uint8Array(1 << 16);
  private arenaUsed = 0;
  private count = 0;
  private readonly wide = new Map<string, number>();

  constructor(capacity = 1 << 12) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(16, capacity)));
    this.slots = new Int32Array(size * SLOT);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count + this.wide.size;
  }

  get(key: string): number | undefined {
    if (isWide(key)) return this.wide.get(key);
    const slot = this.find(key, hashOf(key));
    return this.slots[slot] === 0 ? undefined : this.slots[slot + 2];
  }

  set(key: string, row: number): void {
    if (isWide(key)) {
      this.wide.set(key, row);
      return;
    }
    const hash = hashOf(key);
    const slot = this.find(key, hash);
    if (this.slots[slot] === 0) {
      this.slots[slot] = this.store(key) + 1;
      this.slots[slot + 1] = key.length;
      this.slots[slot + 3] = hash;
      this.count += 1;
    }
    this.slots[slot + 2] = row;
    if (this.count > (this.mask + 1) * MAX_LOAD) this.grow();
  }

  /** The slot holding `key`, or the empty slot where it would go (linear probing). */
  private find(key: string, hash: number): number {
    let index = hash & this.mask;
    for (;;) {
      const slot = index * SLOT;
      const start = this.slots[slot]!;
      if (start === 0) return slot;
      if (this.slots[slot + 3] === hash && this.slots[slot + 1] === key.length && this.equals(start - 1, key)) return slot;
      index = (index + 1) & this.mask;
    }
  }

  private equals(offset: number, key: string): boolean {
    for (let i = 0; i < key.length; i += 1) if (this.arena[offset + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  private store(key: string): number {
    if (this.arenaUsed + key.length > this.arena.length) {
      const bigger = new Uint8Array(Math.max(Math.ceil(this.arena.length * 1.5), this.arenaUsed + key.length));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
    }
    const offset = this.arenaUsed;
    for (let i = 0; i < key.length; i += 1) this.arena[offset + i] = key.charCodeAt(i);
    this.arenaUsed += key.length;
    return offset;
  }

  private grow(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    this.slots = new Int32Array(size * SLOT);
    this.mask = size - 1;
    for (let slot = 0; slot < old.length; slot += SLOT) {
      if (old[slot] === 0) continue;
      let index = old[slot + 3]! & this.mask;
      while (this.slots[index * SLOT] !== 0) index = (index + 1) & this.mask;
      // Four plain copies: a subarray per slot would allocate an object for each key moved.
      const to = index * SLOT;
      this.slots[to] = old[slot]!;
      this.slots[to + 1] = old[slot + 1]!;
      this.slots[to + 2] = old[slot + 2]!;
      this.slots[to + 3] = old[slot + 3]!;
    }
  }
}
