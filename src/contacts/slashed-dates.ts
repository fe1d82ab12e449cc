/**
 * Which way round a column's slashed dates are: 03/15/2024 can only be month first, 15/03/2024 only day first, and
 * 03/04/2024 either. One cell rarely tells, so the order is a property of the file, decided from its other dates.
 */

// Date, then an optional time as spreadsheets and CRMs write it: 9:05, 09:05:30, 9:05 AM, 9:05PM.
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(:\d{2})?( ?)([AaPp][Mm])?)?$/;

/** Ambiguous cells kept for the message: enough to recognise, few enough to read. */
const EXAMPLES = 3;

export type SlashedVerdict =
  /** No slashed dates: nothing to decide. */
  | { kind: 'none' }
  | { kind: 'decided'; format: string }
  /** Some dates can only be day first, others only month first. */
  | { kind: 'mixed'; dayFirst: string; monthFirst: string; formats: readonly [monthFirst: string, dayFirst: string] }
  /** Every slashed date reads both ways. */
  | { kind: 'ambiguous'; examples: readonly string[]; formats: readonly [monthFirst: string, dayFirst: string] };

const isDayOrMonth = (n: number): boolean => n >= 1 && n <= 12;
const isDayOnly = (n: number): boolean => n >= 13 && n <= 31;

/** Notes a column's cells one at a time; holds a few examples, never the cells. */
export class SlashedDateOrder {
  #dayFirst: string | undefined;
  #monthFirst: string | undefined;
  readonly #examples: string[] = [];
  /**
   * Shape of the first slashed date (padded or not), and of the first with a time: the format's words. Later cells
   * need not match it: padded tokens read one digit too, and the run reads the time with or without seconds.
   */
  #padded: boolean | undefined;
  #time: string | undefined;

  /** One cell, trimmed; a cell in another form (ISO, dotted) is not this class's concern. */
  note(cell: string): void {
    const m = SLASHED.exec(cell);
    if (m === null) return;
    const first = Number(m[1]), second = Number(m[2]);
    this.#padded ??= m[1]?.length === 2 && m[2]?.length === 2;
    if (m[4] !== undefined) this.#time ??= ` ${m[8] === undefined ? 'H' : 'h'}:mm${m[6] === undefined ? '' : ':ss'}${m[8] === undefined ? '' : `${m[7]}A`}`;
    // A cell that is no date either way (13/14/2024, 0/5/2024) says nothing about the order; its row is rejected later.
    if (isDayOnly(first) && isDayOrMonth(second)) this.#dayFirst ??= cell;
    else if (isDayOrMonth(first) && isDayOnly(second)) this.#monthFirst ??= cell;
    else if (isDayOrMonth(first) && isDayOrMonth(second) && this.#examples.length < EXAMPLES && !this.#examples.includes(cell)) this.#examples.push(cell);
  }

  /** Some date showed the order. */
  get decided(): boolean {
    return this.#dayFirst !== undefined || this.#monthFirst !== undefined;
  }

  /** Dates showed both orders: nothing more to learn. */
  get mixed(): boolean {
    return this.#dayFirst !== undefined && this.#monthFirst !== undefined;
  }

  verdict(): SlashedVerdict {
    const time = this.#time ?? '';
    const formats = this.#padded === false ? ([`M/D/YYYY${time}`, `D/M/YYYY${time}`] as const) : ([`MM/DD/YYYY${time}`, `DD/MM/YYYY${time}`] as const);
    if (this.#dayFirst !== undefined && this.#monthFirst !== undefined) {
      return { kind: 'mixed', dayFirst: this.#dayFirst, monthFirst: this.#monthFirst, formats };
    }
    if (this.#dayFirst !== undefined) return { kind: 'decided', format: formats[1] };
    if (this.#monthFirst !== undefined) return { kind: 'decided', format: formats[0] };
    return this.#examples.length === 0 ? { kind: 'none' } : { kind: 'ambiguous', examples: this.#examples, formats };
  }
}
