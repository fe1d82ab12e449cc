// Bundles the built CLI (dist/, from tsc) into bin/: what `saleschat-bulk` runs.
//
// Why: Node 20 loads an ES module graph file by file, and `import` loads about 380 of them (ours, zod's and
// libphonenumber's): about a fifth of a second of every start, before the first request. One bundle, split at the
// commands' dynamic imports so each command still loads only its own code, starts the first request of an import
// about 0.19 s sooner (median of 11 starts, 0.73 s against 0.54 s).
//
// The library (dist/index.js) stays tsc's output: a program that imports it resolves its dependencies itself.
//
// Layout: everything lands flat in bin/, one level under the package root, as dist/'s files are, so the two paths
// the code finds from its own location still hold: ../package.json (src/version.ts) and ./check-worker.js beside
// the checker (src/check/checker.ts), which is why the worker is an entry point of its own.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

const outdir = 'bin';

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { 'saleschat-bulk': 'dist/cli/cli.js', 'check-worker': 'dist/check/check-worker.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // better-sqlite3 loads a native addon from its own folder; exceljs (only for .xlsx) is large and CommonJS with
  // optional browser parts: both are loaded from node_modules, as the library does.
  external: ['better-sqlite3', 'exceljs'],
  // Bundled CommonJS packages (ajv) call require() for Node's modules: give ES module code one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
