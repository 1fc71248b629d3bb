import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/formats/manifest.js';
import { repoRoot } from '../helpers/corpus.js';
import { runCli } from './capture-main.js';

/**
 * `sdmatch manifest` on real fixtures: what it writes must be what torch's truth files (dumped by
 * torch itself) and the Python helper's manifests say, and a failure must leave no file behind.
 */

const fx = (p: string) => join(repoRoot, 'fixtures', p);
const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-manifest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Truth {
  state_dicts: { path: (string | number)[]; keys: string[] }[];
  tensors: { path: (string | number)[]; dtype: string; shape: number[] }[];
}
const truth = (file: string) => JSON.parse(readFileSync(fx(`truth/${file}.json`), 'utf8')) as Truth;

/** The manifest entries torch reports for the state dict at `at` of a fixture. */
function truthEntries(file: string, at: (string | number)[]) {
  const t = truth(file);
  const sd = t.state_dicts.find((s) => JSON.stringify(s.path) === JSON.stringify(at))!;
  return sd.keys.map((key) => {
    const tensor = t.tensors.find((x) => JSON.stringify(x.path) === JSON.stringify([...at, key]))!;
    return { key, shape: tensor.shape, dtype: tensor.dtype };
  });
}

const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('sdmatch manifest', () => {
  it('prints the chosen state dict of a checkpoint with several, and says which and why on stderr', async () => {
    const r = await runCli(['manifest', fx('training/var.pth')]);
    expect(r.code).toBe(0);
    expect(parseManifest(r.stdout, 'out')).toEqual(truthEntries('training/var.pth', ['trainer', 'var_wo_ddp']));
    expect(r.stderr).toMatch(/^sdmatch: chose trainer\/var_wo_ddp .*runner-up trainer\/vae_local.*--select picks another\)\n$/);
  });

  it('--select picks another state dict; -o writes it and reports what was written', async () => {
    const out = join(tmp, 'vae.json');
    const r = await runCli(['manifest', fx('training/var.pth'), '--select', 'trainer/vae_local', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`wrote 4 keys of state dict trainer/vae_local to ${out}\n`);
    expect(parseManifest(readFileSync(out, 'utf8'), out)).toEqual(truthEntries('training/var.pth', ['trainer', 'vae_local']));
    expect(leftovers(tmp)).toEqual([]);
  });

  it("of a pair's reference state dict equals the manifest python/sdmatch_manifest.py wrote for its model", async () => {
    for (const name of ['ddp-vs-plain', 'renamed-submodule', 'densenet-legacy', 'fused-qkv']) {
      const r = await runCli(['manifest', fx(`pairs/${name}.reference.pt`)]);
      expect(r.code, name).toBe(0);
      const fromPython = parseManifest(readFileSync(fx(`pairs/${name}.manifest.json`), 'utf8'), name);
      expect(parseManifest(r.stdout, name), name).toEqual(fromPython);
    }
  });

  it('re-writes a manifest unchanged in content, and a key list with unknown shapes', async () => {
    const src = fx('pairs/classifier-head.manifest.json');
    const again = await runCli(['manifest', src]);
    expect(parseManifest(again.stdout, 'x')).toEqual(parseManifest(readFileSync(src, 'utf8'), src));
    const list = await runCli(['manifest', '-'], { stdin: 'conv1.weight\n# a comment\nfc.bias\n' });
    expect(list.code).toBe(0);
    expect(parseManifest(list.stdout, 'x')).toEqual([
      { key: 'conv1.weight', shape: null, dtype: null },
      { key: 'fc.bias', shape: null, dtype: null },
    ]);
  });

  it('what it writes is what diff reads: a checkpoint against its own manifest is the same', async () => {
    const out = join(tmp, 'lightning.json');
    expect((await runCli(['manifest', fx('training/lightning.ckpt'), '-o', out])).code).toBe(0);
    const d = await runCli(['diff', fx('training/lightning.ckpt'), out]);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('matched 16 · missing 0');
  });

  describe('refuses bad input with one line, exit 2, and leaves no file', () => {
    it('an error text is not a key set', async () => {
      const out = join(tmp, 'from-error.json');
      const r = await runCli(['manifest', fx('pairs/ddp-vs-plain.error.txt'), '-o', out]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^sdmatch: .*ddp-vs-plain\.error\.txt: an error text is not a key set: .*\n$/);
      expect(readdirSync(tmp)).not.toContain('from-error.json');
    });

    it('--select naming no state dict', async () => {
      const r = await runCli(['manifest', fx('training/var.pth'), '--select', 'ema']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/var\.pth: no state dict at "ema"; the file's state dicts are: trainer\/var_wo_ddp, trainer\/vae_local\n$/);
    });

    it('--select on a manifest', async () => {
      const r = await runCli(['manifest', fx('pairs/ddp-vs-plain.manifest.json'), '--select', 'model']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^sdmatch: --select picks a state dict inside a checkpoint, but .* is a manifest\n$/);
    });

    /** `sdmatch manifest` of a file holding `bytes`: exit 2, nothing on stdout, the one line `sdmatch: FILE: problem` */
    async function expectManifestRefused(name: string, bytes: string | Buffer, problem: string) {
      const bad = join(tmp, name);
      writeFileSync(bad, bytes);
      const r = await runCli(['manifest', bad]);
      expect(r.code, name).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`sdmatch: ${bad}: ${problem}\n`);
    }

    it('a manifest naming a tensor twice, in the plain long form (read from its bytes) and the short form (parsed)', async () => {
      await expectManifestRefused('dup-long.json', '{"format":"sdmatch-manifest","version":1,"tensors":{"a":{"shape":[1]},"a":{"shape":[2]}}}', 'the manifest names tensor "a" twice');
      await expectManifestRefused('dup-short.json', '{"b.weight": [1], "a.weight": [1], "a.weight": [2]}', 'the manifest names tensor "a.weight" twice');
    });

    it('a manifest that is not valid UTF-8 (a bad byte in a key), in either form', async () => {
      const long = Buffer.concat([Buffer.from('{"format":"sdmatch-manifest","version":1,"tensors":{"a\xc3\xa9'), Buffer.from([0xff]), Buffer.from('":{"shape":[1]}}}')]);
      await expectManifestRefused('bad-utf8-long.json', long, 'bad manifest: not valid UTF-8');
      await expectManifestRefused('bad-utf8-short.json', Buffer.concat([Buffer.from('{"w'), Buffer.from([0xc3]), Buffer.from('": [1]}')]), 'bad manifest: not valid UTF-8');
    });

    it('a size past 2^53 is quoted as the file writes it, not as JSON.parse rounds it', async () => {
      const text = '{"format":"sdmatch-manifest","version":1,"tensors":{"a":{"shape":[9007199254740993]}}}';
      await expectManifestRefused('huge-size.json', text, '/tensors/a/shape/0: a size must be a non-negative integer below 2^53, not 9007199254740993');
    });

    it('a corrupt checkpoint', async () => {
      const bad = join(tmp, 'cut.pt');
      writeFileSync(bad, readFileSync(fx('training/ddp.pt')).subarray(0, 2000));
      const r = await runCli(['manifest', bad]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(`sdmatch: ${bad}: `)).toBe(true);
    });

    it('an output folder that does not exist', async () => {
      const out = join(tmp, 'no-such-dir', 'm.json');
      const r = await runCli(['manifest', fx('training/ddp.pt'), '-o', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`sdmatch: ${out}: cannot write: no such folder\n`);
    });

    it('an output path that is a folder: the failed rename leaves neither a partial file nor a temporary one', async () => {
      const dir = join(tmp, 'target');
      mkdirSync(join(dir, 'm.json'), { recursive: true });
      const r = await runCli(['manifest', fx('training/ddp.pt'), '-o', join(dir, 'm.json')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot write: /);
      expect(readdirSync(dir)).toEqual(['m.json']);
    });

    it('an existing output survives a failed run untouched', async () => {
      const out = join(tmp, 'keep.json');
      writeFileSync(out, 'previous');
      const r = await runCli(['manifest', fx('pairs/classifier-head.error.txt'), '-o', out]);
      expect(r.code).toBe(2);
      expect(readFileSync(out, 'utf8')).toBe('previous');
      expect(leftovers(tmp)).toEqual([]);
    });
  });
});

describe('sdmatch manifest -o never replaces its source', () => {
  it('-o SOURCE, or a file SOURCE links to: exit 2, one line naming it, the checkpoint untouched', async () => {
    const ckpt = join(tmp, 'own.pt');
    writeFileSync(ckpt, readFileSync(fx('training/ddp.pt')));
    symlinkSync(ckpt, join(tmp, 'own-link.pt'));
    for (const [source, out] of [[ckpt, ckpt], [join(tmp, 'own-link.pt'), ckpt]]) {
      const r = await runCli(['manifest', source!, '-o', out!]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`-o ${out} would overwrite an input`);
      expect(readFileSync(ckpt).equals(readFileSync(fx('training/ddp.pt')))).toBe(true);
    }
    expect(leftovers(tmp)).toEqual([]);
  });
});
