// Loads the bundled CLI (lib/cli.cjs) and returns its exports ({ main, runCli }).
//
// Why not `import`: compiling the 1.5 MB bundle is most of what the CLI costs before it reads a file
// (issue 14: ~40 ms of CPU of a ~150 ms `sdmatch --version`), and Node 20 keeps no compile cache for
// ES modules. A script compiled with node:vm can be given V8's code cache: the first run writes it, the
// next ones skip the parse. The cache is only ever an optimisation, never needed:
//  - it lives in the user's cache folder ($SDMATCH_CODE_CACHE_DIR, else $XDG_CACHE_HOME/sdmatch/code,
//    else ~/.cache/sdmatch/code), never beside the install (which may be read-only); when that folder
//    cannot be made or written, nothing is written and nothing is said;
//  - its file name carries Node's version, the architecture and the bundle's size, mtime and inode,
//    because V8 checks a cache only against the source's length: another build of the same length
//    must never meet this cache; and the command, since a cache holds the functions the run that
//    wrote it compiled (`inspect`'s readers are not in the cache `--version` wrote);
//  - V8 rejects a cache made by another V8 or with other flags (cachedDataRejected): the bundle is then
//    compiled from source, as without a cache, and the cache written again;
//  - SDMATCH_NO_CODE_CACHE=1 turns it off.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const BUNDLE = fileURLToPath(new URL('../lib/cli.cjs', import.meta.url));

/** this Node's cache files start so; the build's size, mtime and inode follow */
const NODE_PREFIX = `cli-${process.version}-${process.arch}-`;

/** Where this bundle's code cache is (or would be) for this Node and command; null when caching is off. */
function cachePath(bundle, command) {
  if (process.env.SDMATCH_NO_CODE_CACHE === '1') return null;
  try {
    const st = statSync(bundle);
    const dir = process.env.SDMATCH_CODE_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sdmatch', 'code');
    return { dir, build: `${NODE_PREFIX}${st.size}-${Math.trunc(st.mtimeMs)}-${st.ino}-`, file: join(dir, `${NODE_PREFIX}${st.size}-${Math.trunc(st.mtimeMs)}-${st.ino}-${command}.v8cache`) };
  } catch {
    return null;
  }
}

/**
 * Writes the cache beside no other process's half-written one (a temporary name, then rename), and
 * removes this Node's caches of other builds (an upgrade leaves them behind); any failure is ignored.
 */
function writeCache(path, data) {
  try {
    mkdirSync(path.dir, { recursive: true });
    const tmp = `${path.file}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, path.file);
    for (const name of readdirSync(path.dir)) {
      if (name.startsWith(NODE_PREFIX) && name.endsWith('.v8cache') && !name.startsWith(path.build)) rmSync(join(path.dir, name), { force: true });
    }
  } catch {
    // a read-only or full cache folder: the next run compiles from source again
  }
}

/** The CLI's exports, and saveCodeCache(exit code) to call once the command `args` has run. */
export function loadCli(args) {
  const source = readFileSync(BUNDLE, 'utf8');
  // a command's name, or `other` (options only): a few cache files, never one per argument (a run
  // that ends in exit 2, such as a misspelt command, writes none)
  const command = /^[a-z][a-z-]{0,19}$/.test(args[0] ?? '') ? args[0] : 'other';
  const path = cachePath(BUNDLE, command);
  let cachedData;
  if (path) {
    try {
      cachedData = readFileSync(path.file);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  const cli = module.exports;
  // written once the command has run, so that the functions it compiled are in the cache too
  const needsCache = path !== null && (cachedData === undefined || script.cachedDataRejected === true);
  return { ...cli, saveCodeCache: (code) => needsCache && (code === 0 || code === 1) && writeCache(path, script.createCachedData()) };
}
