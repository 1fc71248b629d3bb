import { describe, expect, it } from 'vitest';
import { BufferSource, FileSource } from '../../src/formats/byte-source.js';
import { detectKind } from '../../src/formats/detect.js';
import { CORPUS, corpusAvailable, corpusFacts } from './zip/corpus-facts.js';

const kindOf = (bytes: Uint8Array | string) =>
  detectKind(new BufferSource(typeof bytes === 'string' ? Uint8Array.from(bytes, (c) => c.charCodeAt(0)) : bytes, 'f'));

function safetensors(headerLength: number, header: string): Uint8Array {
  const out = new Uint8Array(8 + Math.max(headerLength, header.length));
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(new TextEncoder().encode(header), 8);
  return out;
}

describe('detectKind', () => {
  it('recognises containers by magic', () => {
    expect(kindOf('PK\x03\x04rest')).toBe('zip');
    expect(kindOf('PK\x05\x06' + '\0'.repeat(18))).toBe('zip');
    expect(kindOf("\x93NUMPY\x01\x00v\x00{'descr'")).toBe('npy');
    expect(kindOf('\x1f\x8b\x08\x00')).toBe('gzip');
    expect(kindOf('')).toBe('unknown');
    expect(kindOf('\x89PNG\r\n\x1a\n')).toBe('unknown');
    expect(kindOf('\x89HDF\r\n\x1a\n')).toBe('unknown');
    expect(kindOf("7z\xbc\xaf'\x1c")).toBe('unknown');
  });

  it('recognises the legacy torch magic number under protocols 2, 4 (framed) and 0', () => {
    const magic = '\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.';
    expect(kindOf('\x80\x02' + magic)).toBe('legacy-torch');
    expect(kindOf('\x80\x04\x95\x0e\x00\x00\x00\x00\x00\x00\x00' + magic)).toBe('legacy-torch');
    expect(kindOf('L119547037146038801333356L\n.')).toBe('legacy-torch');
    expect(kindOf('\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x18.')).toBe('pickle'); // one byte off
  });

  it('recognises pickles by PROTO or a plausible protocol 0/1 opening', () => {
    for (const p of ['\x80\x02}q\x00.', '\x80\x05\x95', '(dp0\nS\'a\'\n', '(lp0\n', '(t.', 'cos\nsystem\n(S\'ls\'\ntR.', 'I42\n.', 'F1.5\n.', 'Fnan\n.',
      "S'abc'\np0\n.", 'Vabc\np0\n.', 'K\x05.', 'M\x01\x02.', 'J\x01\x02\x03\x04.', 'U\x03abcq\x00.', 'X\x01\x00\x00\x00a.', '}q\x00.', ']q\x00.', ').', 'N.']) {
      expect(kindOf(p), JSON.stringify(p)).toBe('pickle');
    }
    for (const p of ['cmod\n\xf8\n', 'Hello world', 'Model card\n', '\x80\x09', '{"a": 1}', 'K', '(.']) {
      expect(kindOf(p), JSON.stringify(p)).toBe('unknown');
    }
  });

  it('tells safetensors from a pickle whose first bytes look like PROTO 2', () => {
    const st = safetensors(0x280, '{"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}');
    expect([st[0], st[1]]).toEqual([0x80, 0x02]);
    expect(kindOf(st)).toBe('safetensors');
    // a length that does not fit is still safetensors, so the reader can say precisely what is wrong
    expect(kindOf(safetensors(1000, '{"w":1}').subarray(0, 20))).toBe('safetensors');
  });

  it('recognises shard indexes as JSON text with a weight_map object', () => {
    expect(kindOf('{\n  "metadata": {"total_size": 1},\n  "weight_map": {"a": "b.bin"}\n}')).toBe('shard-index');
    expect(kindOf('{"architectures": ["X"]}')).toBe('unknown');
  });
});

describe.skipIf(!corpusAvailable)('detectKind over the corpus', () => {
  it('agrees with the expected format of every file', () => {
    const expectedKind: Record<string, string[]> = {
      'torch-zip': ['zip'], torchscript: ['zip', 'unknown'], npz: ['zip'], npy: ['npy'], safetensors: ['safetensors'],
      pickle: ['pickle'], 'legacy-torch': ['legacy-torch', 'pickle'], other: ['zip', 'gzip', 'tar', 'unknown'],
    };
    for (const [path, fact] of corpusFacts()) {
      const src = new FileSource(CORPUS + path, path);
      const kind = detectKind(src);
      src.close();
      expect(expectedKind[fact.format], `${path} (${fact.detail})`).toContain(kind);
      // the only exceptions the lists allow are these named files
      if (fact.format === 'torchscript' && kind === 'unknown') expect(fact.detail).toContain('PYTORCH1');
      if (fact.format === 'legacy-torch' && kind === 'pickle') expect(path).toBe('picklescan/data/pytorch_magic_bypass.pt');
    }
  });
});
