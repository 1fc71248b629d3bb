/**
 * Getting a large output onto the disk while it is still being written, so the fsync that makes it
 * durable finds little left to do.
 *
 * Linux starts writing dirty pages back only once they pass `dirty_background_ratio` of memory (10 %:
 * 2.4 GB on a 24 GB machine), so a multi-GB copy into the page cache ends with nearly all of it still
 * dirty, and the fsync then waits for the whole file at disk speed — a second pass as long as the copy.
 * `sync_file_range(SYNC_FILE_RANGE_WRITE)` is the precise tool for starting writeback early, but Node
 * has no binding for it; `fdatasync` on a second descriptor, from another thread, in a loop, has the same
 * effect: each call writes back what was dirtied since the last and the disk works while the copy goes
 * on. The copy itself (copy_file_range, or the writers' pwrite) never waits for it.
 *
 * The watched path may be a file or a folder of shards, and need not exist yet: the writer creates it.
 */
import { Worker } from 'node:worker_threads';

/** pause between rounds: short enough to keep the disk busy, long enough to cost no CPU to speak of */
const ROUND_MS = 10;
/** how long stop() waits for the round in progress to end */
const STOP_WAIT_MS = 60_000;

const RUNNING = 0;
const STOPPING = 1;
const STOPPED = 2;

/** Plain JS (eval'd) so it runs from sources and from the build alike. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const state = new Int32Array(workerData.shared, 0, 1);
const started = new Int32Array(workerData.shared, 4, 1);
const open = new Map();
function files() {
  let st;
  try { st = fs.statSync(workerData.path); } catch { return []; }
  if (!st.isDirectory()) return [workerData.path];
  try { return fs.readdirSync(workerData.path).map((n) => path.join(workerData.path, n)); } catch { return []; }
}
// a path may be replaced under the same name (the writer probes a new file's mode, then copies onto
// the name): the descriptor must be of the file the path names now
function descriptor(f) {
  const had = open.get(f);
  let ino;
  try { ino = fs.statSync(f).ino; } catch { return undefined; }
  if (had && had.ino === ino) return had.fd;
  if (had) { try { fs.closeSync(had.fd); } catch {} open.delete(f); }
  let fd;
  try { fd = fs.openSync(f, 'r'); } catch { return undefined; }
  open.set(f, { fd, ino: fs.fstatSync(fd).ino });
  return fd;
}
function round() {
  for (const f of files()) {
    const fd = descriptor(f);
    if (fd === undefined) continue;
    try { fs.fdatasyncSync(fd); } catch {}
    if (Atomics.load(state, 0) !== ${RUNNING}) return;
  }
}
// stop() gave up on a worker that had not started yet: nobody waits, nothing to do
// whatever ends the loop (a throw included), stop() is told, or it would wait its whole deadline
if (Atomics.compareExchange(started, 0, 0, 1) === 0) {
  try {
    while (Atomics.load(state, 0) === ${RUNNING}) {
      round();
      Atomics.wait(state, 0, ${RUNNING}, ${ROUND_MS});
    }
  } finally {
    for (const o of open.values()) { try { fs.closeSync(o.fd); } catch {} }
    Atomics.store(state, 0, ${STOPPED});
    Atomics.notify(state, 0);
  }
}
`;

export interface Writeback {
  /** End the background flushing (waits for the round in progress); the caller's fsync does the rest. */
  stop(): void;
}

export function startWriteback(path: string): Writeback {
  // [state, started]: a worker that never got going (the thread could not start, or is starting only
  // now) is not waited for: whichever of stop() and the worker claims `started` first decides
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared, 0, 1);
  const started = new Int32Array(shared, 4, 1);
  let worker: Worker | null;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { path, shared } });
    // it must neither keep the process alive nor surface errors later: it only makes the fsync shorter
    worker.unref();
    worker.on('error', () => {});
  } catch {
    worker = null;
  }
  return {
    stop() {
      if (worker === null) return;
      Atomics.compareExchange(state, 0, RUNNING, STOPPING);
      Atomics.notify(state, 0);
      const neverStarted = Atomics.compareExchange(started, 0, 0, -1) === 0;
      const deadline = Date.now() + STOP_WAIT_MS;
      while (!neverStarted && Atomics.load(state, 0) !== STOPPED && Date.now() < deadline) Atomics.wait(state, 0, STOPPING, 50);
      void worker?.terminate();
      worker = null;
    },
  };
}
