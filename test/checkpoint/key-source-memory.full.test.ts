import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * (Full tier: it mocks a module and generates a 44 MB file.)
 * A text source that is not a plain manifest (here a key list) is read as bytes, then parsed as text:
 * the bytes must be garbage by the time the text is parsed (they stayed alive beside the text, a peak
 * of the file's size more). The key-list parser is wrapped to collect garbage and measure what
 * ArrayBuffer memory is still held while it runs.
 */
const held: number[] = [];
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** ArrayBuffer memory still held after a full collection */
const arrayBuffers = (): number => {
  gc();
  return process.memoryUsage().arrayBuffers;
};
vi.mock('../../src/formats/key-list.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/formats/key-list.js')>();
  return {
    ...real,
    parseKeyList: (text: string, file: string) => {
      held.push(arrayBuffers());
      return real.parseKeyList(text, file);
    },
  };
});

const { openKeySource } = await import('../../src/checkpoint/key-source.js');

const dir = mkdtempSync(join(tmpdir(), 'sdmatch-key-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openKeySource of a text file', () => {
  it('lets the file\'s bytes go before its text is parsed', () => {
    const lines = Array.from({ length: 1_000_000 }, (_, i) => `model.layers.${i}.self_attn.q_proj.weight`);
    const file = join(dir, 'keys.txt');
    const text = `${lines.join('\n')}\n`;
    writeFileSync(file, text);
    const size = Buffer.byteLength(text);
    expect(size).toBeGreaterThan(40_000_000);
    const before = arrayBuffers();
    const source = openKeySource(file);
    expect(source.kind).toBe('key-list');
    expect(held).toHaveLength(1);
    // the file's 40 MB must not be held while its text is parsed
    const more = held[0]! - before;
    expect(more, `ArrayBuffer memory while parsing: ${more} bytes more than before reading`).toBeLessThan(size / 2);
  });
});
