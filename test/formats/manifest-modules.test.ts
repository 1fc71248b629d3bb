import { describe, expect, it } from 'vitest';
import { scanManifest } from '../../src/formats/manifest-scan.js';
import { parseManifestContents, writeManifest } from '../../src/formats/manifest.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { inferPlan } from '../../src/analysis/infer/index.js';

/**
 * A manifest's `modules` field (each module's class, as python/sdmatch_manifest.py records it; review 18 F6):
 * the fast scanner and the parser read it alike, what writeManifest writes reads back, absent means the
 * manifest cannot say, and a class for a module that holds no tensor is refused by name. Inference reads a
 * Conv1D ↔ Linear change of a square weight from it, which keys and shapes cannot show.
 */

const ENTRIES: KeyEntry[] = [
  { key: 'h.0.c_attn.weight', shape: [8, 8], dtype: 'float32' },
  { key: 'h.0.c_attn.bias', shape: [8], dtype: 'float32' },
  { key: 'scale', shape: [], dtype: 'float32' },
];
const both = (text: string) => ({ scanned: scanManifest(Buffer.from(text, 'utf8'), 'm.json'), parsed: parseManifestContents(text, 'm.json') });

describe('manifest module classes', () => {
  it('written, scanned and parsed alike; absent: it does not say; old manifests read as before', () => {
    const modules = new Map([['h.0.c_attn', 'Conv1D'], ['', 'GPT']]);
    const { scanned, parsed } = both(writeManifest(ENTRIES, null, null, modules));
    expect(scanned?.modules).toEqual(modules);
    expect(parsed.modules).toEqual(modules);
    expect(scanned?.entries).toEqual(ENTRIES);
    expect(both(writeManifest(ENTRIES)).scanned).toEqual({ entries: ENTRIES, tied: null });
    expect(both(writeManifest(ENTRIES)).parsed.modules).toBeUndefined();
    // the Python writer's layout
    const python = '{"format": "sdmatch-manifest", "version": 1, "tensors": {\n  "a.weight": {"shape": [2, 2], "dtype": "float32"}\n},\n"modules": {"a": "Linear"}}\n';
    expect(both(python).scanned?.modules).toEqual(new Map([['a', 'Linear']]));
  });

  it('refuses a class of a module that holds no tensor, and a class that is not a name', () => {
    const bad = (modules: string) => `{"format": "sdmatch-manifest", "version": 1, "tensors": {"a.weight": {"shape": [2, 2]}}, "modules": ${modules}}`;
    for (const read of [(t: string) => scanManifest(Buffer.from(t, 'utf8'), 'm.json'), (t: string) => parseManifestContents(t, 'm.json')]) {
      expect(() => read(bad('{"b": "Linear"}'))).toThrow(/\/modules\/b: "b" holds no tensor of this manifest/);
    }
    expect(() => parseManifestContents(bad('{"a": 3}'), 'm.json')).toThrow(/\/modules\/a: a class name is a non-empty string, not 3/);
    expect(() => parseManifestContents(bad('{"a": ""}'), 'm.json')).toThrow(/non-empty string/);
    expect(() => parseManifestContents(bad('["a"]'), 'm.json')).toThrow(/\/modules: must be an object/);
  });
});

describe('a square weight whose module went Conv1D → Linear (inference)', () => {
  const side: KeyEntry[] = [
    { key: 'h.0.c_attn.weight', shape: [8, 8], dtype: 'float32' },
    { key: 'h.0.c_attn.bias', shape: [8], dtype: 'float32' },
  ];
  const infer = (sourceModules: Map<string, string> | null, targetModules: Map<string, string> | null) => inferPlan({ source: side, target: side, options: { sourceModules, targetModules } });

  it('both classes known: a transpose decided by them (review 23 F7), above the guess line, its evidence naming the classes', () => {
    const r = infer(new Map([['h.0.c_attn', 'Conv1D']]), new Map([['h.0.c_attn', 'Linear']]));
    expect(r.ops).toEqual([expect.objectContaining({ op: 'transpose', dims: [1, 0] })]);
    const op = r.ops[0] as { confidence: number; evidence: string };
    expect(op.confidence).toBeGreaterThanOrEqual(0.9);
    expect(op.evidence).toMatch(/^decided by the module classes: square \[8, 8\], so its shape cannot tell; the manifests record its module as a Conv1D before \(stored \[in, out\]\) and a Linear now \(\[out, in\]\), so it is transposed$/);
  });

  it('the same class, or no classes: nothing to do (no op, no ambiguity)', () => {
    for (const r of [infer(new Map([['h.0.c_attn', 'Linear']]), new Map([['h.0.c_attn', 'Linear']])), infer(null, null)]) {
      expect(r.ops).toEqual([]);
      expect(r.ambiguities).toEqual([]);
    }
  });

  it('one side a Linear, the other unknown with GPT-2 Conv1D names: listed, loaded as stored, never claimed right', () => {
    const r = infer(null, new Map([['h.0.c_attn', 'Linear']]));
    expect(r.ops).toEqual([]);
    expect(r.ambiguities).toEqual([expect.objectContaining({ keys: ['h.0.c_attn.weight'], loadsAsStored: true, reason: expect.stringMatching(/^values unverified: transpose\?/) })]);
  });
});
