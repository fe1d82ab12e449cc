/** Help texts laid out for an 80-column terminal: prose wrapped, flags in two columns, examples under their purpose. */

export const HELP_WIDTH = 80;

/** `text`'s words in lines of at most `width` columns, each line after `indent` (a longer word gets a line of its own). */
export function wrap(text: string, indent = '', width = HELP_WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(`${indent}${line}`);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines;
}

/** Paragraphs (separated by a blank line in `text`), each wrapped. */
export function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => wrap(paragraph).join('\n'))
    .join('\n\n');
}

/** A flag as the help shows it, and what it does. */
export type FlagRow = readonly [flag: string, meaning: string];

/** Meanings start past the longest flag, but never further right than this. */
const MAX_FLAG_COLUMN = 24;

/** A titled two-column list: the flag, then its meaning wrapped in a column of its own (below a flag too long for it). */
export function flagSection(title: string, rows: readonly FlagRow[]): string {
  const column = Math.min(MAX_FLAG_COLUMN, Math.max(...rows.map(([flag]) => flag.length)));
  const indent = ' '.repeat(2 + column + 2);
  const lines = rows.flatMap(([flag, meaning]) => {
    const text = wrap(meaning, indent);
    if (flag.length > column) return [`  ${flag}`, ...text];
    return [`  ${flag.padEnd(column)}  ${(text[0] ?? '').trimStart()}`, ...text.slice(1)];
  });
  return [`${title}:`, ...lines].join('\n');
}

/** One example: what it is for, and the command line, as typed in a shell. */
export interface Example {
  readonly about: string;
  readonly line: string;
}

/** The Examples section: each example's purpose as a shell comment, then its line. */
export function exampleSection(examples: readonly Example[]): string {
  return ['Examples:', ...examples.flatMap(({ about, line }) => [...wrap(about, '  # '), `  ${line}`])].join('\n');
}
