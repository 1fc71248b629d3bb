import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';

/**
 * Standard output that the system refuses, with the real executable (bin/sdmatch.js, the bundle) and
 * real refusals: a file-size limit (`ulimit -f`, which Node's ignored SIGXFSZ turns into a short write,
 * then EFBIG, as a disk that fills part-way gives a short write, then ENOSPC) and /dev/full (ENOSPC on
 * every write). Either is one line on stderr and exit 2, never exit 0 over a cut file, never a trace.
 */

const BIN = join(repoRoot, 'bin/sdmatch.js');
const DDP = join(repoRoot, 'fixtures/training/ddp.pt');
let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir('stdout');
});
afterAll(() => tmp.cleanup());

/** `sdmatch ARGS > OUT` under a file-size limit of `kib` KiB (bash's ulimit -f counts 1024-byte blocks). */
function runInto(args: string[], out: string, kib?: number) {
  const limit = kib === undefined ? '' : `ulimit -f ${kib}; `;
  const quoted = [BIN, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('bash', ['-c', `${limit}exec '${process.execPath}' ${quoted} > '${out}'`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stderr: r.stderr };
}

describe('standard output the system refuses', () => {
  it('one write cut short by a size limit (manifest, ~1.2 KB into 1 KiB): exit 2, one line, not exit 0 over a cut file', () => {
    const whole = join(tmp.dir, 'whole.json');
    expect(runInto(['manifest', DDP], whole).code).toBe(0);
    expect(statSync(whole).size).toBeGreaterThan(1024);
    const out = join(tmp.dir, 'cut.json');
    const r = runInto(['manifest', DDP], out, 1);
    expect(r.stderr).toBe('sdmatch: standard output: cannot write: file too large for this file system (EFBIG)\n');
    expect(r.code).toBe(2);
    // what reached the file is the start of the manifest, no more: the exit code is what says it is cut
    expect(readFileSync(whole, 'utf8').startsWith(readFileSync(out, 'utf8'))).toBe(true);
  });

  it('streamed output (inspect --json) under the same limit: exit 2, one line, no trace', () => {
    const r = runInto(['inspect', DDP, '--json'], join(tmp.dir, 'inspect.json'), 1);
    expect(r.stderr).toBe('sdmatch: standard output: cannot write: file too large for this file system (EFBIG)\n');
    expect(r.code).toBe(2);
  });

  it.runIf(existsSync('/dev/full'))('a full device (/dev/full), for a report and for streamed JSON: exit 2, one line', () => {
    for (const args of [['inspect', DDP], ['inspect', DDP, '--json']]) {
      const r = runInto(args, '/dev/full');
      expect(r.stderr).toBe('sdmatch: standard output: cannot write: no space left on the device (ENOSPC)\n');
      expect(r.code).toBe(2);
    }
  });

  it('a reader that closes the pipe early still ends quietly with the verdict', () => {
    const r = spawnSync('bash', ['-c', `'${process.execPath}' '${BIN}' inspect '${DDP}' --json | head -c 10 > /dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('0');
    expect(r.stderr).toBe('');
  });
});
