import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtomicOutput } from '../../src/apply/apply-output.js';
import { sweepStale } from '../../src/apply/output-guard.js';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('guard');
});
afterAll(() => tmp?.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** a process that exists and is not a zombie (a killed watcher stays one until its parent exits) */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
async function until(cond: () => boolean, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (cond()) return true;
  return cond();
}

/** The live children of `pid` (Linux: the kernel lists them). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number).filter(alive);
  } catch {
    return [];
  }
}
/** The watcher's reader: the child its keeper started to wait on the pipe (none for a watcher without a keeper). */
function readerOf(keeper: number): number | null {
  return childrenOf(keeper)[0] ?? null;
}

/**
 * A writer in another process (dist/apply/apply-output.js, as `npm run compile` leaves it) that starts
 * the guard, writes a partial temporary, prints { temp, watcher }, then never yields, as a synchronous
 * write does. `shell`: the guard's shell (null: the Node watcher).
 */
async function writer(name: string, shell?: null): Promise<{ child: ChildProcess; temp: string; watcher: number }> {
  const dist = join(repoRoot, 'dist/apply/output-guard.js');
  expect(existsSync(dist), 'run npm run compile').toBe(true);
  const temp = join(tmp.dir, `.${name}.sdmatch-1-0123abcd.tmp`);
  const script = `
    const { startGuard } = await import(${JSON.stringify(dist)});
    const fs = await import('node:fs');
    const guard = startGuard([${JSON.stringify(temp)}]${shell === null ? ', null' : ''});
    fs.writeFileSync(${JSON.stringify(temp)}, 'partial');
    process.stdout.write(JSON.stringify({ watcher: guard.watcherPid }) + '\\n');
    const end = Date.now() + 60000; while (Date.now() < end) {}
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString())));
  const { watcher } = JSON.parse(line) as { watcher: number };
  expect(existsSync(temp)).toBe(true);
  return { child, temp, watcher };
}
async function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.on('exit', r));
}

describe('the watcher that removes temporaries', () => {
  it('starts its reader again when that is killed while the write goes on, and ends with the write', async () => {
    const out = new AtomicOutput(join(tmp.dir, 'a.pt'), 'file', { guardInterrupts: true, sync: false });
    const keeper = out.watcherPid!;
    expect(keeper).toBeGreaterThan(0);
    expect(await until(() => readerOf(keeper) !== null), 'the keeper started no reader').toBe(true);
    const first = readerOf(keeper)!;
    process.kill(first, 'SIGKILL');
    expect(await until(() => readerOf(keeper) !== null && readerOf(keeper) !== first), 'no new reader').toBe(true);
    const second = readerOf(keeper)!;
    out.abort();
    expect(await until(() => !alive(second) && !alive(keeper))).toBe(true);
  });

  it('a writer killed together with the watcher\'s reader leaves no temporary (needs npm run compile)', async () => {
    const { child, temp, watcher } = await writer('together');
    expect(await until(() => readerOf(watcher) !== null), 'the keeper started no reader').toBe(true);
    // at once: the keeper's new reader finds the pipe's writer gone
    process.kill(readerOf(watcher)!, 'SIGKILL');
    child.kill('SIGKILL');
    await killed(child);
    expect(await until(() => !existsSync(temp), 30_000), 'the temporary outlived its writer').toBe(true);
    expect(await until(() => !alive(watcher))).toBe(true);
  }, 90_000);

  it('a killed keeper leaves its reader on duty (needs npm run compile)', async () => {
    const { child, temp, watcher } = await writer('keeperless');
    expect(await until(() => readerOf(watcher) !== null), 'the keeper started no reader').toBe(true);
    const reader = readerOf(watcher)!;
    process.kill(watcher, 'SIGKILL');
    expect(await until(() => !alive(watcher))).toBe(true);
    expect(existsSync(temp)).toBe(true);
    child.kill('SIGKILL');
    await killed(child);
    expect(await until(() => !existsSync(temp), 30_000), 'the temporary outlived its writer').toBe(true);
    expect(await until(() => !alive(reader))).toBe(true);
  }, 90_000);

  it('without /bin/sh the Node watcher waits on a pipe from the writer and removes the temporary once it dies (needs npm run compile)', async () => {
    const { child, temp, watcher } = await writer('node', null);
    // its standard input is the writer's pipe (a socket pair), not /dev/null: it learns of the death from the kernel
    expect(readlinkSync(`/proc/${watcher}/fd/0`)).toMatch(/^(socket|pipe):/);
    child.kill('SIGKILL');
    await killed(child);
    expect(await until(() => !existsSync(temp), 30_000), 'the temporary outlived its writer').toBe(true);
    expect(await until(() => !alive(watcher))).toBe(true);
  }, 90_000);
});

describe('sweepStale', () => {
  it('removes temporaries of dead runs once they are old, and nothing else', () => {
    const dir = join(tmp.dir, 'sweep');
    mkdirSync(dir);
    const old = (Date.now() - 3600_000) / 1000;
    const names = {
      dead: '.m.pt.sdmatch-999999-0123abcd.tmp',
      deadScratch: '.m.pt.sdmatch-999999-0123abcd.scratch',
      live: `.m.pt.sdmatch-${process.ppid}-0123abcd.tmp`,
      fresh: '.n.pt.sdmatch-999998-0123abcd.tmp',
      other: 'm.pt',
    };
    for (const n of Object.values(names)) writeFileSync(join(dir, n), 'x');
    for (const n of [names.dead, names.deadScratch, names.live, names.other]) utimesSync(join(dir, n), old, old);
    expect(sweepStale(dir).sort()).toEqual([join(dir, names.dead), join(dir, names.deadScratch)].sort());
    expect(existsSync(join(dir, names.live))).toBe(true);
    expect(existsSync(join(dir, names.fresh))).toBe(true);
    expect(existsSync(join(dir, names.other))).toBe(true);
  });
});
