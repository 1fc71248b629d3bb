import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import type { DiffJson } from '../../src/report/diff-json.js';
import { runCli } from './capture-main.js';

/**
 * `sdmatch diff` end to end on the real pairs in fixtures/pairs (written by real torch 1.13): the
 * JSON is checked against what torch itself recorded in each pair.json, the text for what a person
 * needs to read in it, and bad input for one line on stderr, exit 2 and nothing on stdout.
 */

const fx = (p: string) => join(repoRoot, 'fixtures', p);
const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-diff-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Pair {
  name: string;
  source: string;
  passed_path: (string | number)[];
  select: (string | number)[];
  manifest: string;
  strict: { error_file: string; traceback_file: string };
  non_strict: { file: string; raises: boolean; missing_keys: string[]; unexpected_keys: string[] };
  size_mismatches: { key: string; checkpoint: number[]; model: number[] }[];
}

const PAIRS: Pair[] = readdirSync(fx('pairs'))
  .filter((f) => f.endsWith('.pair.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(fx(`pairs/${f}`), 'utf8')) as Pair);

const pair = (name: string) => PAIRS.find((p) => p.name === name)!;

async function diffJson(...argv: string[]): Promise<{ code: number; json: DiffJson }> {
  const r = await runCli(['diff', ...argv, '--json']);
  expect(r.stderr).toBe('');
  return { code: r.code, json: JSON.parse(r.stdout) as DiffJson };
}

const ANSI = /\u001b\[/;
const isCounter = (k: string) => k.endsWith('.num_batches_tracked');

describe('sdmatch diff CHECKPOINT MANIFEST --json, against what torch recorded for every pair', () => {
  it('covers the pairs the fixtures README lists', () => {
    expect(PAIRS.map((p) => p.name)).toEqual(expect.arrayContaining(['ddp-vs-plain', 'lightning-vs-plain', 'var-nesting', 'classifier-head', 'renamed-submodule']));
  });

  for (const p of PAIRS) {
    it(`${p.name}: selects ${JSON.stringify(p.select)} and finds torch's lists`, async () => {
      const { code, json } = await diffJson(fx(p.source), fx(p.manifest));
      expect(json.selected).toEqual(p.select);
      expect(json.shapeMismatch).toEqual(p.size_mismatches.map((m) => ({ key: m.key, source: m.checkpoint, expected: m.model })));
      if (JSON.stringify(p.passed_path) === JSON.stringify(p.select)) {
        // torch's own strict=False lists for the same dict. BatchNorm fills a missing
        // num_batches_tracked in itself, so torch leaves those out of missing_keys; a key diff cannot.
        expect(json.unexpected).toEqual(p.non_strict.unexpected_keys);
        expect(json.missing.filter((k) => !isCounter(k))).toEqual(p.non_strict.missing_keys.filter((k) => !isCounter(k)));
        expect(json.missing).toEqual(expect.arrayContaining(p.non_strict.missing_keys));
      } else {
        // the user passed the wrong dict; the right one loads cleanly
        expect(json.missing).toEqual([]);
        expect(json.unexpected).toEqual([]);
      }
      expect(json.same).toBe(code === 0);
      expect(code).toBe(json.missing.length + json.unexpected.length + json.shapeMismatch.length > 0 ? 1 : 0);
    });
  }
});

describe('sdmatch diff (text)', () => {
  it('DDP vs plain: groups both lists and names the DataParallel prefix', async () => {
    const r = await runCli(['diff', fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.manifest.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('matched 0 · missing 16 · unexpected 16 · shape mismatches 0 · dtype mismatches 0 · non-tensor 0');
    expect(r.stdout).toContain('  module.features.{0,1,3,4}.{weight,bias}  (8 keys)');
    expect(r.stdout).toContain('  features.{1,4}.{running_mean,running_var,num_batches_tracked}  (6 keys)');
    expect(r.stdout).toMatch(/every key in the checkpoint has an extra `module\.` prefix.*DataParallel/);
    expect(r.stdout).toContain('different: load_state_dict(strict=True) would fail');
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('Lightning vs plain: compares the state_dict entry and names the `model.` wrapper', async () => {
    const r = await runCli(['diff', fx('training/lightning.ckpt'), fx('pairs/lightning-vs-plain.manifest.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/state dict state_dict, 16 tensors: state_dict explains 16 of 16 expected keys \(after stripping `model\.`\)/);
    expect(r.stdout).toMatch(/extra `model\.` prefix.*Lightning/);
  });

  it('VAR nesting: auto-selects trainer/var_wo_ddp, names the runner-up, finds nothing to rename, and says the state dict sits there and that passing the whole object is what fails', async () => {
    const r = await runCli(['diff', fx('training/var.pth'), fx('pairs/var-nesting.manifest.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('state dict trainer/var_wo_ddp, 22 tensors: trainer/var_wo_ddp explains 22 of 22 expected keys');
    expect(r.stdout).toContain('runner-up trainer/vae_local');
    expect(r.stdout).toContain('matched 22 · missing 0 · unexpected 0');
    expect(r.stdout.split('\n')[0]).toBe('same: every expected key is in the state dict at trainer/var_wo_ddp (not the whole checkpoint) with the same shape and dtype');
    expect(r.stdout).toContain('the state dict sits at `trainer/var_wo_ddp` inside the checkpoint');
    expect(r.stdout).toContain("passing the whole checkpoint (`torch.load(...)` as it is) to load_state_dict fails (it would take the checkpoint's entries `trainer`, `args`, `epoch` for keys); load `checkpoint['trainer']['var_wo_ddp']`");
    const j = JSON.parse((await runCli(['diff', fx('training/var.pth'), fx('pairs/var-nesting.manifest.json'), '--json'])).stdout);
    expect(j.same).toBe(true);
    expect(j.diagnosis.map((d: { code: string }) => d.code)).toEqual(['nested']);
    // against a checkpoint of the model too; and not when --select named the state dict: the user knows where it is
    const both = await runCli(['diff', fx('training/var.pth'), fx('training/var.pth')]);
    expect(both.stdout).toContain('the state dict sits at `trainer/var_wo_ddp` inside the checkpoint');
    const named = await runCli(['diff', fx('training/var.pth'), fx('pairs/var-nesting.manifest.json'), '--select', 'trainer/var_wo_ddp']);
    expect(named.code).toBe(0);
    expect(named.stdout).not.toContain('sits at');
    expect(named.stdout.split('\n')[0]).toBe('same: every expected key is in the source with the same shape and dtype');
  });

  it('VAR nesting: --select overrides the choice', async () => {
    const r = await runCli(['diff', fx('training/var.pth'), fx('pairs/var-nesting.manifest.json'), '--select', 'trainer/vae_local']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('state dict trainer/vae_local, 4 tensors (chosen with --select; the file holds 2 state dicts)');
    expect(r.stdout).toContain('matched 0 · missing 22 · unexpected 4');
    expect(r.stdout).toContain('  fc{1,2}.{weight,bias}  (4 keys)');
    const { json } = await diffJson(fx('training/var.pth'), fx('pairs/var-nesting.manifest.json'), '--select', 'trainer/vae_local');
    expect(json.selected).toEqual(['trainer', 'vae_local']);
    expect(json.selection).toEqual({ path: ['trainer', 'vae_local'], by: 'option', reason: null, runnerUp: null, candidates: 2 });
  });

  it('classifier head: a shape table with both shapes and the class-count diagnosis', async () => {
    const r = await runCli(['diff', fx('remap/classifier-10.pt'), fx('pairs/classifier-head.manifest.json')]);
    expect(r.code).toBe(1);
    const table = r.stdout.slice(r.stdout.indexOf('shape mismatches (2)'));
    expect(table).toMatch(/key\s+source\s+expected/);
    expect(table).toMatch(/classifier\.weight\s+\[10, 16\]\s+\[5, 16\]/);
    expect(table).toMatch(/classifier\.bias\s+\[10\]\s+\[5\]/);
    expect(r.stdout).toContain('the output layer `classifier` has 10 outputs in the checkpoint and 5 in the model');
  });

  it('renamed submodule: same shapes in the same order under other names', async () => {
    const r = await runCli(['diff', fx('remap/encoder-layer.pt'), fx('pairs/renamed-submodule.manifest.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  encoder.blocks.{0,1}.attention.{query,key,value,output}.{weight,bias}  (16 keys)');
    expect(r.stdout).toContain('  encoder.layer.{0,1}.attn.{q,k,v,o}.{weight,bias}  (16 keys)');
    expect(r.stdout).toMatch(/same shapes in the same order.*saved under other names/);
  });

  it('--no-group lists keys one a line', async () => {
    const r = await runCli(['diff', fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.manifest.json'), '--no-group']);
    expect(r.stdout).toContain('\n  module.features.0.weight\n  module.features.0.bias\n');
    expect(r.stdout).not.toContain('{weight,bias}');
  });

  it('caps long lists at 40 lines; --all prints every one', async () => {
    // 120 keys that share no pattern: each is its own line
    const names = Array.from({ length: 120 }, (_, i) => `m${i.toString(36)}x.w${i % 7}_${i}`);
    const list = join(tmp, 'many.txt');
    writeFileSync(list, `${names.join('\n')}\n`);
    const capped = await runCli(['diff', fx('training/ddp.pt'), list, '--no-group']);
    const missing = capped.stdout.slice(capped.stdout.indexOf('missing (120)')).split('\n\n')[0]!.split('\n').slice(1);
    expect(missing).toHaveLength(40);
    expect(missing[39]).toBe('  … and 81 more keys (--all lists every one)');
    const all = await runCli(['diff', fx('training/ddp.pt'), list, '--no-group', '--all']);
    const every = all.stdout.slice(all.stdout.indexOf('missing (120)')).split('\n\n')[0]!.split('\n').slice(1);
    expect(every.map((l) => l.trim())).toEqual(names);
  });

  it('colours headings on a TTY only, and never the keys or the JSON', async () => {
    const coloured = await runCli(['diff', fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.manifest.json')], { color: true });
    expect(coloured.stdout).toMatch(ANSI);
    expect(coloured.stdout).toContain('\n  module.features.{0,1,3,4}.{weight,bias}  (8 keys)\n');
    const json = await runCli(['diff', fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.manifest.json'), '--json'], { color: true });
    expect(json.stdout).not.toMatch(ANSI);
  });
});

describe('sdmatch diff with another checkpoint as EXPECTED', () => {
  it('training/ddp.pt against the reference state dict of its pair', async () => {
    const { code, json } = await diffJson(fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.reference.pt'));
    expect(code).toBe(1);
    expect(json.expected).toMatchObject({ kind: 'checkpoint', format: 'torch-zip', selected: [], keys: 16 });
    expect(json.expectedSelection?.by).toBe('auto');
    expect(json.unexpected).toHaveLength(16);
    expect(json.missing.map((k) => `module.${k}`)).toEqual(json.unexpected);
    expect(json.diagnosis.map((d) => d.code)).toEqual(['extra-prefix']);
  });

  it('a reference state dict matches the manifest its model wrote: exit 0', async () => {
    for (const name of ['ddp-vs-plain', 'var-nesting', 'renamed-submodule', 'compile-prefix']) {
      const { code, json } = await diffJson(fx(`pairs/${name}.reference.pt`), fx(`pairs/${name}.manifest.json`));
      expect(code, name).toBe(0);
      expect(json.same).toBe(true);
      expect(json.dtypeMismatch).toEqual([]);
    }
  });

  it('Lightning against DDP: the same module under two wrappers', async () => {
    const { json } = await diffJson(fx('training/lightning.ckpt'), fx('training/ddp.pt'));
    expect(json.diagnosis[0]?.code).toBe('prefix-swap');
    // the Lightning state dict sits at `state_dict`: said after what the keys show
    expect(json.diagnosis.map((d: { code: string }) => d.code)).toEqual(['prefix-swap', 'nested']);
    expect(json.diagnosis[1]?.message).toContain("load `checkpoint['state_dict']`");
  });

  it('--select-expected picks the dict inside EXPECTED', async () => {
    const { json } = await diffJson(fx('training/var.pth'), fx('training/var.pth'), '--select-expected', 'trainer/vae_local');
    expect(json.expectedSelection).toMatchObject({ path: ['trainer', 'vae_local'], by: 'option' });
    expect(json.selected).toEqual(['trainer', 'vae_local']);
    expect(json.same).toBe(true);
  });
});

describe('sdmatch diff with an error text as one side', () => {
  it('CHECKPOINT vs its strict error: the checkpoint settles what the error leaves out', async () => {
    const p = pair('classifier-head');
    const { code, json } = await diffJson(fx(p.source), fx(p.strict.error_file));
    expect(code).toBe(1);
    expect(json.expected).toMatchObject({ kind: 'error-text', keys: null, error: { kind: 'load_state_dict', model: 'SmallCNN', truncated: false } });
    expect(json.shapeMismatch).toEqual(p.size_mismatches.map((m) => ({ key: m.key, source: m.checkpoint, expected: m.model })));
    expect(json.matched).toHaveLength(14);
    expect(json.notes).toContain('14 keys the checkpoint has that the error does not mention are assumed matched');
    expect(json.diagnosis.map((d) => d.code)).toContain('head-size');
  });

  for (const name of ['ddp-vs-plain', 'lightning-vs-plain', 'renamed-submodule', 'densenet-legacy', 'fused-qkv']) {
    it(`${name}: the strict error, its traceback and the strict=False repr give torch's own lists`, async () => {
      const p = pair(name);
      for (const file of [p.strict.error_file, p.strict.traceback_file, p.non_strict.file]) {
        const { code, json } = await diffJson(fx(p.source), fx(file));
        expect(code, file).toBe(1);
        expect(json.selected).toEqual(p.select);
        expect(json.missing, file).toEqual(p.non_strict.missing_keys);
        expect(json.unexpected, file).toEqual(p.non_strict.unexpected_keys);
        expect(json.notes).toContain('the error gives no shapes for the missing keys');
      }
    });
  }

  it('DDP: the diagnosis is drawn from the keys the error implies for the model', async () => {
    const { json } = await diffJson(fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.error.txt'));
    expect(json.diagnosis.map((d) => d.code)).toEqual(['extra-prefix']);
  });

  it('an error text from stdin (-) reads like the same file', async () => {
    const text = readFileSync(fx('pairs/ddp-vs-plain.traceback.txt'), 'utf8');
    const viaStdin = await runCli(['diff', fx('training/ddp.pt'), '-', '--json'], { stdin: text });
    const viaFile = await diffJson(fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.traceback.txt'));
    expect(viaStdin.code).toBe(1);
    const fromStdin = JSON.parse(viaStdin.stdout) as DiffJson;
    expect(fromStdin.expected.file).toBe('<stdin>');
    expect({ ...fromStdin, expected: null }).toEqual({ ...viaFile.json, expected: null });
  });

  it('an error text alone as SOURCE against the manifest: the manifest supplies the matched keys', async () => {
    const p = pair('classifier-head');
    const { code, json } = await diffJson(fx(p.strict.error_file), fx(p.manifest));
    expect(code).toBe(1);
    expect(json.selected).toBeNull();
    expect(json.source.kind).toBe('error-text');
    expect(json.matched).toHaveLength(14);
    expect(json.shapeMismatch).toEqual(p.size_mismatches.map((m) => ({ key: m.key, source: m.checkpoint, expected: m.model })));
    expect(json.notes).toContain('14 keys of EXPECTED that the error does not mention are assumed matched');
  });

  it('VAR: the error of passing the whole checkpoint, read against the manifest, says the state dict is nested', async () => {
    const p = pair('var-nesting');
    const { json } = await diffJson(fx(p.strict.error_file), fx(p.manifest));
    expect(json.missing).toEqual(p.non_strict.missing_keys);
    expect(json.unexpected).toEqual(p.non_strict.unexpected_keys);
    expect(json.matched).toEqual([]);
    const r = await runCli(['diff', fx(p.strict.error_file), fx(p.manifest)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('unexpected (3): in SOURCE, not in EXPECTED\n  trainer\n  args\n  epoch\n');
    expect(r.stdout).toMatch(/the state dict is nested inside the checkpoint, under `trainer`/);
  });

  it('notes where an error disagrees with the manifest it is read against', async () => {
    const { json } = await diffJson(fx('pairs/ddp-vs-plain.error.txt'), fx('pairs/var-nesting.manifest.json'));
    expect(json.notes.some((n) => /keys the error calls missing are not in EXPECTED .*not produced by this model/.test(n))).toBe(true);
  });

  it('refuses two error texts', async () => {
    const r = await runCli(['diff', fx('pairs/ddp-vs-plain.error.txt'), fx('pairs/classifier-head.error.txt')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sdmatch: both sides are error texts; .*\n$/);
  });
});

describe('sdmatch diff with a key list', () => {
  it('compares names only: no shapes, so no shape mismatches', async () => {
    const keys = Object.keys((JSON.parse(readFileSync(fx('pairs/classifier-head.manifest.json'), 'utf8')) as { tensors: object }).tensors);
    const list = join(tmp, 'classifier-keys.txt');
    writeFileSync(list, `# keys of SmallCNN(num_classes=5)\n${keys.join('\n')}\n`);
    const { code, json } = await diffJson(fx('remap/classifier-10.pt'), list);
    expect(code).toBe(0);
    expect(json.expected).toMatchObject({ kind: 'key-list', keys: 16 });
    expect(json.matched).toEqual(keys);
    const ddp = await diffJson(fx('training/ddp.pt'), list);
    expect(ddp.json.missing).toEqual(keys);
    expect(ddp.json.diagnosis[0]?.code).toBe('extra-prefix');
  });
});

describe('sdmatch diff: bad input is one line on stderr, exit 2, nothing on stdout', () => {
  const expectOneLine = (r: { code: number; stdout: string; stderr: string }, line: RegExp) => {
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(r.stderr).toMatch(line);
  };

  it('a missing file', async () => {
    const missing = join(tmp, 'nope.pt');
    expectOneLine(await runCli(['diff', missing, fx('pairs/ddp-vs-plain.manifest.json')]), new RegExp(`^sdmatch: ${missing}: no such file\\n$`));
    expectOneLine(await runCli(['diff', fx('training/ddp.pt'), missing, '--json']), new RegExp(`^sdmatch: ${missing}: no such file\\n$`));
  });

  it('a corrupt checkpoint', async () => {
    const bad = join(tmp, 'truncated.pt');
    writeFileSync(bad, readFileSync(fx('training/ddp.pt')).subarray(0, 3000));
    expectOneLine(await runCli(['diff', bad, fx('pairs/ddp-vs-plain.manifest.json')]), new RegExp(`^sdmatch: ${bad}: .+\\n$`));
  });

  it('--select naming no state dict lists the ones there are', async () => {
    expectOneLine(
      await runCli(['diff', fx('training/var.pth'), fx('pairs/var-nesting.manifest.json'), '--select', 'trainer/nope']),
      /^sdmatch: .*training\/var\.pth: no state dict at "trainer\/nope"; the file's state dicts are: trainer\/var_wo_ddp, trainer\/vae_local\n$/,
    );
  });

  it('--select on a side that is not a checkpoint', async () => {
    expectOneLine(
      await runCli(['diff', fx('pairs/ddp-vs-plain.manifest.json'), fx('training/ddp.pt'), '--select', 'model']),
      /^sdmatch: --select picks a state dict inside a checkpoint, but .* is a manifest\n$/,
    );
  });

  it('both sides from stdin', async () => {
    expectOneLine(await runCli(['diff', '-', '-'], { stdin: 'a\n' }), /^sdmatch: only one side can be read from standard input/);
  });

  it('a text that is no key source', async () => {
    const prose = join(tmp, 'prose.txt');
    writeFileSync(prose, 'this is a note about the model\n');
    expectOneLine(await runCli(['diff', fx('training/ddp.pt'), prose]), /^sdmatch: .*prose\.txt: not a checkpoint, an sdmatch manifest/);
  });

  it('a file copied under a misleading name is still read by content', async () => {
    const renamed = join(tmp, 'weights.txt');
    copyFileSync(fx('training/ddp.pt'), renamed);
    const { json } = await diffJson(renamed, fx('pairs/ddp-vs-plain.manifest.json'));
    expect(json.source.kind).toBe('checkpoint');
  });
});

describeWithTorch('sdmatch diff on files torch writes here', () => {
  it('counts non-tensor entries of the compared dict and does not call them differences', async () => {
    const file = join(tmp, 'with-extras.pt');
    runPython(
      "import sys, torch; torch.save({'a.weight': torch.zeros(2, 3), 'a.bias': torch.zeros(2), 'version': 3, 'note': 'x'}, sys.argv[1])",
      [file],
    );
    const list = join(tmp, 'a-keys.txt');
    writeFileSync(list, 'a.weight\na.bias\n');
    const { code, json } = await diffJson(file, list);
    expect(code).toBe(0);
    expect(json.nonTensor).toEqual(['version', 'note']);
    const text = await runCli(['diff', file, list]);
    expect(text.stdout).toContain('non-tensor 2');
    expect(text.stdout).toContain('non-tensor entries (2) in (root): not compared');
    expect(text.stdout).toContain('same: every expected key is in the source with the same shape and dtype (2 non-tensor entries not compared)');
  });

  it('finds dtype mismatches between a half-precision checkpoint and the float32 model, exit 1', async () => {
    const half = join(tmp, 'half.pt');
    runPython(
      "import sys, torch; sd = torch.load(sys.argv[1]); torch.save({k: (v.half() if v.is_floating_point() else v) for k, v in sd.items()}, sys.argv[2])",
      [fx('pairs/ddp-vs-plain.reference.pt'), half],
    );
    const { code, json } = await diffJson(half, fx('pairs/ddp-vs-plain.manifest.json'));
    // a dtype alone is cast on copy: a strict load succeeds, which exit 0 says (review 22 F8: diff --help)
    expect(code).toBe(0);
    expect(json.dtypeMismatch).toContainEqual({ key: 'features.0.weight', source: 'float16', expected: 'float32' });
    // counters stay int64
    expect(json.matched).toEqual(['features.1.num_batches_tracked', 'features.4.num_batches_tracked']);
    const text = await runCli(['diff', half, fx('pairs/ddp-vs-plain.manifest.json')]);
    expect(text.stdout).toMatch(/dtype mismatches \(14\)\n {2}key\s+source\s+expected\n {2}features\.0\.weight\s+float16\s+float32\n/);
    expect(text.stdout).toContain('different in dtype only: load_state_dict casts on copy, so loading succeeds');
  });
});
