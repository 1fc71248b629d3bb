/**
 * Writing standard output, and what happens when the system refuses it. A reader that closes the pipe
 * early (`sdmatch inspect … | head`) ends the output quietly, as Unix tools do. A full disk, a failing
 * disk or a file-size limit is the user's environment like any other: one line on stderr, exit 2 (the
 * README's exit table), never a stack trace, never exit 0 over a cut-off file.
 *
 * Why stdout redirected to a file is written here with fs.writeSync in a loop: Node's stream for it
 * (SyncWriteStream) ignores the count writeSync returns, and a write that fills the disk part-way
 * returns a short count, not an error, so the rest of the piece vanished silently with exit 0.
 */
import { fstatSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { asEnvironmentError } from '../formats/io-errors.js';
import { describeError } from './errors.js';
import type { CommandResult } from './io.js';

/** set once the reader of standard output has gone (EPIPE), or writing it failed: nothing more is written */
let closed = false;
/** the exit code a failed write ends the run with, once reported */
let failedWith: number | null = null;
let watching = false;
let direct: boolean | null = null;

/**
 * Is fd 1 a file or a device (not a pipe, socket or terminal), written with writeSync? Not when a
 * test has replaced process.stdout.write to capture what is printed (test/cli/capture-main.ts).
 */
function writesDirectly(): boolean {
  if (direct === null) {
    try {
      const st = fstatSync(1);
      direct = (st.isFile() || (st.isCharacterDevice() && !isatty(1))) && !Object.hasOwn(process.stdout, 'write');
    } catch {
      direct = false;
    }
  }
  return direct;
}

/** A write to stdout failed: EPIPE ends the output quietly; an environment error is reported once; anything else is a bug. */
function failed(e: unknown): void {
  closed = true;
  if ((e as NodeJS.ErrnoException)?.code === 'EPIPE') return;
  const known = asEnvironmentError(e, 'standard output', 'cannot write');
  if (known === e) throw e;
  if (failedWith !== null) return;
  const { line, code } = describeError(known, false);
  failedWith = code;
  process.stderr.write(`${line}\n`);
  // a failure reported by the stream after main returned still decides the exit code
  process.exitCode = code;
}

/** One listener for the process: a stream reports its failures as events, possibly after main has returned. */
export function watchStdout(): void {
  if (watching) return;
  watching = true;
  process.stdout.on('error', failed);
  // stderr that cannot be written (its reader gone: `2>&1 | head -1`, or a full disk) has no one to tell:
  // the run ends with its verdict's code, not the unhandled 'error' event's 1, which for apply would say
  // "written, not shown to load" of a verified output (review 25 F13j)
  process.stderr.on('error', () => {});
}

/** The reader has gone or writing failed: stop making output nobody gets. */
export function stdoutClosed(): boolean {
  return closed;
}

/** The exit code when writing stdout failed (EXIT.error, reported on stderr already), else null. */
export function stdoutFailure(): number | null {
  return failedWith;
}

/**
 * Write a piece of standard output; `done` is called once the stream no longer holds it (at once for
 * a file, after a failure, or when nothing is written any more).
 */
export function writeStdout(data: string | Uint8Array, done?: () => void): void {
  if (closed) {
    done?.();
    return;
  }
  if (!writesDirectly()) {
    process.stdout.write(data, done);
    return;
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    for (let at = 0; at < bytes.length; ) {
      const n = writeSync(1, bytes, at, bytes.length - at);
      // a file or device that takes nothing and reports no error: stop rather than loop forever
      if (n <= 0) throw Object.assign(new Error('standard output took no bytes'), { code: 'EIO' });
      at += n;
    }
  } catch (e) {
    failed(e);
  }
  done?.();
}

function withNewline(s: string): string {
  return s === '' || s.endsWith('\n') ? s : `${s}\n`;
}

/** streamed output is written in pieces of about this many characters */
const WRITE_BATCH = 1 << 20;

/**
 * Writes bytes to standard output and settles once the stream no longer holds them: at once when the
 * write went out whole (a file, a terminal, a pipe with room: nothing left in the stream's buffer),
 * else when the stream calls back (written, or failed: a closed pipe, a full disk).
 */
function writeOut(chunk: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    writeStdout(chunk, () => resolve());
    if (process.stdout.writableLength === 0) resolve();
  });
}

/**
 * Prints a command's result (stdout, its stream, then stderr) and returns the exit code: the result's,
 * or the failed write's. Both entries call it after watchStdout(): main.ts's and inspect-entry.ts's.
 */
export async function printResult(r: CommandResult & { stderr: string }): Promise<number> {
  if (!r.stream) {
    if (r.stdout) writeStdout(withNewline(r.stdout));
  } else {
    let pending = r.stdout;
    let endsLine = true;
    let any = false;
    const flush = () => {
      if (!pending) return;
      any = true;
      endsLine = pending.endsWith('\n');
      writeStdout(pending);
      pending = '';
    };
    for (const chunk of r.stream) {
      if (typeof chunk === 'string') {
        pending += chunk;
        if (pending.length < WRITE_BATCH) continue;
        flush();
      } else {
        // bytes made for writing (a megabyte of JSON lines): written as they are, after the text before
        // them, and the next piece is made only once this write is done (it may reuse these bytes:
        // CommandResult.stream); a pipe's reader sets the pace
        flush();
        if (chunk.length === 0) continue;
        any = true;
        endsLine = chunk[chunk.length - 1] === 0x0a;
        await writeOut(chunk);
      }
      // let a closed pipe's event arrive, and stop making output nobody reads
      await new Promise((resolve) => setImmediate(resolve));
      if (stdoutClosed()) break;
    }
    if (!stdoutClosed()) {
      flush();
      if (any && !endsLine) writeStdout('\n');
    }
  }
  if (r.stderr) process.stderr.write(withNewline(r.stderr));
  return stdoutFailure() ?? r.code;
}
