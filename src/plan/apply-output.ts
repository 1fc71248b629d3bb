/**
 * Writing OUT so that it either appears whole or not at all. Everything is written under a temporary
 * name in OUT's folder (same file system, so the final rename is atomic), fsynced (`flush`), checked by
 * the caller, then renamed into place and the folder fsynced (`commit`). Errors remove the temporaries. While the writers write, the
 * temporary output is flushed to disk in the background (writeback.ts), so the fsync at commit has
 * little left to wait for.
 *
 * `sync: false` (`--no-sync`) skips the flushing and the fsyncs, like `pg_dump --no-sync`: OUT still
 * appears whole or not at all to every process, but a crash of the machine soon after may lose it.
 *
 * Interrupts: the write is synchronous, so a JavaScript SIGINT handler would only run after it ended
 * (and, installed, would stop Ctrl-C from interrupting at all). Instead, when asked, a tiny detached
 * watcher process is started that removes the temporaries as soon as this process is gone (SIGINT,
 * SIGTERM, SIGKILL, out of memory alike) and exits; on success it finds nothing left to remove.
 */
import { spawn } from 'node:child_process';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { startWriteback, type Writeback } from './writeback.js';

export interface AtomicOutputOptions {
  /** start the watcher process that cleans up if this process dies mid-write */
  guardInterrupts?: boolean;
  /** make OUT durable: flush while writing, fsync before and after the rename (default true) */
  sync?: boolean;
}

/** Plain JS for `node -e`: argv = [parent pid, paths…]. Polls the parent; removes the paths once it is gone. */
export const WATCHER_SOURCE = `
const fs = require('node:fs');
const [ppid, ...paths] = process.argv.slice(1);
const gone = () => { try { process.kill(Number(ppid), 0); return false; } catch (e) { return e.code === 'ESRCH'; } };
const timer = setInterval(() => {
  if (!gone()) return;
  clearInterval(timer);
  for (const p of paths) { try { fs.rmSync(p, { recursive: true, force: true }); } catch {} }
}, 100);
`;

export class AtomicOutput {
  /** the temporary file or folder the output is written to */
  readonly temp: string;
  /** scratch space for rebuilt tensors (created only when needed) */
  readonly scratch: string;
  private watcher: number | null = null;
  private writeback: Writeback | null = null;
  private readonly sync: boolean;
  private flushed = false;
  private done = false;

  constructor(
    readonly out: string,
    readonly kind: 'file' | 'dir',
    opts: AtomicOutputOptions = {},
  ) {
    const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
    const dir = dirname(out);
    this.temp = join(dir, `.${basename(out)}.sdmatch-${tag}.tmp`);
    this.scratch = join(dir, `.${basename(out)}.sdmatch-${tag}.scratch`);
    if (opts.guardInterrupts) this.watcher = startWatcher([this.temp, this.scratch]);
    this.sync = opts.sync ?? true;
    if (this.sync) this.writeback = startWriteback(this.temp);
  }

  /** The writing is done: fsync the temporary output (once; commit does it if nobody did). */
  flush(): void {
    if (this.flushed) return;
    this.stopWriteback();
    if (this.sync) syncTree(this.temp);
    this.flushed = true;
  }

  /** fsync the temporary output if not yet done, rename it into place, fsync the folder. */
  commit(): void {
    this.flush();
    rmSync(this.scratch, { force: true });
    renameSync(this.temp, this.out);
    if (this.sync) syncPath(dirname(this.out));
    this.finish();
  }

  /** Remove everything written (safe to call more than once, and after commit). */
  abort(): void {
    this.stopWriteback();
    if (!this.done) {
      rmSync(this.temp, { recursive: true, force: true });
      rmSync(this.scratch, { force: true });
    }
    this.finish();
  }

  private stopWriteback(): void {
    this.writeback?.stop();
    this.writeback = null;
  }

  private finish(): void {
    this.done = true;
    if (this.watcher !== null) {
      try {
        process.kill(this.watcher);
      } catch {
        // already gone
      }
      this.watcher = null;
    }
  }
}

function startWatcher(paths: string[]): number | null {
  try {
    const child = spawn(process.execPath, ['-e', WATCHER_SOURCE, String(process.pid), ...paths], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
    return child.pid ?? null;
  } catch {
    // without the watcher an interrupt may leave a temporary file, never a partial OUT
    return null;
  }
}

function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncTree(path: string): void {
  if (statSync(path).isDirectory()) for (const name of readdirSync(path)) syncTree(join(path, name));
  syncPath(path);
}
