/**
 * A whole-file copy by the kernel (copyFileSync: FICLONE where the file system shares extents, else
 * copy_file_range), with progress. copyFileSync blocks its thread for the whole copy — tens of seconds
 * for a large checkpoint — so when progress is wanted the copy runs on a worker thread while this one
 * samples the destination's size every 100 ms. Without a progress callback it is a plain call: a worker
 * costs ~30 ms to start, more than a small copy takes.
 */
import { copyFileSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const SAMPLE_MS = 100;
/** room for the worker's error: code and message, cut to fit */
const RESULT_BYTES = 1024;

const PENDING = 0;
const DONE = 1;
const FAILED = 2;

/** Plain JS (eval'd) so it runs from sources, from dist/ and from the bundle alike. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const state = new Int32Array(workerData.shared, 0, 2);
const out = new Uint8Array(workerData.shared, 8);
try {
  fs.copyFileSync(workerData.from, workerData.to, workerData.flags);
  Atomics.store(state, 0, ${DONE});
} catch (e) {
  const text = Buffer.from(JSON.stringify({ code: e && e.code, message: String(e && e.message || e) }).slice(0, ${RESULT_BYTES / 4}), 'utf8');
  out.set(text.subarray(0, out.length));
  Atomics.store(state, 1, Math.min(text.length, out.length));
  Atomics.store(state, 0, ${FAILED});
}
Atomics.notify(state, 0);
`;

export function copyFileInKernel(from: string, to: string, flags: number, progress?: (copied: number) => void, sampleMs = SAMPLE_MS): void {
  if (!progress) {
    copyFileSync(from, to, flags);
    return;
  }
  const shared = new SharedArrayBuffer(8 + RESULT_BYTES);
  const state = new Int32Array(shared, 0, 2);
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { from, to, flags, shared } });
  worker.unref();
  worker.on('error', () => {});
  try {
    while (Atomics.load(state, 0) === PENDING) {
      Atomics.wait(state, 0, PENDING, sampleMs);
      if (Atomics.load(state, 0) === PENDING) progress(sizeOf(to));
    }
  } finally {
    void worker.terminate();
  }
  if (Atomics.load(state, 0) === FAILED) {
    const n = Atomics.load(state, 1);
    const { code, message } = JSON.parse(Buffer.from(new Uint8Array(shared, 8, n)).toString('utf8')) as { code?: string; message: string };
    // the same error copyFileSync would have thrown here, so callers need not know where it ran
    throw Object.assign(new Error(message), code ? { code } : {});
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
