/**
 * Who removes apply's temporaries when the process writing them dies mid-write (SIGINT, SIGKILL, out
 * of memory): a tiny detached watcher process that polls its parent and removes them once it is gone.
 *
 * The watcher can die too (killed with its parent's process group by a supervisor, by the OOM killer,
 * by hand). The write itself is synchronous, so this thread cannot notice; a guard worker thread does:
 * it polls the current watcher and starts a new one when it is gone, for as long as the write lasts.
 * Only if the watcher and the writer die within the same poll do the temporaries outlive them; the
 * next apply into the same folder removes them then (`sweepStale`).
 */
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

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

/** how often the guard looks at the watcher */
const GUARD_POLL_MS = 50;
/** how long stop() waits for the guard to hand over the watcher it started last */
const STOP_WAIT_MS = 2000;

const RUNNING = 0;
const STOPPING = 1;
const STOPPED = 2;

/**
 * Plain JS (eval'd) so it runs from sources, from dist/ and from the bundle. shared = [state, watcher
 * pid]. A watcher killed while its parent lives is a zombie until reaped, and this process's main
 * thread (busy writing) reaps nothing: a pid is alive when it exists and /proc does not say zombie.
 */
const GUARD_SOURCE = `
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const shared = new Int32Array(workerData.shared);
function alive(pid) {
  if (!pid) return false;
  try { process.kill(pid, 0); } catch (e) { return e.code === 'EPERM'; }
  try { return !/^\\d+ \\(.*\\) Z/s.test(fs.readFileSync('/proc/' + pid + '/stat', 'utf8')); } catch { return true; }
}
const timer = setInterval(() => {
  if (Atomics.load(shared, 0) !== ${RUNNING}) {
    clearInterval(timer);
    Atomics.store(shared, 0, ${STOPPED});
    Atomics.notify(shared, 0);
    return;
  }
  if (alive(Atomics.load(shared, 1))) return;
  try {
    const child = spawn(process.execPath, ['-e', workerData.source, String(process.pid), ...workerData.paths], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
    if (child.pid) Atomics.store(shared, 1, child.pid);
  } catch {}
}, ${GUARD_POLL_MS});
`;

export interface OutputGuard {
  /** the watcher now on duty (tests kill it) */
  readonly watcherPid: number | null;
  /** The write is over (committed or aborted): stop the guard, then the watcher. */
  stop(): void;
}

export function startGuard(paths: readonly string[]): OutputGuard {
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared);
  Atomics.store(state, 1, startWatcher(paths) ?? 0);
  let worker: Worker | null = null;
  try {
    worker = new Worker(GUARD_SOURCE, { eval: true, execArgv: [], workerData: { shared, paths: [...paths], source: WATCHER_SOURCE } });
    worker.unref();
    worker.on('error', () => {});
  } catch {
    // without the guard the first watcher still stands
    worker = null;
  }
  let stopped = false;
  return {
    get watcherPid() {
      const pid = Atomics.load(state, 1);
      return pid === 0 ? null : pid;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (worker) {
        Atomics.compareExchange(state, 0, RUNNING, STOPPING);
        const deadline = Date.now() + STOP_WAIT_MS;
        while (Atomics.load(state, 0) !== STOPPED && Date.now() < deadline) Atomics.wait(state, 0, STOPPING, 20);
        void worker.terminate();
      }
      const pid = Atomics.load(state, 1);
      if (pid !== 0) {
        try {
          process.kill(pid);
        } catch {
          // already gone
        }
      }
    },
  };
}

function startWatcher(paths: readonly string[]): number | null {
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

/** `.<name>.sdmatch-<pid>-<8 hex>.tmp`: what AtomicOutput names its temporaries (`.scratch`: rebuilt tensors, written by earlier versions) */
const TEMP_NAME = /^\..+\.sdmatch-(\d+)-[0-9a-f]{8}\.(?:tmp|scratch)$/;
/**
 * A temporary left this long ago by a process that no longer exists is debris. The age keeps a
 * writer in another PID namespace (a container sharing the folder), whose pid means nothing here,
 * safe while it writes: its file's mtime moves with every write.
 */
const STALE_MS = 10 * 60_000;

/** Remove temporaries that dead apply runs left in `dir` (best effort: a failure changes nothing). */
export function sweepStale(dir: string, now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || pidExists(pid)) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs < STALE_MS) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
