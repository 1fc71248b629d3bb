import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanManifest } from '../../src/formats/manifest-scan.js';
import { parseManifest, writeManifest } from '../../src/formats/manifest.js';
import type { KeyEntry } from '../../src/formats/keys.js';

const scan = (text: string) => scanManifest(Buffer.from(text, 'utf8'), 'm.json')?.entries ?? null;

function fixtureManifests(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...fixtureManifests(p));
    else if (e.name.endsWith('.json') && readFileSync(p, 'utf8').includes('"sdmatch-manifest"')) out.push(p);
  }
  return out;
}

describe('scanManifest', () => {
  it('reads every committed fixture manifest as parseManifest does', () => {
    const files = fixtureManifests('fixtures');
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const fast = scanManifest(readFileSync(f), f)?.entries ?? null;
      // every fixture is the plain long form writeManifest writes: none needs the general parser
      expect(fast, f).not.toBeNull();
      expect(fast, f).toEqual(parseManifest(text, f));
    }
  });

  it('reads what writeManifest writes, escapes, UTF-8, null shapes and dtypes included', () => {
    const entries: KeyEntry[] = [
      { key: 'a.weight', shape: [3, 4], dtype: 'float32' },
      { key: 'b "quoted" \\ back\tslash', shape: [], dtype: 'int64' },
      { key: 'ünïcödé.权重', shape: null, dtype: null },
      { key: '__proto__', shape: [0], dtype: 'bfloat16' },
      { key: 'c.weight', shape: [3, 4], dtype: null },
      { key: '01', shape: [1], dtype: 'float16' },
    ];
    const text = writeManifest(entries);
    expect(scan(text)).toEqual(entries);
    expect(scan(text)).toEqual(parseManifest(text, 'm.json'));
    // with a byte-order mark, compact whitespace and a model name
    const compact = '\uFEFF{"model":"m","tensors":{"x":{"shape":[2,2]},"y":{"shape":null,"dtype":"float32"}},"version":1,"format":"sdmatch-manifest"}';
    expect(scan(compact)).toEqual(parseManifest(compact, 'm.json'));
    expect(scan(compact)).toEqual([{ key: 'x', shape: [2, 2], dtype: null }, { key: 'y', shape: null, dtype: 'float32' }]);
  });

  it('shares one array per distinct shape and one string per dtype', () => {
    const text = writeManifest([
      { key: 'a', shape: [8, 16], dtype: 'float32' },
      { key: 'b', shape: [8, 16], dtype: 'float32' },
      { key: 'c', shape: [16, 8], dtype: 'float32' },
    ]);
    const [a, b, c] = scan(text)!;
    expect(a!.shape).toBe(b!.shape);
    expect(a!.shape).not.toBe(c!.shape);
    expect(c!.shape).toEqual([16, 8]);
  });

  // each of these is left to parseManifest: its entries or its error message for the file
  it.each([
    ['the short form', '{"a.weight": [3, 4]}'],
    ['an integer-like key (enumerated first by JavaScript)', '{"format":"sdmatch-manifest","version":1,"tensors":{"b":{"shape":[1]},"0":{"shape":[2]}}}'],
    ['dtype before shape', '{"format":"sdmatch-manifest","version":1,"tensors":{"a":{"dtype":"float32","shape":[1]}}}'],
    ['a size written as a float', '{"format":"sdmatch-manifest","version":1,"tensors":{"a":{"shape":[1.0]}}}'],
    ['a size in exponent form', '{"format":"sdmatch-manifest","version":1,"tensors":{"a":{"shape":[1e3]}}}'],
    ['a negative size', '{"format":"sdmatch-manifest","version":1,"tensors":{"a":{"shape":[-1]}}}'],
    ['a size past 2^53', '{"format":"sdmatch-manifest","version":1,"tensors":{"a":{"shape":[12345678901234567890]}}}'],
    ['an unknown dtype', '{"format":"sdmatch-manifest","version":1,"tensors":{"a":{"shape":[1],"dtype":"float8"}}}'],
    ['an unknown field', '{"format":"sdmatch-manifest","version":1,"tensors":{},"extra":1}'],
    ['another version', '{"format":"sdmatch-manifest","version":2,"tensors":{}}'],
    ['a missing shape', '{"format":"sdmatch-manifest","version":1,"tensors":{"a":{"dtype":"float32"}}}'],
    ['trailing text', '{"format":"sdmatch-manifest","version":1,"tensors":{}} x'],
    ['a cut-short file', '{"format":"sdmatch-manifest","version":1,"tensors":{"a":{"shape":[1'],
    ['a control character in a key', '{"format":"sdmatch-manifest","version":1,"tensors":{"a\u0001":{"shape":[1]}}}'],
  ])('%s: null', (_, text) => {
    expect(scan(text)).toBeNull();
  });

  it('refuses a tensor named twice, as parseManifest does, naming the file and the key (JSON.parse would keep the last shape)', () => {
    for (const [a, b] of [['a', 'a'], ['a', '\\u0061'], ['x.weight', 'x.weight']]) {
      const text = `{"format":"sdmatch-manifest","version":1,"tensors":{"${a}":{"shape":[1]},"k":{"shape":[3]},"${b}":{"shape":[2]}}}`;
      const key = JSON.parse(`"${a}"`) as string;
      expect(() => scan(text), text).toThrow(`the manifest names tensor "${key}" twice`);
      expect(() => parseManifest(text, 'm.json'), text).toThrow(`the manifest names tensor "${key}" twice`);
    }
  });

  it('reads a long form with no tensors as an empty list, as parseManifest does', () => {
    const text = '{"format": "sdmatch-manifest", "version": 1, "tensors": {}}';
    expect(scan(text)).toEqual([]);
    expect(parseManifest(text, 'm.json')).toEqual([]);
  });
});
