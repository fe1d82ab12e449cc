import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * src/ is laid out by stage, in the order data flows, and no import runs back up: a folder imports only from
 * folders earlier in this list (or its own). Commands on one level (import, export, validate) do not import each
 * other. Files at the top of src/ (errors, secrets, sleep, version) are below everything, except src/index.ts,
 * the package's entry, which only re-exports the library and sits above everything. The library (library/) offers
 * the commands to code and sits beside cli/: the two are adapters over the same commands, and neither imports the
 * other.
 */
const ENTRY = 'index.ts';

const LAYERS: readonly (readonly string[])[] = [
  ['.'],
  ['config'],
  ['io'],
  ['contacts'],
  ['check'],
  ['sandbox'],
  ['api'],
  ['state'],
  ['run'],
  ['import', 'export', 'validate', 'verify', 'doctor'],
  ['cli', 'library'],
  [ENTRY],
];

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The top folder under src/ a path is in ('.' for src/ itself), or ENTRY for src/index.ts (the package's entry). */
function folderOf(path: string): string {
  const parts = relative(SRC, path).split(sep);
  // An import names the file as it is built (./index.js).
  if (parts.length === 1) return parts[0]!.replace(/\.js$/, '.ts') === ENTRY ? ENTRY : '.';
  return parts[0]!;
}

function layerOf(folder: string): number {
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

/** Every relative import (static, dynamic, type-only) of a file, as [from folder, to folder, specifier]. */
function crossFolderImports(file: string, text: string): [string, string, string][] {
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => match[1]!);
  return specifiers
    .map((specifier): [string, string, string] => [folderOf(file), folderOf(normalize(join(dirname(file), specifier))), specifier])
    .filter(([from, to]) => from !== to);
}

/** The imports that break the layering, as "file imports specifier (folder -> folder)". */
function layeringViolations(files: readonly string[], read = (file: string) => readFileSync(file, 'utf8')): string[] {
  return files.flatMap((file) =>
    crossFolderImports(file, read(file))
      .filter(([from, to]) => layerOf(to) >= layerOf(from))
      .map(([from, to, specifier]) => `${relative(SRC, file)} imports ${specifier} (${from} -> ${to})`),
  );
}

describe('the layout of src/', () => {
  const files = sourceFiles(SRC);

  it('places every folder in a layer', () => {
    const unplaced = [...new Set(files.map(folderOf))].filter((folder) => layerOf(folder) === -1);
    expect(unplaced).toEqual([]);
  });

  it('has no import that runs back up a layer, or across between commands', () => {
    expect(layeringViolations(files)).toEqual([]);
  });

  it.each([
    ['io/results-writer.ts', "import type { Tally } from '../run/tally.js';", 'io -> run'],
    ['import/run-import.ts', "import { runExport } from '../export/run-export.js';", 'import -> export'],
    ['api/client.ts', "const { runImport } = await import('../import/run-import.js');", 'api -> import'],
    ['config/config.ts', "import type { Io } from '../run/io.js';", 'config -> run'],
    ['state/sync-state.ts', "import { fingerprint } from '../run/row-fingerprint.js';", 'state -> run'],
    ['errors.ts', "import { importContacts } from './index.js';", '. -> index.ts'],
    ['cli/import-run.ts', "import { importContacts } from '../index.js';", 'cli -> index.ts'],
    ['library/commands.ts', "import { main } from '../cli/main.js';", 'library -> cli'],
  ])('would catch %s reaching up (%s)', (file, line, arrow) => {
    expect(layeringViolations([join(SRC, file)], () => line)).toEqual([`${join(...file.split('/'))} imports ${/'([^']+)'/.exec(line)![1]} (${arrow})`]);
  });
});
