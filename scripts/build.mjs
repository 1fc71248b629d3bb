// `npm run bundle` (after `npm run compile`): everything an installed sdmatch runs, written into lib/,
// which is committed.
//
// Why committed: `npm install -g git+URL` must work. For a git dependency that has a prepare, build,
// prepack or install script, npm (11.19 tried) "prepares" the clone with a nested `npm install` that,
// under -g, installs the clone globally instead of locally: its devDependencies (tsc, esbuild) are never
// there, and even with no prepare script a `build` script makes it link the temporary clone into the
// global prefix, which npm then deletes. So the package has none of those scripts, and what it runs is in
// the repository: test/cli/bundle-fresh.test.ts fails when lib/ is not what this script makes of src/.
//
//   lib/cli.cjs         the CLI (bin/sdmatch.js through bin/load-cli.js), one script with its dependencies:
//                       loading ~150 modules one by one costs Node about 70 ms of start-up on every
//                       command, and a script (unlike a module) can be compiled from V8's code cache;
//                       all ASCII (ascii-source.mjs), read as Latin-1
//   lib/inspect.cjs     `inspect FILE [--json]` of a safetensors file or set alone (src/cli/inspect-entry.ts),
//                       loaded the same way before the CLI: a sixth of its bytes, no yargs
//   lib/apply.cjs       `apply SOURCE PLAN [options]` (src/cli/apply-entry.ts), loaded the same way before the
//                       CLI for the command lines whose parse it can make exactly as yargs does: no yargs
//   lib/index.mjs       the library ("exports"), its runtime dependencies left to node_modules
//   lib/types/          its declarations (tsc)
//   lib/commands.json   the command names (src/cli/commands.ts's COMMANDS), which bin/load-cli.js keys its
//                       code cache on before the bundle is compiled (it cannot read TypeScript)
//
// dist/ (tsc's per-module output, `npm run compile`, not committed) is what the benchmarks, the fuzz
// campaign's workers and a test or two run modules from.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asciiSource } from './ascii-source.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The CLI is a CommonJS script, not a module: bin/load-cli.js compiles it with node:vm, which can keep
 * V8's code cache of it (Node 20 has no compile cache for ES modules), so a command does not parse
 * 1.5 MB of JavaScript again on every start. Its sources are ES modules: strict mode, and
 * import.meta.url made from the script's own path.
 */
const CJS_PRELUDE = `"use strict"; const __sdmatchUrl = require('node:url').pathToFileURL(__filename).href;`;

/** esbuild options of each committed bundle, by its path under the repository; the test builds the same. */
export const BUNDLES = {
  'lib/cli.cjs': {
    entryPoints: ['src/cli/main.ts'],
    bundle: true,
    format: 'cjs',
    // yargs' cliui has an ESM build that reads files at run time; its CommonJS build bundles whole
    alias: { cliui: './node_modules/cliui/build/index.cjs' },
    banner: { js: CJS_PRELUDE },
    define: { 'import.meta.url': '__sdmatchUrl' },
  },
  // `inspect FILE [--json]` of safetensors without the rest of the CLI (src/cli/inspect-entry.ts): bin/sdmatch.js
  // tries it first for `inspect`; the whole CLI runs when it answers null
  'lib/inspect.cjs': {
    entryPoints: ['src/cli/inspect-entry.ts'],
    bundle: true,
    format: 'cjs',
    banner: { js: CJS_PRELUDE },
    define: { 'import.meta.url': '__sdmatchUrl' },
  },
  // `apply SOURCE PLAN [options]` without yargs and the other commands (src/cli/apply-entry.ts): bin/sdmatch.js
  // tries it first for `apply`; the whole CLI runs when it answers null (a command line it does not take)
  'lib/apply.cjs': {
    entryPoints: ['src/cli/apply-entry.ts'],
    bundle: true,
    format: 'cjs',
    banner: { js: CJS_PRELUDE },
    define: { 'import.meta.url': '__sdmatchUrl' },
  },
  'lib/index.mjs': {
    entryPoints: ['src/index.ts'],
    bundle: true,
    packages: 'external',
    format: 'esm',
  },
};

/** The options shared by every bundle: the same bytes on every machine that has the locked node_modules. */
export function bundleOptions(name) {
  return {
    ...BUNDLES[name],
    absWorkingDir: ROOT,
    platform: 'node',
    target: 'node20',
    // node_modules may be a symlink (a worktree sharing one); paths in the bundle stay those under ROOT
    preserveSymlinks: true,
    legalComments: 'inline',
    logLevel: 'warning',
    write: false,
    outfile: name,
  };
}

/** bundles written in ASCII only (the CLI: bin/load-cli.js reads it as Latin-1, ascii-source.mjs says why) */
const ASCII_ONLY = new Set(['lib/cli.cjs', 'lib/inspect.cjs', 'lib/apply.cjs']);

/** The bytes of one bundle as esbuild makes them now. */
export async function buildBundle(name) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build(bundleOptions(name));
  const bytes = result.outputFiles[0].contents;
  return ASCII_ONLY.has(name) ? Buffer.from(asciiSource(Buffer.from(bytes).toString('utf8')), 'latin1') : bytes;
}

/** Every .d.ts under a folder, by its path relative to it. */
export function declarationFiles(dir, under = '') {
  const out = [];
  for (const e of readdirSync(join(dir, under), { withFileTypes: true })) {
    const rel = under ? `${under}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...declarationFiles(dir, rel));
    else if (e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out.sort();
}

/** tsc's declarations of src/ into `outDir`. */
export function buildDeclarations(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--emitDeclarationOnly', '--declarationMap', 'false', '--outDir', outDir], { cwd: ROOT, stdio: 'inherit' });
}

/** lib/commands.json's text: the names of `COMMANDS` (src/cli/commands.ts, or its compiled dist/ copy). */
export function commandNamesJson(commands, commandName) {
  return `${JSON.stringify(commands.map(commandName))}\n`;
}

async function main() {
  mkdirSync(join(ROOT, 'lib'), { recursive: true });
  for (const name of Object.keys(BUNDLES)) writeFileSync(join(ROOT, name), await buildBundle(name));
  const { COMMANDS, commandName } = await import(new URL('../dist/cli/commands.js', import.meta.url).href);
  writeFileSync(join(ROOT, 'lib/commands.json'), commandNamesJson(COMMANDS, commandName));
  buildDeclarations(join(ROOT, 'lib/types'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
