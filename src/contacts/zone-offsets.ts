import { IANAZone, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';

/**
 * An IANA zone that remembers its UTC offset per quarter hour. Luxon asks Intl for the offset of every instant it
 * builds (formatToParts, about 10 µs, two or three times a date), which made --timezone cost 35-45 µs a row; rows
 * of one export share a few thousand quarter hours, so nearly every row is a Map lookup instead.
 */

const QUARTER_HOUR = 15 * 60_000;

/** Bounds the memory on a file that spans centuries: forgetting costs only a recomputation. */
const MAX_REMEMBERED = 100_000;

export class RememberedZone extends Zone<true> {
  readonly #zone: IANAZone;
  readonly #offsets = new Map<number, number>();

  constructor(name: string) {
    super();
    this.#zone = IANAZone.create(name);
  }

  override get type(): string {
    return 'iana';
  }

  override get name(): string {
    return this.#zone.name;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override get isValid(): true {
    return true;
  }

  override offsetName(ts: number, options: ZoneOffsetOptions): string {
    return this.#zone.offsetName(ts, options) ?? '';
  }

  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.#zone.formatOffset(ts, format);
  }

  /**
   * Offsets change at zone transitions, which fall on quarter hours in UTC except in some old local mean times
   * (Monrovia's -0:44:30 until 1972): a quarter hour whose two ends differ is not remembered, only asked.
   */
  override offset(ts: number): number {
    const quarter = Math.floor(ts / QUARTER_HOUR);
    const known = this.#offsets.get(quarter);
    if (known !== undefined) return known;
    const start = this.#zone.offset(quarter * QUARTER_HOUR);
    if (start !== this.#zone.offset((quarter + 1) * QUARTER_HOUR - 1)) return this.#zone.offset(ts);
    if (this.#offsets.size >= MAX_REMEMBERED) this.#offsets.clear();
    this.#offsets.set(quarter, start);
    return start;
  }

  override equals(other: Zone): boolean {
    return other instanceof RememberedZone ? other.name === this.name : this.#zone.equals(other);
  }
}
