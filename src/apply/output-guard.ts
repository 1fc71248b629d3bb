/**
 * Who removes apply's temporaries when the process writing them dies mid-write (SIGINT, SIGKILL, out
 * of memory): a tiny detached watcher that holds the read end of a pipe whose only write end is this
 * process's. The kernel closes that end when this process ends, however it ends, so the watcher's read
 * returns then (end of file) and it removes the paths: no polling, no CPU while it waits. A write that
 * ends well renames or removes its temporaries before stop() closes the pipe: the watcher then finds
 * nothing to remove and exits.
 *
 * The watcher is /bin/sh, two processes: a keeper, and a reader it starts that waits on the pipe. A
 * reader killed while this process lives is started again by the keeper at once (its `wait` returns);
 * a new reader of a pipe whose writer is already gone reads end of file at once and removes the paths,
 * so even the reader and this process killed together leave nothing behind. A keeper killed leaves its
 * reader on duty. Only when both are killed before this process ends do the temporaries outlive it; the
 * next apply into the same folder removes them then (`sweepStale`). Where there is no /bin/sh
 * (Windows) the watcher is one Node process reading the pipe the same way, with no keeper.
 *
 * Why not a Node watcher polling its parent and a worker thread restarting it (sessions 5-10): starting
 * the worker cost apply ~70-100 ms of CPU and the watcher another Node start-up (~50 ms) on every run,
 * about a third of what `apply --no-sync` spent beyond cp's own copy (issue 14); the shell costs ~2 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';

/**
 * POSIX sh; "$@" = the paths. fd 0 is the pipe: kept as fd 3, and each reader reads it until end of
 * file (lines written to it, were there any, are read and ignored). A reader that ended by itself
 * (status < 128, whatever rm said) ends the keeper; one killed by a signal (128 + n) is started again.
 */
export const WATCHER_SH = `exec 3<&0 0</dev/null
while :; do
  ( while IFS= read -r _ <&3; do :; done; rm -rf -- "$@" ) &
  wait $!
  [ $? -lt 128 ] && exit 0
done`;

/** The same watcher as one Node process (no keeper): argv = paths, stdin = the pipe. */
export const WATCHER_JS = `
const fs = require('node:fs');
const paths = process.argv.slice(1);
const clean = () => { for (const p of paths) { try { fs.rmSync(p, { recursive: true, force: true }); } catch {} } process.exit(0); };
process.stdin.on('data', () => {}).on('end', clean).on('error', clean);
`;

export interface OutputGuard {
  /** the watcher's first process (the keeper; tests look at its reader) */
  readonly watcherPid: number | null;
  /** The write is over (committed or aborted): close the pipe, which ends the watcher. */
  stop(): void;
}

export function startGuard(paths: readonly string[], shell: string | null = process.platform === 'win32' ? null : '/bin/sh'): OutputGuard {
  const child = (shell === null ? null : startWatcher(shell, ['-c', WATCHER_SH, 'sdmatch-guard', ...paths])) ?? startWatcher(process.execPath, ['-e', WATCHER_JS, ...paths]);
  let stopped = false;
  return {
    watcherPid: child?.pid ?? null,
    stop() {
      if (stopped) return;
      stopped = true;
      // the write end closes now (the watcher reads end of file, finds nothing left and exits)
      child?.stdin?.destroy();
    },
  };
}

/** A detached watcher reading a pipe from this process; null when it could not be started. */
function startWatcher(file: string, args: string[]): ChildProcess | null {
  try {
    const child = spawn(file, args, { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => {});
    child.stdin?.on('error', () => {});
    if (child.pid === undefined) {
      child.stdin?.destroy();
      return null;
    }
    child.unref();
    // the pipe must not keep this process's event loop alive: it is closed when the process ends anyway
    (child.stdin as Socket | null)?.unref();
    return child;
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
