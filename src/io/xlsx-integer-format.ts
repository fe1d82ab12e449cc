/**
 * An integer as Excel shows it in a number format built of digit places and literal text: the formats a sheet
 * uses to show phone numbers and codes stored as numbers. `"+"0` (or `\+0`, or `+0`) shows 447700900125 as
 * +447700900125, `(###) ###-####` shows 2125550100 as (212) 555-0100, `00000` pads a zip code to 02134. Any other
 * format (decimals, thousands, scientific, conditions, colours, text) is left to General: undefined.
 */

/** Characters Excel shows as themselves without quotes. */
const BARE_LITERALS = new Set([...'$-+/():!^&\'~{}<>= ']);

type Part = { literal: string } | { place: '0' | '#' };

/** The format's parts, or undefined when it holds anything but digit places and literal text. */
function parts(numFmt: string): Part[] | undefined {
  // One section only: a second (for negatives) or third would need its own reading.
  if (numFmt.includes(';')) return undefined;
  const found: Part[] = [];
  for (let i = 0; i < numFmt.length; i++) {
    const char = numFmt[i]!;
    if (char === '0' || char === '#') found.push({ place: char });
    else if (char === '\\' && i + 1 < numFmt.length) found.push({ literal: numFmt[++i]! });
    else if (char === '"') {
      const end = numFmt.indexOf('"', i + 1);
      if (end < 0) return undefined;
      found.push({ literal: numFmt.slice(i + 1, end) });
      i = end;
    } else if (BARE_LITERALS.has(char)) found.push({ literal: char });
    else return undefined;
  }
  return found.some((part) => 'place' in part) ? found : undefined;
}

/**
 * `digits` (a non-negative integer's) in the format, or undefined when the format is not one of digit places and
 * literals. Places are filled from the right, as Excel does: a `0` with no digit left shows 0, a `#` nothing, and
 * digits beyond the places all go to the first.
 */
export function integerInFormat(digits: string, numFmt: string): string | undefined {
  const format = parts(numFmt);
  if (format === undefined) return undefined;
  let left = digits.replace(/^0+(?=\d)/, '');
  if (left === '0' && format.every((part) => !('place' in part) || part.place === '#')) left = '';
  const shown: string[] = [];
  let firstPlace = -1;
  for (let i = format.length - 1; i >= 0; i--) {
    const part = format[i]!;
    if ('literal' in part) {
      shown.push(part.literal);
      continue;
    }
    firstPlace = shown.length;
    const digit = left.slice(-1);
    left = left.slice(0, -1);
    shown.push(digit !== '' ? digit : part.place === '0' ? '0' : '');
  }
  if (left !== '') shown[firstPlace] = left + shown[firstPlace]!;
  return shown.reverse().join('');
}
