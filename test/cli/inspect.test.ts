import { readdirSync, readFileSync, statSync } from 'node:fs';
import { claimLayout } from '../../src/checkpoint/layouts/registry.js';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colorFor, memoryIO, type CliIO } from '../../src/cli/io.js';
import { SAFETY_EXIT } from '../../src/cli/inspect.js';
import { runCli } from '../../src/cli/main.js';
import type { Verdict } from '../../src/formats/pickle/safety.js';
import { itemSize, isDType } from '../../src/formats/dtype.js';
import { formatBytes, formatCount } from '../../src/report/table.js';
import { repoRoot } from '../helpers/corpus.js';
import { readTruths, type Truth, type TruthPath as Path } from '../helpers/truth.js';

/**
 * `sdmatch inspect` end to end (in-process through runCli): the --json form against the truth real
 * PyTorch recorded for every fixture, and the human report's summary, object tree, tables and styles.
 */
interface JsonTensor {
  path: Path;
  aliases?: Path[];
  kind: string;
  dtype: string;
  shape: number[];
  stride: number[];
  storageOffset: number;
  contiguous: boolean;
  requiresGrad: boolean;
  storage: { key: string; dtype: string; numel: number | null; device: string };
}
interface InspectJson {
  file: string;
  format: string;
  size: number;
  tensorCount: number;
  parameterCount: number;
  bytes: number;
  bytesByDtype: Record<string, number>;
  sharedStorages: { storage: string; paths: Path[] }[];
  stateDicts: { path: Path; count: number; nonTensor: string[] }[];
  leaves: { path: Path; text: string }[];
  filter: string | null;
  tensors: JsonTensor[];
  safety: { verdict: string; globals: unknown[] };
  error: string | null;
}

const fixtures = join(repoRoot, 'fixtures');

const truths: Truth[] = readTruths().map((t) => t.truth);
const fixture = (rel: string): string => join(fixtures, rel);

async function inspect(args: string[], io: CliIO = memoryIO()) {
  return runCli(['inspect', ...args], io);
}

async function inspectJson(file: string, extra: string[] = []): Promise<InspectJson> {
  const r = await inspect([file, '--json', ...extra]);
  const j = JSON.parse(r.stdout) as InspectJson;
  expectVerdictExit(r, j.safety.verdict);
  return j;
}

/** The exit code is the safety verdict: 0 and a silent stderr for a safe file, else SAFETY_EXIT's code and one line saying why. */
function expectVerdictExit(r: { code: number; stderr: string }, verdict: string): void {
  expect(r.code, r.stderr).toBe(SAFETY_EXIT[verdict as Verdict]);
  if (verdict === 'safe') expect(r.stderr).toBe('');
  else expect(r.stderr).toMatch(new RegExp(`^sdmatch: .*: safety verdict ${verdict}: [^\n]+$`));
}

const numel = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
/** A shard index stands for the whole checkpoint: its size is the index's plus every shard's. */
function checkpointSize(file: string): number {
  if (!file.endsWith('.index.json')) return statSync(file).size;
  const index = JSON.parse(readFileSync(file, 'utf8')) as { weight_map: Record<string, string> };
  const shards = new Set(Object.values(index.weight_map));
  return [...shards].reduce((a, s) => a + statSync(join(dirname(file), s)).size, statSync(file).size);
}
const byPath = <T extends { path: Path }>(xs: T[]): T[] => [...xs].sort((a, b) => (JSON.stringify(a.path) < JSON.stringify(b.path) ? -1 : 1));

describe('inspect --json agrees with the PyTorch truth of every fixture', () => {
  it('has a truth file per fixture', () => {
    expect(truths.length).toBeGreaterThanOrEqual(48);
  });

  for (const truth of truths) {
    it(truth.file, async () => {
      const j = await inspectJson(fixture(truth.file));
      expect(j.format).toBe(truth.format);
      expect(j.size).toBe(checkpointSize(fixture(truth.file)));
      expect(j.error).toBeNull();
      expect(j.tensorCount).toBe(truth.tensor_count);
      expect(j.tensors.length).toBe(truth.tensor_count);
      // shard indexes: the truth lists weight_map order; compare them as sets
      const sharded = truth.format === 'hf-sharded';
      const want = sharded ? byPath(truth.tensors) : truth.tensors;
      const got = sharded ? byPath(j.tensors) : j.tensors;
      want.forEach((t, i) => {
        const g = got[i]!;
        const where = `${truth.file} #${i} ${JSON.stringify(t.path)}`;
        expect(g.path, where).toEqual(t.path);
        expect(g.aliases ?? [], where).toEqual(t.aliases);
        expect(g.dtype, where).toBe(t.dtype);
        expect(g.shape, where).toEqual(t.shape);
        expect(g.stride, where).toEqual(t.stride);
        expect(g.storageOffset, where).toBe(t.storage_offset);
        expect(g.storage.numel, where).toBe(truth.storages[t.storage]!.numel);
        if (t.storage_key !== null) expect(g.storage.key, where).toBe(t.storage_key);
        if (truth.format !== 'torchscript') {
          expect(g.kind, where).toBe(t.kind);
          expect(g.requiresGrad, where).toBe(t.requires_grad);
        }
      });
      for (const sd of truth.state_dicts) {
        const found = j.stateDicts.find((d) => JSON.stringify(d.path) === JSON.stringify(sd.path));
        expect(found, `${truth.file}: state dict at ${JSON.stringify(sd.path)} among ${JSON.stringify(j.stateDicts.map((d) => d.path))}`).toBeDefined();
        expect(found!.count).toBe(sd.keys.length);
        expect(found!.nonTensor).toEqual(sd.non_tensor_keys);
      }
      expect(j.parameterCount).toBe(truth.tensors.reduce((a, t) => a + numel(t.shape), 0));
      const bytes: Record<string, number> = {};
      for (const t of truth.tensors) bytes[t.dtype] = (bytes[t.dtype] ?? 0) + numel(t.shape) * itemSize(t.dtype as never);
      expect(j.bytesByDtype).toEqual(bytes);
      expect(j.safety.verdict).not.toBe('dangerous');
    });
  }
});

/** `  key   value` lines of the summary block, by key (a key may repeat, e.g. `shared`). */
function facts(stdout: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of stdout.split('\n\n')[0]!.split('\n').slice(1)) {
    const m = /^ {2}(\w+)\s{2,}(.*)$/.exec(line);
    if (m) out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[2]!]);
  }
  return out;
}

describe('inspect: the human summary of every fixture', () => {
  for (const truth of truths) {
    it(truth.file, async () => {
      const r = await inspect([fixture(truth.file)]);
      const f = facts(r.stdout);
      expectVerdictExit(r, /^(\w+)/.exec(f.get('safety')?.[0] ?? '')?.[1] ?? '');
      expect(r.stdout.split('\n')[0]).toBe(fixture(truth.file));
      expect(f.get('format')?.[0]).toMatch(new RegExp(`^${truth.format} · `));
      expect(f.get('size')).toEqual([formatBytes(checkpointSize(fixture(truth.file)))]);
      const params = truth.tensors.reduce((a, t) => a + numel(t.shape), 0);
      expect(f.get('tensors')?.[0]).toMatch(new RegExp(`^${truth.tensor_count.toLocaleString('en-US')} \\(${formatCount(params).replace('.', '\\.')} parameters, `));
      const perDtype = new Map<string, { n: number; bytes: number }>();
      for (const t of truth.tensors) {
        if (!isDType(t.dtype)) throw new Error(`truth dtype ${t.dtype}`);
        const d = perDtype.get(t.dtype) ?? { n: 0, bytes: 0 };
        d.n++;
        d.bytes += numel(t.shape) * itemSize(t.dtype);
        perDtype.set(t.dtype, d);
      }
      const dtypes = f.get('dtypes')?.[0]?.split(', ') ?? [];
      expect(dtypes.sort()).toEqual([...perDtype].map(([d, v]) => `${d} ${formatBytes(v.bytes)} (${v.n})`).sort());
      expect(f.get('safety')?.[0]).toMatch(/^(safe|unknown): /);
    });
  }

  it('names tied weights as one shared storage', async () => {
    const f = facts((await inspect([fixture('training/tied.pt')])).stdout);
    expect(f.get('shared')).toEqual(['embed.weight = lm_head.weight (storage 0)']);
  });

  it('lists no shared storage where there is none', async () => {
    expect(facts((await inspect([fixture('torch-zip/mlp.pt')])).stdout).has('shared')).toBe(false);
  });
});

describe('inspect: the object tree', () => {
  it('shows VAR-style nesting: state dicts by path, the Namespace args, the epoch', async () => {
    const out = (await inspect([fixture('training/var.pth')])).stdout;
    expect(out).toContain('\nObject tree\n');
    expect(out).toMatch(/^ {2}trainer\/var_wo_ddp {2}state dict, 22 tensors$/m);
    expect(out).toMatch(/^ {2}trainer\/vae_local {2}state dict, 4 tensors$/m);
    expect(out).toMatch(/^ {2}args: Namespace\(depth=2, tlr=0\.0001, data_path="\/data\/imagenet"\)$/m);
    expect(out).toMatch(/^ {2}epoch: 7$/m);
    expect(out).toContain('\nTensors in trainer/var_wo_ddp (22)\n');
    expect(out).toContain('\nTensors in trainer/vae_local (4)\n');
    expect(out).not.toContain('Other tensors');
  });

  it('summarizes an optimizer without listing its tensors as a state dict', async () => {
    const out = (await inspect([fixture('training/adam.pth')])).stdout;
    expect(out).toMatch(/^ {2}optimizer: \{state, param_groups\}$/m);
    expect(out).toMatch(/^ {2}model {2}state dict, 16 tensors$/m);
    expect(out).toMatch(/^ {2}args: Namespace\(lr=0\.001, arch="small_cnn", epochs=90\)$/m);
    // the optimizer's moments are tensors outside any state dict: listed by full path
    expect(out).toContain('\nOther tensors (30)\n');
    expect(out).toMatch(/^optimizer\/state\/0\/exp_avg_sq +float32 +\[8, 3, 3, 3\]$/m);
  });

  it('shows a Lightning checkpoint\'s state_dict and its hyper-parameters', async () => {
    const out = (await inspect([fixture('training/lightning.ckpt')])).stdout;
    expect(out).toMatch(/^ {2}state_dict {2}state dict, \d+ tensors/m);
    expect(out).toMatch(/^ {2}hyper_parameters: /m);
  });

  it('says "1 tensor" in the singular', async () => {
    const out = (await inspect([fixture('training/nested.pt')])).stdout;
    expect(out).toMatch(/^ {2}dicts_in_list\/0 {2}state dict, 1 tensor$/m);
  });
});

/** The rows of the table under `title`, split on runs of 2+ spaces. */
function tableUnder(stdout: string, title: string): string[][] {
  const block = stdout.split('\n\n').find((b) => b.startsWith(`${title}\n`));
  if (!block) throw new Error(`no block "${title}" in:\n${stdout}`);
  return block.split('\n').slice(1).map((l) => l.split(/ {2,}/));
}

describe('inspect: tensor tables', () => {
  it('lists key, dtype and shape per state dict, in file order', async () => {
    const rows = tableUnder((await inspect([fixture('training/var.pth')])).stdout, 'Tensors in trainer/vae_local (4)');
    expect(rows).toEqual([
      ['key', 'dtype', 'shape'],
      ['fc1.weight', 'float32', '[16, 8]'],
      ['fc1.bias', 'float32', '[16]'],
      ['fc2.weight', 'float32', '[4, 16]'],
      ['fc2.bias', 'float32', '[4]'],
    ]);
  });

  it('--verbose adds stride, offset, storage and contiguity (a transpose is not contiguous)', async () => {
    const rows = tableUnder((await inspect([fixture('training/transposed.pt'), '--verbose'])).stdout, 'Tensors in (root) (4)');
    expect(rows).toEqual([
      ['key', 'dtype', 'shape', 'stride', 'offset', 'storage', 'contiguous'],
      ['w', 'float32', '[4, 6]', '[6, 1]', '0', '0', 'yes'],
      ['w_t', 'float32', '[6, 4]', '[1, 6]', '0', '0', 'no'],
      ['lone_t', 'float32', '[5, 3]', '[1, 5]', '0', '1', 'no'],
      ['permuted', 'float32', '[4, 2, 3]', '[1, 12, 4]', '0', '2', 'no'],
    ]);
  });

  it('--verbose shows storage offsets of views into one storage', async () => {
    const truth = truths.find((t) => t.file === 'training/offset-views.pt')!;
    const out = (await inspect([fixture('training/offset-views.pt'), '-v'])).stdout;
    for (const t of truth.tensors) {
      const row = new RegExp(`^${String(t.path.at(-1)).replace(/[.]/g, '\\.')} +${t.dtype} +\\[${t.shape.join(', ')}\\] +\\[${t.stride.join(', ')}\\] +${t.storage_offset} +${t.storage_key} +(yes|no)$`, 'm');
      expect(out).toMatch(row);
    }
  });

  it('--filter keeps the tensors whose key matches, in the table and the JSON alike', async () => {
    const r = await inspect([fixture('training/adam.pth'), '--filter', '^features\\.(0|4)\\.|step$']);
    expect(r.code).toBe(0);
    const model = tableUnder(r.stdout, 'Tensors in model (7)').slice(1).map((x) => x[0]);
    // `step$` matches no model key; the optimizer's `step` tensors are outside any state dict
    expect(model).toEqual([
      'features.0.weight', 'features.0.bias', 'features.4.weight', 'features.4.bias',
      'features.4.running_mean', 'features.4.running_var', 'features.4.num_batches_tracked',
    ]);
    const others = tableUnder(r.stdout, 'Other tensors (10)').slice(1).map((x) => x[0]);
    expect(others).toEqual(Array.from({ length: 10 }, (_, i) => `optimizer/state/${i}/step`));
    expect(facts(r.stdout).get('filter')).toEqual(['tensors whose key matches /^features\\.(0|4)\\.|step$/']);

    const j = await inspectJson(fixture('training/adam.pth'), ['--filter', '^features\\.(0|4)\\.|step$']);
    expect(j.filter).toBe('^features\\.(0|4)\\.|step$');
    expect(j.tensors.map((t) => t.path.join('/'))).toEqual([
      ...model.map((k) => `model/${k}`),
      ...others,
    ]);
    // counts describe the whole file, not the filtered listing
    expect(j.tensorCount).toBe(46);
  });

  it('--filter that matches nothing prints the summary and no table', async () => {
    const r = await inspect([fixture('training/var.pth'), '--filter', 'no-such-key']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^Tensors in /m);
    expect(facts(r.stdout).get('tensors')?.[0]).toMatch(/^26 /);
  });

  it('--filter with a broken regular expression is a usage error', async () => {
    const r = await inspect([fixture('training/var.pth'), '--filter', '(']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sdmatch: --filter: not a regular expression: /);
    expect(r.stderr.split('\n')).toHaveLength(1);
  });
});

describe('inspect --tree', () => {
  it('collapses numbered runs of identical modules and counts parameters per module', async () => {
    const out = (await inspect([fixture('training/var.pth'), '--tree'])).stdout;
    const block = out.split('\n\n').find((b) => b.startsWith('Tensors in trainer/var_wo_ddp (22)\n'))!;
    expect(block.split('\n').slice(1, 7)).toEqual([
      '  embed  (40)',
      '    weight  [8, 4]',
      '    bias  [8]',
      '  encoder  (608)',
      '    layer  (608)',
      '      0-1  (2 × 304 = 608)',
    ]);
    expect(block).toContain('        attn  (288)\n          q  (72)\n            weight  [8, 8]\n            bias  [8]');
    expect(block).not.toMatch(/^\s+[01]  \(/m);
    expect(out).not.toMatch(/^key +dtype/m);
  });

  it('indents tensors at the top of a state dict like the modules beside them', async () => {
    const out = (await inspect([fixture('training/nested.pt'), '--tree'])).stdout;
    expect(out).toContain('Tensors in dicts_in_list/0 (1)\n  x  [1]');
  });

  it('keeps the table for tensors outside state dicts', async () => {
    const out = (await inspect([fixture('training/adam.pth'), '--tree'])).stdout;
    expect(out).toContain('Tensors in model (16)\n  features  (');
    expect(tableUnder(out, 'Other tensors (30)')[0]).toEqual(['key', 'dtype', 'shape']);
  });
});

describe('inspect: colour', () => {
  const ESC = '\u001b[';

  it('paints only when the style allows colour', async () => {
    const plain = await inspect([fixture('training/var.pth')], memoryIO());
    const color = await inspect([fixture('training/var.pth')], memoryIO({ color: true }));
    expect(plain.stdout).not.toContain(ESC);
    expect(color.stdout).toContain(`${ESC}1m${fixture('training/var.pth')}${ESC}0m`);
    // the same text underneath (cli-table3 keeps one leading space before a painted header: see table.ts)
    expect(color.stdout.replace(/\u001b\[[0-9;]*m/g, '').replace(/ +$/gm, '').replace(/^ (?=key)/gm, '')).toBe(plain.stdout);
  });

  it('NO_COLOR turns colour off even on a terminal', async () => {
    const tty = { isTTY: true };
    expect(colorFor(tty, {}).color).toBe(true);
    const io: CliIO = { ...memoryIO(), stdoutStyle: colorFor(tty, { NO_COLOR: '1' }) };
    const r = await inspect([fixture('training/var.pth')], io);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(colorFor({ isTTY: false }, {}).color).toBe(false);
  });

  it('never paints the JSON', async () => {
    const r = await inspect([fixture('training/var.pth'), '--json'], memoryIO({ color: true }));
    expect(r.stdout).not.toContain(ESC);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });
});

describe('inspect: the fixture list covers every fixture file', () => {
  it('each checkpoint under fixtures/ has a truth file', () => {
    const all = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        if (statSync(p).isDirectory()) return n === 'truth' ? [] : all(p);
        // a file of a checkpoint folder (DeepSpeed, Megatron …) is part of one checkpoint, tested as its folder
        return /\.(pt|pth|ckpt|pkl|safetensors|bin)$|index\.json$/.test(n) && !claimLayout(p, false) ? [relative(fixtures, p)] : [];
      });
    expect(all(fixtures).sort()).toEqual(truths.map((t) => t.file).sort());
  });
});
