import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import type { PyDict, PyValue } from '../../src/formats/pickle/values.js';
import { writeTorchArchive } from '../../src/formats/torch/write-archive.js';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';

/**
 * Review 25 F13j: a reader of stderr that has gone (`sdmatch … 2>&1 | head -1`) turned a run that had
 * finished, exit 0, into exit 1 (the stream's unhandled EPIPE), which for apply says "written, not shown
 * to load". Here stderr is a pipe whose reading end is closed before the run writes its warning line:
 * the exit code stays the verdict's, and stdout (a file) is whole. The real executable (bin/sdmatch.js).
 */
const BIN = join(repoRoot, 'bin/sdmatch.js');
const DDP = join(repoRoot, 'fixtures/training/ddp.pt');
let tmp: { dir: string; cleanup: () => void };
let evil: string;

beforeAll(() => {
  tmp = tempDir('stderr-closed');
  // ddp.pt's state dict beside a reference to os.system: manifest prints it and warns on stderr
  const ddp = openCheckpoint(DDP).root as PyDict;
  const root = { kind: 'dict', entries: [['model', ddp as PyValue], ['hook', { kind: 'global', module: 'os', name: 'system' }]], attrs: undefined } as unknown as PyDict;
  evil = join(tmp.dir, 'evil.pt');
  writeTorchArchive(evil, root);
});
afterAll(() => tmp?.cleanup());

function runWithStderrGone(args: string[], out: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, '-o', out], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stderr.destroy();
    child.on('exit', (code) => resolve(code));
  });
}

it('manifest of a checkpoint it warns about, stderr closed: exit 0, the manifest whole', async () => {
  const out = join(tmp.dir, 'm.json');
  expect(await runWithStderrGone(['manifest', evil], out)).toBe(0);
  expect(Object.keys((JSON.parse(readFileSync(out, 'utf8')) as { tensors: object }).tensors)).toHaveLength(16);
});
