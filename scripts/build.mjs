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
//   lib/cli.mjs         the CLI (bin/sdmatch.js), one module with its dependencies: loading ~150 modules
//                       one by one costs Node about 70 ms of start-up on every command
//   lib/index.mjs       the library ("exports"), its runtime dependencies left to node_modules
//   lib/types/          its declarations (tsc)
//
// dist/ (tsc's per-module output, `npm run compile`, not committed) is what the benchmarks, the fuzz
// campaign's workers and a test or two run modules from.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Code that esbuild's ESM output needs to run CommonJS dependencies (yargs) that call require. */
const REQUIRE_SHIM = "import { createRequire as __sdmatchRequire } from 'node:module'; const require = __sdmatchRequire(import.meta.url);";

/** esbuild options of each committed bundle, by its path under the repository; the test builds the same. */
export const BUNDLES = {
  'lib/cli.mjs': {
    entryPoints: ['src/cli/main.ts'],
    bundle: true,
    // yargs' cliui has an ESM build that reads files at run time; its CommonJS build bundles whole
    alias: { cliui: './node_modules/cliui/build/index.cjs' },
    banner: { js: REQUIRE_SHIM },
  },
  'lib/index.mjs': {
    entryPoints: ['src/index.ts'],
    bundle: true,
    packages: 'external',
  },
};

/** The options shared by every bundle: the same bytes on every machine that has the locked node_modules. */
export function bundleOptions(name) {
  return {
    ...BUNDLES[name],
    absWorkingDir: ROOT,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // node_modules may be a symlink (a worktree sharing one); paths in the bundle stay those under ROOT
    preserveSymlinks: true,
    legalComments: 'inline',
    logLevel: 'warning',
    write: false,
    outfile: name,
  };
}

/** The bytes of one bundle as esbuild makes them now. */
export async function buildBundle(name) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build(bundleOptions(name));
  return result.outputFiles[0].contents;
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

async function main() {
  mkdirSync(join(ROOT, 'lib'), { recursive: true });
  for (const name of Object.keys(BUNDLES)) writeFileSync(join(ROOT, name), await buildBundle(name));
  buildDeclarations(join(ROOT, 'lib/types'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
