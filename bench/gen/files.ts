import { mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The benchmark's scratch folder (`os.tmpdir()/sdmatch-bench-XXXXXX`, a new one per run, so two runs at once (two
 * worktrees, two shells) never delete each other's files mid-suite): generated inputs are made once per run
 * and shared between suites (inspect and apply use the same 2 GB checkpoint), and removed at the end
 * unless `--keep`. A kept file is not reused by the next run: generation is cheap next to the risk of
 * measuring a stale file.
 */

export const GB = 1e9;

/** Big suites need room for the source and one copy at a time, plus slack for the page cache's writeback. */
export const MIN_FREE_BYTES = 8 * GB;

export class BenchFiles {
  readonly dir: string;
  private readonly made = new Map<string, string>();
  /** generation times, for the log and results.json */
  readonly generated: { name: string; bytes: number; ms: number }[] = [];

  constructor(dir?: string) {
    if (dir) mkdirSync(dir, { recursive: true });
    this.dir = dir ?? mkdtempSync(join(tmpdir(), 'sdmatch-bench-'));
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  /** Free bytes for an unprivileged user where the files go. */
  freeBytes(): number {
    const s = statfsSync(this.dir);
    return s.bavail * s.bsize;
  }

  /** Why a suite needing `bytes` of scratch space cannot run, or null when it can. */
  lackOfSpace(bytes = MIN_FREE_BYTES): string | null {
    const free = this.freeBytes();
    return free < bytes ? `only ${(free / GB).toFixed(1)} GB free in ${this.dir}, ${(bytes / GB).toFixed(0)} GB needed` : null;
  }

  /** The file `name`, made by `make(path)` the first time it is asked for in this run. */
  once(name: string, make: (path: string) => { bytes: number }): string {
    const known = this.made.get(name);
    if (known) return known;
    const path = this.path(name);
    const t0 = performance.now();
    const { bytes } = make(path);
    this.generated.push({ name, bytes, ms: performance.now() - t0 });
    this.made.set(name, path);
    return path;
  }

  /** A scratch path for an output, removed first if a previous run left it. */
  output(name: string): string {
    const path = this.path(name);
    rmSync(path, { force: true });
    return path;
  }

  remove(path: string): void {
    rmSync(path, { force: true });
    for (const [name, p] of this.made) if (p === path) this.made.delete(name);
  }

  /** Removes the whole scratch folder. */
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
    this.made.clear();
  }
}
