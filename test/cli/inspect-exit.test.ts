import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import { inspectEntry } from '../../src/cli/inspect-entry.js';
import type { PyDict, PyValue } from '../../src/formats/pickle/values.js';
import { writeTorchArchive } from '../../src/formats/torch/write-archive.js';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { captureRun, runCli } from './capture-main.js';

/**
 * Review 14 F10: inspect's exit code is the safety verdict (help: "the exit code is the verdict").
 * A gate `sdmatch inspect -q F && python train.py --resume F` must not pass a file whose unpickling
 * runs code (dangerous) or names code sdmatch does not know (unknown). Every file is written here:
 * a real state dict (ddp.pt's) with a global beside it, nested where a scan could miss it.
 */
let tmp: { dir: string; cleanup: () => void };
const files: Record<'safe' | 'dangerous' | 'unknown', string> = { safe: '', dangerous: '', unknown: '' };
let shardIndex = '';

function withGlobal(sd: PyValue, module: string, name: string): PyDict {
  // {'model': sd, 'meta': {'hooks': [1, 2, <module.name>]}}: the global three levels down
  const hooks = { kind: 'list', items: [{ kind: 'int', value: 1n }, { kind: 'int', value: 2n }, { kind: 'global', module, name }] };
  const meta = { kind: 'dict', entries: [['hooks', hooks]], attrs: undefined };
  return { kind: 'dict', entries: [['model', sd], ['meta', meta]], attrs: undefined } as unknown as PyDict;
}

beforeAll(() => {
  tmp = tempDir('inspect-exit');
  const sd = openCheckpoint(join(repoRoot, 'fixtures/training/ddp.pt')).root as PyDict;
  files.safe = join(tmp.dir, 'safe.pt');
  writeTorchArchive(files.safe, { kind: 'dict', entries: [['model', sd]], attrs: undefined } as unknown as PyDict);
  files.dangerous = join(tmp.dir, 'nested_evil.pt');
  writeTorchArchive(files.dangerous, withGlobal(sd, 'posix', 'system'));
  files.unknown = join(tmp.dir, 'nested_unknown.pt');
  writeTorchArchive(files.unknown, withGlobal(sd, 'mypkg.models', 'Config'));
  // a sharded .bin set whose second shard is dangerous: the set's verdict is the worst shard's
  const entries = (sd as unknown as { entries: [string, PyValue][] }).entries;
  const half = Math.ceil(entries.length / 2);
  const shard = (part: [string, PyValue][]) => ({ kind: 'dict', entries: part, attrs: undefined }) as unknown as PyDict;
  writeTorchArchive(join(tmp.dir, 'pytorch_model-00001-of-00002.bin'), shard(entries.slice(0, half)));
  const weightMap = Object.fromEntries(entries.map(([k], i) => [k, `pytorch_model-0000${i < half ? 1 : 2}-of-00002.bin`]));
  shardIndex = join(tmp.dir, 'pytorch_model.bin.index.json');
  writeFileSync(shardIndex, JSON.stringify({ metadata: {}, weight_map: weightMap }));
  // the second shard's state dict under 'model', beside os.system nested in 'meta'
  writeTorchArchive(join(tmp.dir, 'pytorch_model-00002-of-00002.bin'), withGlobal(shard(entries.slice(half)), 'os', 'system'));
});
afterAll(() => tmp?.cleanup());

describe('inspect: the exit code is the safety verdict', () => {
  it('safe exits 0 with nothing on stderr', async () => {
    const r = await runCli(['inspect', '-q', files.safe]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('dangerous exits 2 (a hostile file), -q or not, --json or not, one stderr line naming what it reaches', async () => {
    for (const args of [['-q'], [], ['--json']]) {
      const r = await runCli(['inspect', ...args, files.dangerous]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/nested_evil\.pt: safety verdict dangerous: its pickle reaches posix\.system .*do not load it/);
    }
    // the report is still printed in full
    expect((await runCli(['inspect', files.dangerous])).stdout).toContain('!! DANGEROUS');
  });

  it('unknown exits 1 (loading it needs trust in the code it names), with the name on stderr', async () => {
    const r = await runCli(['inspect', '-q', files.unknown]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/nested_unknown\.pt: safety verdict unknown: it names mypkg\.models\.Config, not on the allowlist/);
  });

  it('the fast entry (bin/sdmatch.js inspect FILE) gives the same codes', async () => {
    for (const [file, code] of [[files.safe, 0], [files.dangerous, 2], [files.unknown, 1]] as const) {
      const r = await captureRun((io) => inspectEntry(['inspect', file], io));
      expect(r?.code, file).toBe(code);
    }
  });

  it('a sharded .bin set with one dangerous shard exits 2', async () => {
    const r = await runCli(['inspect', '-q', shardIndex]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('safety verdict dangerous');
  });
});
