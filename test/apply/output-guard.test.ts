import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
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
/** A live watcher process (other than `except`) started for `parent` to remove `temp`: its argv names both. */
function watcherOf(parent: number, temp: string, except: number): number | null {
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === except || pid === parent) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (argv.includes(String(parent)) && argv.includes(temp) && alive(pid)) return pid;
  }
  return null;
}
async function until(cond: () => boolean, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (cond()) return true;
  return cond();
}

describe('the watcher that removes temporaries', () => {
  it('is started again when it is killed while the write goes on, and stopped with the output', async () => {
    const out = new AtomicOutput(join(tmp.dir, 'a.pt'), 'file', { guardInterrupts: true, sync: false });
    const first = out.watcherPid!;
    expect(first).toBeGreaterThan(0);
    process.kill(first, "SIGKILL");
    expect(await until(() => out.watcherPid !== first && alive(out.watcherPid!))).toBe(true);
    const second = out.watcherPid!;
    out.abort();
    expect(await until(() => !alive(second))).toBe(true);
  });

  it('a write whose watcher was killed and whose process then died leaves no temporary (needs npm run compile)', async () => {
    const module = join(repoRoot, 'dist/apply/apply-output.js');
    expect(existsSync(module), 'run npm run compile').toBe(true);
    const target = join(tmp.dir, 'victim.pt');
    const script = `
      const { AtomicOutput } = await import(${JSON.stringify(module)});
      const fs = await import('node:fs');
      const out = new AtomicOutput(${JSON.stringify(target)}, 'file', { guardInterrupts: true });
      fs.writeFileSync(out.temp, 'partial');
      process.stdout.write(JSON.stringify({ temp: out.temp, watcher: out.watcherPid }) + '\\n');
      // a synchronous write in progress: the main thread never yields
      const end = Date.now() + 60000; while (Date.now() < end) {}
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString())));
    const { temp, watcher } = JSON.parse(line) as { temp: string; watcher: number };
    expect(existsSync(temp)).toBe(true);
    process.kill(watcher, 'SIGKILL');
    // the event the guard must produce before the writer dies: a live new watcher of this writer and
    // temporary (its main thread never yields, so only /proc shows it); under load it can take seconds
    expect(await until(() => watcherOf(child.pid!, temp, watcher) !== null, 30_000), 'the guard started no new watcher').toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(await until(() => !existsSync(temp), 30_000)).toBe(true);
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
