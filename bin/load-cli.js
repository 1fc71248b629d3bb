// Loads the bundled CLI (lib/cli.cjs) and returns its exports ({ main, runCli }).
//
// Why not `import`: compiling the 1.5 MB bundle is most of what the CLI costs before it reads a file
// (issue 14: ~40 ms of CPU of a ~150 ms `sdmatch --version`), and Node 20 keeps no compile cache for
// ES modules. A script compiled with node:vm can be given V8's code cache: the first run writes it, the
// next ones skip the parse. The cache is only ever an optimisation, never needed: any failure means
// "no cache", silently, and the command's output and exit code are those of a run without one.
//  - it lives in the user's cache folder ($SDMATCH_CODE_CACHE_DIR, else $XDG_CACHE_HOME/sdmatch/code,
//    else ~/.cache/sdmatch/code), never beside the install (which may be read-only);
//  - a code cache is code: whoever can write it runs code as the user. The folder is used only when it
//    is a real folder (not a symlink) owned by the current user and writable by no one else, and the
//    file only when it is a regular file (not a symlink) owned by the user and writable by no one else;
//    folders are made with mode 0700, files with 0600. Where there are no POSIX owners (Windows), the
//    cache is off;
//  - V8 checks only a cache's header (magic, version, flags, source length), not its payload: Node 20
//    deserializes a damaged payload and dies in V8 ("unreachable code", exit 133) on every run. So each
//    file starts with our own header, a CRC-32 of the build's identity and the V8 bytes, checked before
//    V8 sees them; a mismatch is no cache, and the file is written again. The check is against damage
//    (a disk, a copy, a bug writing it), not against someone who can write the file: no unkeyed checksum
//    stops them (they would write a matching one), which is what the ownership checks above are for. So
//    CRC-32 (zlib's, native; what zip and gzip check their data with) rather than SHA-256: loading
//    node:crypto costs ~6 ms of CPU, ~2 % of a 20-shard `inspect`, whose bundle (lib/inspect.cjs) loads
//    it nowhere else (issue 14; lib/cli.cjs and lib/apply.cjs still do, for plan's and apply's hashes). Without
//    zlib.crc32 (Node before 20.15) the cache is off;
//  - its file name carries Node's version, the architecture, the install (a hash of the bundle's path:
//    installs sharing a folder prune only their own builds) and the bundle's size, mtime and inode
//    (another build of the same length must never meet this cache); and the command (lib/commands.json,
//    generated from src/cli/commands.ts), since a cache holds the functions the run that wrote it
//    compiled (`inspect`'s readers are not in the cache `--version` wrote); any other word is `other`;
//  - pruning (only when a cache is written, so a run that reads one pays nothing): this install's caches
//    of other builds go at once; any other file of ours (the name pattern OWN_FILE, a regular file owned
//    by the user) goes once it is old: another install's or another Node's cache unchanged for
//    STALE_DAYS (an install that is gone: a run that reads a cache dates it again, at most once every
//    TOUCH_HOURS, so one in use is never that old), a `.tmp` left by a run that died mid-write after
//    TMP_MINUTES (a write takes milliseconds, so no live run is still writing it; a younger one may be, and is left alone). Removing a cache another process
//    reads is safe on POSIX (its open file stays readable), and one written meanwhile by rename is at
//    worst written again by the next run;
//  - V8 rejects a cache made by another V8 or with other flags (cachedDataRejected): the bundle is then
//    compiled from source, as without a cache, and the cache written again;
//  - SDMATCH_NO_CODE_CACHE=1 turns it off.
//
// bin/ is CommonJS (bin/package.json): Node starts a CommonJS entry without its ES module loader,
// ~7 ms of CPU less on every command (issue 14, bench/scale-reading.md, session 9).
'use strict';
const { isAscii } = require('node:buffer');
const { closeSync, constants, fstatSync, futimesSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { homedir } = require('node:os');
const { dirname, join, resolve } = require('node:path');
const { Script } = require('node:vm');
const { crc32 } = require('node:zlib');

const BUNDLE = join(__dirname, '../lib/cli.cjs');
const COMMAND_NAMES = join(__dirname, '../lib/commands.json');

/** Our header: a magic, then the CRC-32 (big-endian) of the build's identity and the V8 bytes that follow. */
const MAGIC = Buffer.from('sdmatch-v8cache-2\n');
const HEADER = MAGIC.length + 4;

/** Our files only: a cache (`cli-<node>-<arch>-<install>-<size>-<mtime>-<inode>-<command>.v8cache`) or its `.<pid>.tmp`. */
const OWN_FILE = /^cli-v\d+\.\d+\.\d+-[a-z0-9_]+-[0-9a-f]{12}-\d+-\d+-\d+-[a-z][a-z-]*\.v8cache(\.\d+\.tmp)?$/;
const STALE_DAYS = 30;
const TMP_MINUTES = 10;
/** a cache read is dated again once its date is this old, so that a cache used daily is never STALE_DAYS old */
const TOUCH_HOURS = 24;

/** The command's name when it is one of the CLI's, else `other`: a few cache files, never one per word. */
function commandKey(word) {
  try {
    const names = JSON.parse(readFileSync(COMMAND_NAMES, 'utf8'));
    return Array.isArray(names) && names.includes(word) ? word : 'other';
  } catch {
    return 'other';
  }
}

/** Where this bundle's code cache is (or would be) for this Node, install and command; null when caching is off. */
function cachePath(bundle, command) {
  if (process.env.SDMATCH_NO_CODE_CACHE === '1' || typeof process.getuid !== 'function' || typeof crc32 !== 'function') return null;
  try {
    const st = lstatSync(bundle);
    const dir = resolve(process.env.SDMATCH_CODE_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sdmatch', 'code'));
    const install = `cli-${process.version}-${process.arch}-${installId(bundle)}-`;
    const build = `${install}${st.size}-${Math.trunc(st.mtimeMs)}-${st.ino}-`;
    return { dir, install, build, file: join(dir, `${build}${command}.v8cache`) };
  } catch {
    return null;
  }
}

/** The user's own, and writable by no one else: a code cache there cannot have been planted. */
function ownedAndPrivate(st) {
  return st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

/** Whether the cache folder may be used: a real folder (lstat: not a symlink), owned and private. */
function trustedDir(dir) {
  try {
    const st = lstatSync(dir);
    return st.isDirectory() && ownedAndPrivate(st);
  } catch {
    return false;
  }
}

/**
 * Makes the folder one level at a time (mode 0700), from its deepest existing ancestor: Node 20's
 * mkdirSync({ recursive: true }) loops forever when mkdir says ENOENT under a parent that exists
 * (HOME=/proc/nonexist). Any error leaves it unmade; the caller then checks what is there.
 */
function makeDir(dir) {
  const missing = [];
  for (let at = dir; ; at = dirname(at)) {
    try {
      lstatSync(at);
      break;
    } catch {
      if (dirname(at) === at) return;
      missing.push(at);
    }
  }
  for (const level of missing.reverse()) mkdirSync(level, { mode: 0o700 });
}

/** The install in a cache's name: 12 hex digits of the bundle's path (two CRC-32s: the path and its reverse). */
function installId(bundle) {
  const hex = (n) => n.toString(16).padStart(8, '0');
  return `${hex(crc32(bundle))}${hex(crc32([...bundle].reverse().join(''))).slice(0, 4)}`;
}

function checksum(path, payload) {
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(payload, crc32(`${path.build}\0`)));
  return sum;
}

/** The V8 bytes of a trusted, intact cache file; undefined for anything else. */
function readCache(path) {
  if (!trustedDir(path.dir)) return undefined;
  let fd;
  try {
    fd = openSync(path.file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile() || !ownedAndPrivate(st) || st.size <= HEADER) return undefined;
    const data = readFileSync(fd);
    const payload = data.subarray(HEADER);
    if (!data.subarray(0, MAGIC.length).equals(MAGIC) || !data.subarray(MAGIC.length, HEADER).equals(checksum(path, payload))) return undefined;
    // a cache in use is not stale: its date is moved on (at most once a day, one call on the open file)
    // so that another install's pruning, which goes by that date, keeps it
    const now = Date.now();
    if (now - st.mtimeMs > TOUCH_HOURS * 3_600_000) {
      try {
        futimesSync(fd, now / 1000, now / 1000);
      } catch {
        // a read-only cache folder: still a good cache
      }
    }
    return payload;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes the cache beside no other process's half-written one (a temporary name, then rename), and
 * prunes the folder; any failure is ignored.
 */
function writeCache(path, payload) {
  try {
    makeDir(path.dir);
    if (!trustedDir(path.dir)) return;
    const tmp = `${path.file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([MAGIC, checksum(path, payload), payload]), { mode: 0o600, flag: 'wx' });
    renameSync(tmp, path.file);
    prune(path);
  } catch {
    // a read-only or full cache folder: the next run compiles from source again
  }
}

/** Removes this install's caches of other builds, and our other files once they are old (see the top of this file). */
function prune(path, now = Date.now()) {
  for (const name of readdirSync(path.dir)) {
    const tmp = name.endsWith('.tmp');
    // this build's caches (of other commands, or the one just written) stay
    if (!OWN_FILE.test(name) || (!tmp && name.startsWith(path.build))) continue;
    try {
      const file = join(path.dir, name);
      const st = lstatSync(file);
      if (!st.isFile() || st.uid !== process.getuid()) continue;
      const ageMs = now - st.mtimeMs;
      const gone = tmp ? ageMs > TMP_MINUTES * 60_000 : name.startsWith(path.install) || ageMs > STALE_DAYS * 86_400_000;
      if (gone) rmSync(file, { force: true });
    } catch {
      // removed meanwhile by another run, or not ours to remove
    }
  }
}

/**
 * The CLI's exports (or those of another bundle in lib/: lib/inspect.cjs, lib/apply.cjs), and saveCodeCache(exit code)
 * to call once the command `args` has run. Each bundle has caches of its own (the install's hash is of
 * the bundle's path).
 */
function loadCli(args, bundle = BUNDLE) {
  // the bundle is ASCII (scripts/ascii-source.mjs): read as Latin-1 it is a one-byte string, copied
  // without decoding (as UTF-8 with one `→` it was a two-byte string: ~20 ms a command). Should it not
  // be ASCII, UTF-8 it is
  const bytes = readFileSync(bundle);
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  const path = cachePath(bundle, commandKey(args[0]));
  const cachedData = path ? readCache(path) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const cli = module.exports;
  // written once the command has run, so that the functions it compiled are in the cache too (a run
  // that ends in exit 2, such as a misspelt command, writes none)
  const needsCache = path !== null && (cachedData === undefined || script.cachedDataRejected === true);
  return { ...cli, saveCodeCache: (code) => needsCache && (code === 0 || code === 1) && writeCache(path, script.createCachedData()) };
}

/**
 * The bundles tried before the CLI, by command word: each holds one command alone (no yargs, no other
 * command), takes only the command lines it can run exactly as the CLI does, and answers null for any
 * other, before anything is read or written. `inspect FILE` with at most one more word: lib/inspect.cjs
 * (src/cli/inspect-entry.ts); `apply`: lib/apply.cjs (src/cli/apply-entry.ts).
 */
const ENTRIES = {
  inspect: { bundle: join(__dirname, '../lib/inspect.cjs'), entry: 'inspectEntry', takes: (args) => args.length === 2 || args.length === 3 },
  apply: { bundle: join(__dirname, '../lib/apply.cjs'), entry: 'applyEntry', takes: () => true },
};

/**
 * Runs the command `args` as bin/sdmatch.js does: the command's own bundle first (ENTRIES), when it
 * answers null the CLI. Resolves to the exit code and saveCodeCache() for every bundle that ran (one that
 * answered null was compiled too: its cache saves that on the next such run).
 */
async function runCommand(args) {
  const loaded = [];
  const saveCodeCache = (code) => loaded.forEach((b) => b.saveCodeCache(code));
  const own = Object.hasOwn(ENTRIES, args[0]) ? ENTRIES[args[0]] : undefined;
  if (own !== undefined && own.takes(args)) {
    const bundle = loadCli(args, own.bundle);
    loaded.push(bundle);
    const code = await bundle[own.entry](args);
    if (code !== null) return { code, saveCodeCache };
  }
  const cli = loadCli(args);
  loaded.push(cli);
  return { code: await cli.main(args), saveCodeCache };
}

module.exports = { loadCli, runCommand };
