import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineCommand, type Command } from '../../src/cli/command.js';
import { COMMANDS, locateCommand } from '../../src/cli/main.js';
import { editDistance } from '../../src/cli/suggest.js';
import { TOP_EXAMPLES } from '../../src/cli/top-help.js';
import { UsageError } from '../../src/errors.js';
import type { Io } from '../../src/run/io.js';
import { csv, tempDir } from '../support/run-cli.js';
import { runCliCaught } from '../support/run-cli-caught.js';

/** The command line's conventions: did-you-mean, help <command>, global flags anywhere, help within 80 columns, examples that parse, light --help. */

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const ENV = { SALESCHAT_TOKEN: 'example.token', SALESCHAT_ORG_ID: 'example-org' };

let dir: string;
const inDir = (args: string[]) => args.map((arg) => arg.replaceAll('$D/', `${dir}/`));

beforeAll(async () => {
  dir = await tempDir();
  await writeFile(join(dir, 'extra.csv'), csv(['crm_id', 'phone_number', 'opt_in_date', 'Notes'], [['A-1', '+14155552671', '2024-01-01', 'x']]));
});

describe('did you mean', () => {
  it.each([
    ['a missed letter', 'imprt', 'import'],
    ['two letters swapped', 'valdiate', 'validate'],
    ['two letters swapped at the end', 'exprot', 'export'],
    ['a wrong letter', 'sandbix', 'sandbox'],
    ['capitals', 'Template', 'template'],
  ])('a command with %s: %s -> %s, exit 2', async (_name, typed, meant) => {
    const run = await runCliCaught([typed, 'x.csv']);
    expect(run.code).toBe(2);
    expect(run.error).toBeInstanceOf(UsageError);
    expect(run.stderr).toContain(`Unknown command "${typed}". Did you mean ${meant}?`);
  });

  it.each([
    [['import', 'x.csv', '--dry-rn'], '--dry-run'],
    [['import', 'x.csv', '--dry'], '--dry-run'],
    [['validate', 'x.csv', '--resluts', 'r.csv'], '--results'],
    [['validate', 'x.csv', '--delimeter', ';'], '--delimiter'],
    [['import', 'x.csv', '--concurency', '4'], '--concurrency'],
    [['export', 'x.csv', '--out', '-', '--sanbox'], '--sandbox'],
    [['sandbox', '--rate-limt', '5'], '--rate-limit'],
    [['validate', 'x.csv', '--no-colour'], '--no-color'],
  ])('a flag: %j suggests %s, exit 2', async (argv, meant) => {
    const run = await runCliCaught(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`Unknown option '${argv.find((arg) => arg.startsWith('--') && !arg.startsWith('--out'))}'\\. Did you mean ${meant}\\?`));
  });

  it.each([
    ['', '', 0],
    ['import', 'import', 0],
    ['imprt', 'import', 1],
    ['exprot', 'export', 1],
    ['kitten', 'sitting', 3],
    ['validate', 'template', 5],
  ])('editDistance(%j, %j) = %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('saleschat-bulk help <command>', () => {
  it.each(['validate', 'import', 'export', 'sandbox', 'template'])('help %s prints what its --help prints, exit 0', async (name) => {
    const viaHelp = await runCliCaught(['help', name]);
    const viaFlag = await runCliCaught([name, '--help']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toContain(`Usage: saleschat-bulk ${name}`);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  it('help alone prints the top-level help, exit 0', async () => {
    const run = await runCliCaught(['help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: saleschat-bulk <command> [flags]');
    expect(run.stdout).toContain('saleschat-bulk help <command>');
  });

  it.each([
    [['help', 'imprt'], /^saleschat-bulk: Unknown command "imprt"\. Did you mean import\?/],
    // Nothing is close to "nope": no suggestion, the list of commands instead.
    [['help', 'nope'], /^saleschat-bulk: Unknown command "nope"\.\nCommands: validate, import, export, verify, doctor, sandbox, template\./],
  ])('%j is a usage error', async (argv, message) => {
    const run = await runCliCaught(argv);
    expect(run.code).toBe(2);
    expect(run.error).toBeInstanceOf(UsageError);
    expect(run.stderr).toMatch(message);
  });
});

describe('global flags anywhere on the line', () => {
  it.each([
    ['before the command', ['-q', 'validate', '$D/extra.csv', '--results', '$D/r1.csv']],
    ['before the command, in its long form', ['--quiet', 'validate', '$D/extra.csv', '--results', '$D/r3.csv']],
  ])('-q %s drops the notices', async (_name, argv) => {
    const run = await runCliCaught(inDir(argv));
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('Ignoring 1 column(s)');
    expect(run.stderr).toContain('validate finished');
  });

  it.each([
    ['before the command', ['--no-color', 'validate', '$D/extra.csv', '--results', '$D/r4.csv']],
    ['after the input', ['validate', '$D/extra.csv', '--results', '$D/r5.csv', '--no-color']],
    ['with import --sandbox', ['import', '$D/extra.csv', '--results', '$D/r6.csv', '--sandbox', '--no-color', '-q']],
    ['with template', ['template', '--no-color']],
  ])('--no-color is taken %s', async (_name, argv) => {
    const run = await runCliCaught(inDir(argv));
    expect(run.code).toBe(0);
  });

  it('--no-color sets NO_COLOR=1 in the env the command gets, and leaves the caller\'s env alone', async () => {
    const seen: (string | undefined)[] = [];
    const probe: Command = defineCommand({
      name: 'probe',
      summary: 'records its env',
      usage: 'probe',
      about: 'records its env',
      sections: [],
      examples: [],
      flags: {},
      load: () =>
        Promise.resolve({
          check: () => Promise.resolve({}),
          run: (_options: object, io: Io) => {
            seen.push(io.env['NO_COLOR']);
            return Promise.resolve(0 as const);
          },
        }),
    });
    const env: Record<string, string> = { KEEP: 'me' };
    const io: Io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env, signal: new AbortController().signal };
    await probe.run(['--no-color'], io);
    await probe.run([], io);
    expect(seen).toEqual(['1', undefined]);
    expect(env).toEqual({ KEEP: 'me' });
  });

  it.each([
    [['--help', 'import'], 'Usage: saleschat-bulk import'],
    [['-h', 'sandbox'], 'Usage: saleschat-bulk sandbox'],
    [['-q', '--help'], 'Usage: saleschat-bulk <command>'],
  ])('%j prints that help, exit 0', async (argv, usage) => {
    const run = await runCliCaught(argv);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(usage);
  });

  it.each([
    [['import', 'x.csv', '--version']],
    [['sandbox', '-v']],
    [['validate', '-v', 'x.csv', '--frobnicate']],
    [['-q', '--version']],
    [['-qv']],
  ])('%j prints the version, exit 0', async (argv) => {
    const run = await runCliCaught(argv);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${VERSION}\n`);
  });

  it('a command flag before the command says to give the command first', async () => {
    const run = await runCliCaught(['--results', 'r.csv', 'validate', 'x.csv']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Option '--results' comes before the command: give the command first");
  });
});

describe('every problem in one usage error, before anything starts', () => {
  it('reports three bad flags at once, one line each, without opening the input', async () => {
    const run = await runCliCaught(['import', '$D/no-such-file.csv', '--mode', 'sideways', '--concurrency', '0', '--dry-rn'].map((arg) => arg.replace('$D', dir)), { env: ENV });
    expect(run.code).toBe(2);
    expect(run.error).toBeInstanceOf(UsageError);
    expect(run.stderr.split('\n')).toEqual([
      'saleschat-bulk: 3 problems with the command line:',
      "  Unknown option '--dry-rn'. Did you mean --dry-run?",
      '  --mode takes upsert, create, update; got "sideways"',
      '  --concurrency must be at least 1',
      "Run 'saleschat-bulk import --help' for the flags it takes.",
      '',
    ]);
    expect(run.stderr).not.toContain('no-such-file');
  });
});

/** Every help text the tool prints. */
function helpTexts(): [string, string][] {
  return [['saleschat-bulk --help', ''], ...COMMANDS.map((command): [string, string] => [`saleschat-bulk ${command.name} --help`, command.name])];
}

describe('help texts', () => {
  it.each(helpTexts())('%s: every line within 80 columns', async (_name, command) => {
    const { stdout } = await runCliCaught(command === '' ? ['--help'] : [command, '--help']);
    const lines = stdout.split('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
  });

  it.each(helpTexts())('%s: an Examples section of saleschat-bulk lines', async (_name, command) => {
    const { stdout } = await runCliCaught(command === '' ? ['--help'] : [command, '--help']);
    const examples = stdout.split('\nExamples:\n')[1]?.split('\n\n')[0] ?? '';
    const lines = examples.split('\n').filter((line) => line.startsWith('  saleschat-bulk '));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.startsWith(`  saleschat-bulk ${command}`)).toBe(true);
  });
});

/**
 * An example line as argv: `VAR=value` words before the command go to the env, quotes are taken off, and what
 * follows a redirection or a pipe is the shell's (`template > contacts.csv`).
 */
function exampleArgv(line: string): { argv: string[]; env: Record<string, string> } {
  const words = [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((match) => ({ word: match[1] ?? match[2] ?? match[3] ?? '', quoted: match[3] === undefined }));
  const end = words.findIndex(({ word, quoted }) => !quoted && /^(\d?>>?|<|\|)$/.test(word));
  const kept = words.slice(0, end < 0 ? words.length : end).map(({ word }) => word);
  const env: Record<string, string> = {};
  while (kept[0] !== undefined && /^[A-Z_]+=/.test(kept[0])) {
    const [key = '', ...value] = (kept.shift() ?? '').split('=');
    env[key] = value.join('=');
  }
  expect(kept.shift()).toBe('saleschat-bulk');
  return { argv: kept, env };
}

const EXAMPLES: [string, string][] = [
  ...TOP_EXAMPLES.map(({ line }): [string, string] => ['saleschat-bulk --help', line]),
  ...COMMANDS.flatMap((command) => command.examples.map(({ line }): [string, string] => [`saleschat-bulk ${command.name} --help`, line])),
];

describe('every example parses', () => {
  it('there are examples for every command', () => {
    for (const command of COMMANDS) expect(command.examples.length).toBeGreaterThan(0);
  });

  it.each(EXAMPLES)('%s: %s', async (_help, line) => {
    const { argv, env } = exampleArgv(line);
    const located = locateCommand(argv);
    if (located.kind !== 'command') {
      expect(located).toMatchObject({ kind: 'help' });
      return;
    }
    // The same parsing and config check as a run, and nothing more: no file is opened, no request made.
    await expect(located.command.check(located.argv, { ...ENV, ...env })).resolves.toBeDefined();
  });
});

describe('--version and --help load no library', () => {
  const SRC = fileURLToPath(new URL('../../src', import.meta.url));

  /** The modules a file loads before any of its code runs: static imports, followed; import() is left for later. */
  function staticGraph(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    if (!file.endsWith('.ts')) return seen;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)) {
      const specifier = match[1] ?? '';
      staticGraph(specifier.startsWith('.') ? normalize(join(dirname(file), specifier)).replace(/\.js$/, '.ts') : specifier, seen);
    }
    return seen;
  }

  it('cli.ts reaches only node: built-ins and small modules of its own, none from the run', () => {
    const graph = [...staticGraph(join(SRC, 'cli', 'cli.ts'))];
    const libraries = graph.filter((module) => !module.startsWith('/') && !module.startsWith('node:'));
    expect(libraries).toEqual([]);
    const ours = graph.filter((module) => module.startsWith('/')).map((module) => relative(SRC, module));
    expect(ours).toEqual(expect.arrayContaining(['cli/main.ts', 'cli/import.ts', 'config/flags.ts']));
    expect(ours.filter((module) => !/^(cli\/|config\/(flags|defaults|command-line)\.ts$|errors\.ts$|secrets\.ts$|version\.ts$)/.test(module) || /-run\.ts$/.test(module))).toEqual([]);
  });
});
