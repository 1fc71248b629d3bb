import { describe, expect, it } from 'vitest';
import { scanManifest } from '../../src/formats/manifest-scan.js';
import { parseManifestContents, writeManifest } from '../../src/formats/manifest.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { runCli } from '../cli/capture-main.js';

/**
 * A manifest's `tied` field (the keys that view one storage, as python/sdmatch_manifest.py writes them):
 * the fast scanner and the parser read it alike, what writeManifest writes reads back, and a group that
 * could not be a storage's (one key, a key the manifest lacks, a key in two groups) is refused by name.
 */

const ENTRIES: KeyEntry[] = [
  { key: 'embed.weight', shape: [12, 6], dtype: 'float32' },
  { key: 'block.weight', shape: [6, 6], dtype: 'float32' },
  { key: 'lm_head.weight', shape: [12, 6], dtype: 'float32' },
];
const both = (text: string) => ({ scanned: scanManifest(Buffer.from(text, 'utf8'), 'm.json'), parsed: parseManifestContents(text, 'm.json') });

describe('manifest tied groups', () => {
  it('written, scanned and parsed alike; absent means the manifest does not say (null), [] that nothing is shared', () => {
    const tied = [['embed.weight', 'lm_head.weight']];
    const { scanned, parsed } = both(writeManifest(ENTRIES, tied));
    expect(scanned).toEqual({ entries: ENTRIES, tied });
    expect(parsed).toEqual({ entries: ENTRIES, tied });
    expect(both(writeManifest(ENTRIES, [])).scanned?.tied).toEqual([]);
    expect(both(writeManifest(ENTRIES)).scanned?.tied).toBeNull();
    // the Python writer's layout (tied after the tensors, on its own line), and the parser's path (a short form cannot say)
    const python = '{"format": "sdmatch-manifest", "version": 1, "tensors": {\n  "a": {"shape": [2], "dtype": "float32"},\n  "b": {"shape": [2], "dtype": "float32"}\n},\n"tied": [["a", "b"]]}\n';
    expect(both(python).scanned?.tied).toEqual([['a', 'b']]);
    expect(parseManifestContents('{"a": [2], "b": [2]}', 'm.json').tied).toBeNull();
  });

  it.each([
    ['a group of one key', [['embed.weight']], /\/tied\/0: a group is an array of two or more keys, not 1 key/],
    ['a key the manifest lacks', [['embed.weight', 'head.weight']], /\/tied\/0\/1: "head\.weight" is not a tensor of this manifest/],
    ['a key in two groups', [['embed.weight', 'lm_head.weight'], ['lm_head.weight', 'block.weight']], /\/tied\/1\/0: "lm_head\.weight" is in two groups/],
  ])('refuses %s, in the scanner and the parser alike', (_, tied, message) => {
    const text = writeManifest(ENTRIES, tied);
    expect(() => scanManifest(Buffer.from(text, 'utf8'), 'm.json')).toThrow(message);
    expect(() => parseManifestContents(text, 'm.json')).toThrow(message);
  });

  it('refuses a tied field that is no array of groups', () => {
    const text = writeManifest(ENTRIES).replace(/\n}\n$/, ',\n  "tied": {"a": 1}\n}\n');
    expect(() => parseManifestContents(text, 'm.json')).toThrow(/\/tied: must be an array of groups of keys that share one storage, not object/);
  });

  it('sdmatch manifest keeps the groups when it rewrites a manifest', async () => {
    const r = await runCli(['manifest', '-'], { stdin: writeManifest(ENTRIES, [['embed.weight', 'lm_head.weight']]) });
    expect(r.code).toBe(0);
    expect(parseManifestContents(r.stdout, 'out').tied).toEqual([['embed.weight', 'lm_head.weight']]);
  });
});
