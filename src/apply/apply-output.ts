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
 * watcher (/bin/sh) is started that removes the temporaries as soon as this process is gone (SIGINT,
 * SIGTERM, SIGKILL, out of memory alike: it waits for the end of a pipe only this process writes) and
 * exits; on success it finds nothing left to remove. It restarts its own reader if that is killed first
 * (output-guard.ts), and temporaries that dead runs left anyway are removed by the next apply into the
 * same folder.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { outputTarget } from '../formats/output-link.js';
import { startGuard, sweepStale, type OutputGuard } from './output-guard.js';
import { startWriteback, type Writeback } from './writeback.js';

export interface AtomicOutputOptions {
  /** start the watcher process that cleans up if this process dies mid-write */
  guardInterrupts?: boolean;
  /** make OUT durable: fsync before and after the rename (default true) */
  sync?: boolean;
  /**
   * with sync, how many bytes are about to be written: the background flushing (writeback.ts) starts
   * only for an output of at least WRITEBACK_MIN_BYTES (default: always). It only shortens the fsync
   * that follows, which happens either way, and its thread costs ~20-40 ms of CPU to start: more than
   * the fsync of a small output takes on its own.
   */
  expectedBytes?: number;
}

/**
 * Below this the disk takes the whole output at the fsync in about the time the writeback thread takes
 * to start (~30 ms at a few hundred MB/s); above it, writing back while the copy runs shortens the fsync.
 */
export const WRITEBACK_MIN_BYTES = 64 * 2 ** 20;

export class AtomicOutput {
  /** the temporary file or folder the output is written to */
  readonly temp: string;
  /** where the temporary is renamed to: OUT, or the file a symlinked OUT points to (the link is kept: review 22 F2) */
  private readonly target: string;
  private guard: OutputGuard | null = null;
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
    const link = outputTarget(out);
    this.target = link.ok ? link.target : out;
    const dir = dirname(this.target);
    this.temp = join(dir, `.${basename(this.target)}.sdmatch-${tag}.tmp`);
    sweepStale(dir);
    if (opts.guardInterrupts) this.guard = startGuard([this.temp]);
    this.sync = opts.sync ?? true;
    if (this.sync && (opts.expectedBytes ?? Infinity) >= WRITEBACK_MIN_BYTES) this.writeback = startWriteback(this.temp);
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
    renameSync(this.temp, this.target);
    if (this.sync) syncPath(dirname(this.target));
    this.finish();
  }

  /** Remove everything written (safe to call more than once, and after commit). */
  abort(): void {
    this.stopWriteback();
    if (!this.done) {
      rmSync(this.temp, { recursive: true, force: true });
    }
    this.finish();
  }

  /** the process that removes the temporaries if this one dies (null without guardInterrupts) */
  get watcherPid(): number | null {
    return this.guard?.watcherPid ?? null;
  }

  private stopWriteback(): void {
    this.writeback?.stop();
    this.writeback = null;
  }

  private finish(): void {
    this.done = true;
    this.guard?.stop();
    this.guard = null;
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
