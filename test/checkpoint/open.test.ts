import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openCheckpoint, scanSafety } from '../../src/checkpoint/open.js';
import { FormatError } from '../../src/formats/errors.js';
import { repoRoot } from '../helpers/corpus.js';
import { formatErrorOf } from '../helpers/format-error.js';

const dir = mkdtempSync(join(tmpdir(), 'sdmatch-open-'));
const write = (name: string, bytes: Uint8Array | string): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const fixture = (rel: string): string => join(repoRoot, 'fixtures', rel);

/** `posix.system` imported, then a BINUNICODE whose length runs far past the end: the pickle breaks after the import. */
const BROKEN_MALICIOUS = new Uint8Array([0x80, 0x04, 0x8c, 0x05, ...Buffer.from('posix'), 0x94, 0x8c, 0x06, ...Buffer.from('system'), 0x94, 0x93, 0x94, 0x58, 0xff, 0xff, 0xff, 0x7f]);
/** `{'a': 1}` protocol 2 */
const BENIGN = new Uint8Array([0x80, 0x02, 0x7d, 0x71, 0x00, 0x58, 0x01, 0x00, 0x00, 0x00, 0x61, 0x4b, 0x01, 0x73, 0x2e]);
/** `posix.system('x')` protocol 2 */
const MALICIOUS = new Uint8Array([0x80, 0x02, 0x63, ...Buffer.from('posix\nsystem\n'), 0x58, 0x01, 0, 0, 0, 0x78, 0x85, 0x52, 0x2e]);

const formatError = formatErrorOf;

describe('openCheckpoint', () => {
  it('names the file in every refusal', () => {
    expect(formatError(() => openCheckpoint(join(dir, 'missing.pt'))).toLine()).toBe(`${join(dir, 'missing.pt')}: no such file`);
    expect(formatError(() => openCheckpoint(write('empty.pt', ''), { name: 'empty.pt' })).toLine()).toBe('empty.pt: empty file');
    expect(formatError(() => openCheckpoint(dir)).message).toMatch(/^is a directory, not a checkpoint sdmatch recognises \(torch\.distributed\.checkpoint \(DCP\): a \.metadata file.*; DeepSpeed: .*; Megatron-LM: /);
    const gz = write('model.pt', gzipSync(readFileSync(fixture('torch-zip/mlp.pt'))));
    expect(formatError(() => openCheckpoint(gz, { name: 'model.pt' })).toLine()).toMatch(/^model\.pt: gzip-compressed file: decompress it first/);
    expect(formatError(() => openCheckpoint(write('x.bin', 'hello world, not a model'))).message).toMatch(/^not a checkpoint: unrecognised content \(first bytes 68 65/);
  });

  it('still opens a file whose pickle breaks, with the safety report of what came before the break', () => {
    const p = write('broken.pkl', BROKEN_MALICIOUS);
    const ck = openCheckpoint(p);
    expect(ck.root).toBeNull();
    expect(ck.tensors).toEqual([]);
    expect(ck.error).toBeInstanceOf(FormatError);
    expect(ck.detail.join('\n')).toMatch(/unreadable/);
    expect(ck.safety.verdict).toBe('dangerous');
    expect(scanSafety(p).globals.map((g) => `${g.module}.${g.name}`)).toContain('posix.system');
  });

  it('scans every concatenated pickle and takes the first as the value', () => {
    const p = write('two.pkl', new Uint8Array([...BENIGN, ...MALICIOUS]));
    const ck = openCheckpoint(p);
    expect(ck.root).toEqual({ kind: 'dict', entries: [['a', 1]] });
    expect(ck.detail).toContain('2 concatenated pickles: all scanned, the first is the value');
    expect(ck.safety.verdict).toBe('dangerous');
    expect(ck.safety.globals.find((g) => g.verdict === 'dangerous')!.where).toBe(`following pickle at offset ${BENIGN.length}`);
  });

  it('gives locations by path and names by the user name', () => {
    const ck = openCheckpoint(fixture('torch-zip/mlp.pt'), { name: 'mlp.pt' });
    expect(ck.file).toBe('mlp.pt');
    expect(ck.format).toBe('torch-zip');
    expect(ck.tensors[0]!.info.storage.bytes).toMatchObject({ kind: 'raw', file: fixture('torch-zip/mlp.pt') });
    expect(ck.safety.verdict).toBe('safe');
  });

  it('opens a shard index as one checkpoint over its shards, and refuses one that names keys its shards lack', () => {
    const ck = openCheckpoint(fixture('hf-sharded/safetensors/model.safetensors.index.json'));
    expect(ck.format).toBe('hf-sharded');
    expect(ck.stateDicts.length).toBe(1);
    expect(ck.stateDicts[0]!.keys.length).toBe(ck.tensors.length);
    const sub = mkdtempSync(join(dir, 'shards-'));
    for (const s of ['model-00001-of-00003.safetensors', 'model-00002-of-00003.safetensors', 'model-00003-of-00003.safetensors']) {
      copyFileSync(fixture(`hf-sharded/safetensors/${s}`), join(sub, s));
    }
    const index = JSON.parse(readFileSync(fixture('hf-sharded/safetensors/model.safetensors.index.json'), 'utf8')) as { weight_map: Record<string, string> };
    index.weight_map['ghost.weight'] = 'model-00002-of-00003.safetensors';
    writeFileSync(join(sub, 'index.json'), JSON.stringify(index));
    expect(formatError(() => openCheckpoint(join(sub, 'index.json'), { name: 'index.json' })).toLine()).toBe(
      'index.json: shard index names 1 key(s) its shards do not hold: "ghost.weight" (→ model-00002-of-00003.safetensors)',
    );
  });

  it('reads npy files as one ndarray tensor and refuses truncated ones', () => {
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    const pad = ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
    const head = new Uint8Array([0x93, ...Buffer.from('NUMPY'), 1, 0, (header + pad).length, 0, ...Buffer.from(header + pad)]);
    const ok = openCheckpoint(write('a.npy', new Uint8Array([...head, ...new Uint8Array(24)])));
    expect(ok.format).toBe('npy');
    expect(ok.tensors[0]!.info).toMatchObject({ kind: 'ndarray', dtype: 'float32', shape: [2, 3] });
    expect(ok.tensors[0]!.info.storage.bytes).toMatchObject({ kind: 'raw', offset: head.length, length: 24 });
    expect(formatError(() => openCheckpoint(write('b.npy', new Uint8Array([...head, 1, 2, 3])))).message).toMatch(/^truncated npy/);
  });
});
