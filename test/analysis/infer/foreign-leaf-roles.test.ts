/**
 * s25-verify F0 and F1: a key's leaf role must be read whatever separators the key uses. GPT-2's own TensorFlow
 * names (`model/h0/ln_1/g`, `…/b`, `…/attn/c_attn/w`) end in one-letter variables transformers'
 * `load_tf_weights_in_gpt2` reads as `weight` (w, g) and `bias` (b); Caffe2 blobs under Detectron's device scope
 * (`gpu_0/res2_0_branch2a_bn_s`) end in the blob suffixes (`_s`, `_b`, `_rm`, `_riv`). Neither was read as a
 * role, so a LayerNorm's gain and shift (one shape) or a BatchNorm's four vectors paired by order and came out
 * crossed at exit 0 (8/40 and 6/15 in the verifier's real-torch runs). And GPT-2's `ln_1` is a name (the model
 * has `ln_1`), not `ln` indexed 1.
 */
import { describe, expect, test } from 'vitest';
import { readBlobNames } from '../../../src/analysis/infer/blob-names.js';
import { inferPlan, type InferResult } from '../../../src/analysis/infer/index.js';
import { dottedScopePath, readScopePaths } from '../../../src/analysis/infer/scope-paths.js';
import { leafName } from '../../../src/analysis/infer/synonyms.js';
import { simulateNames } from '../../../src/analysis/op-keys.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { e } from './layouts.js';

interface Pairing {
  source: KeyEntry[];
  target: KeyEntry[];
  /** source key → the target key a conversion script sends it to */
  truth: Map<string, string>;
}

/** GPT-2 at H, L layers as its TF checkpoint names it (real: `w` of a Conv1D kept [1, in, out]) and as HF GPT2Model does */
function gpt2(opts: { L?: number; realShapes?: boolean; sorted?: boolean; tfIsSource?: boolean } = {}): Pairing {
  const H = 16;
  const L = opts.L ?? 3;
  const rows: [string, string, number[]][] = [
    ['model/wte', 'wte.weight', [40, H]],
    ['model/wpe', 'wpe.weight', [12, H]],
  ];
  for (let i = 0; i < L; i++) {
    for (const [tf, pt, s] of [
      ['ln_1/g', 'ln_1.weight', [H]],
      ['ln_1/b', 'ln_1.bias', [H]],
      ['attn/c_attn/w', 'attn.c_attn.weight', [H, 3 * H]],
      ['attn/c_attn/b', 'attn.c_attn.bias', [3 * H]],
      ['attn/c_proj/w', 'attn.c_proj.weight', [H, H]],
      ['attn/c_proj/b', 'attn.c_proj.bias', [H]],
      ['ln_2/g', 'ln_2.weight', [H]],
      ['ln_2/b', 'ln_2.bias', [H]],
      ['mlp/c_fc/w', 'mlp.c_fc.weight', [H, 4 * H]],
      ['mlp/c_fc/b', 'mlp.c_fc.bias', [4 * H]],
      ['mlp/c_proj/w', 'mlp.c_proj.weight', [4 * H, H]],
      ['mlp/c_proj/b', 'mlp.c_proj.bias', [H]],
    ] as [string, string, number[]][]) {
      rows.push([`model/h${i}/${tf}`, `h.${i}.${pt}`, s]);
    }
  }
  rows.push(['model/ln_f/g', 'ln_f.weight', [H]], ['model/ln_f/b', 'ln_f.bias', [H]]);
  const tf = rows.map(([k, , s]) => e(k, opts.realShapes && k.endsWith('/w') ? [1, ...s] : s));
  const pt = rows.map(([, k, s]) => e(k, s));
  // tf.train.list_variables lists a checkpoint's variables sorted by name (h10 before h2)
  if (opts.sorted) tf.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const there = opts.tfIsSource === false;
  return {
    source: there ? pt : tf,
    target: there ? tf : pt,
    truth: new Map(rows.map(([t, p]) => (there ? [p, t] : [t, p]))),
  };
}

/** a ResNet bottleneck's three convs and norms as Caffe2 blobs under a name scope, and as torchvision's `layerN.B.convK` / `bnK` */
function caffe2(scope: string, blocks: number): Pairing {
  const C = 8;
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  const truth = new Map<string, string>();
  for (let at = 0; at < blocks; at++) {
    (['2a', '2b', '2c'] as const).forEach((b, i) => {
      const blob = `${scope}res2_${at}_branch${b}`;
      for (const [sfx, leaf, shape] of [
        ['_w', `conv${i + 1}.weight`, [C, C, 1, 1]],
        ['_bn_s', `bn${i + 1}.weight`, [C]],
        ['_bn_b', `bn${i + 1}.bias`, [C]],
        ['_bn_rm', `bn${i + 1}.running_mean`, [C]],
        ['_bn_riv', `bn${i + 1}.running_var`, [C]],
      ] as [string, string, number[]][]) {
        source.push(e(`${blob}${sfx}`, shape));
        target.push(e(`layer1.${at}.${leaf}`, shape));
        truth.set(`${blob}${sfx}`, `layer1.${at}.${leaf}`);
      }
    });
  }
  return { source, target, truth };
}

/** the pairs the plan makes that the conversion does not: every one of them a tensor written into another's slot */
function wrongPairs(r: InferResult, p: Pairing): string[] {
  const targets = new Set(p.target.map((x) => x.key));
  const leftover = new Set(r.leftover);
  return Object.entries(r.mapping)
    .filter(([s, t]) => typeof t === 'string' && !leftover.has(s) && targets.has(t) && p.truth.get(s) !== t)
    .map(([s, t]) => `${s} → ${String(t)}`);
}

/** a plan the CLI would pass at exit 0: everything placed, nothing listed as undecided */
const complete = (r: InferResult) => r.fixable && r.unmapped.length === 0 && r.leftover.length === 0 && r.ambiguities.length === 0;

describe('leaf roles read whatever the separators', () => {
  test("GPT-2's one-letter TF variables are a weight (w, g) and a bias (b) at the end of a scope path", () => {
    expect(leafName('model/h0/ln_1/g')).toBe('weight');
    expect(leafName('model/h0/ln_1/b')).toBe('bias');
    expect(leafName('model/h0/attn/c_attn/w')).toBe('weight');
    // a dotted torch key keeps its own leaf: `g` of a torch module is whatever its author made it
    expect(leafName('norm.g')).toBe('g');
  });

  test('a Caffe2 blob under a `/` name scope is read as the blob it is', () => {
    expect(leafName('gpu_0/res2_0_branch2a_bn_s')).toBe('weight');
    expect(leafName('gpu_0/res2_0_branch2a_bn_b')).toBe('bias');
    expect(leafName('gpu_0/res2_0_branch2a_bn_rm')).toBe('running_mean');
    expect(leafName('gpu_0/res2_0_branch2a_bn_riv')).toBe('running_var');
    expect(leafName('gpu_0/res2_0_branch2a_w')).toBe('weight');
  });
});

describe('a scope named like an indexed one is a name when the model names it so', () => {
  test("GPT-2's ln_1 / ln_2 stay names against a model holding `ln_1`; BERT's layer_0 is read as layer 0", () => {
    const { source, target } = gpt2();
    const r = readScopePaths(source, target)!;
    expect(r.dotted.get('model/h0/ln_1/g')).toMatch(/^model\.h0\.ln_1\./);
    expect(r.dotted.get('model/ln_f/g')).toMatch(/^model\.ln_f\./);
    // the ops are what apply runs: they must give the names matching read
    const names = simulateNames(r.ops, source.map((x) => x.key));
    for (const [k, d] of r.dotted) expect(names.get(k)).toBe(d);
    // T5X: `layers_0` is an index (HF has `block.0`), `wi_0` a name (HF's gated FFN has `wi_0`), in one key; the
    // index ops must leave the kept name alone, so the ops give exactly the names matching reads
    const t5x = [e('encoder/layers_0/mlp/wi_0/kernel', [8, 16]), e('encoder/layers_0/mlp/wi_1/kernel', [8, 16]), e('encoder/layers_1/mlp/wo/kernel', [16, 8])];
    const t5 = readScopePaths(t5x, [e('encoder.block.0.layer.1.DenseReluDense.wi_0.weight', [16, 8]), e('encoder.block.0.layer.1.DenseReluDense.wi_1.weight', [16, 8])])!;
    expect([...t5.dotted.values()]).toEqual(['encoder.layers.0.mlp.wi_0.kernel', 'encoder.layers.0.mlp.wi_1.kernel', 'encoder.layers.1.mlp.wo.kernel']);
    const t5Names = simulateNames(t5.ops, t5x.map((x) => x.key));
    for (const [k, d] of t5.dotted) expect(t5Names.get(k)).toBe(d);
    // without a model segment of that name, the index reading stands (Mesh TF, BERT, TF-slim)
    expect(dottedScopePath('bert/encoder/layer_0/attention/output/LayerNorm/gamma')).toBe('bert.encoder.layer.0.attention.output.LayerNorm.gamma');
    const bert = readScopePaths([e('bert/encoder/layer_0/output/dense/kernel', [4, 4])], [e('encoder.layer.0.output.dense.weight', [4, 4])])!;
    expect(bert.dotted.get('bert/encoder/layer_0/output/dense/kernel')).toBe('bert.encoder.layer.0.output.dense.kernel');
  });
});

describe('GPT-2 TF names ↔ HF GPT2Model: no LayerNorm gain and shift crossed (s25-verify F0)', () => {
  const cases: [string, Parameters<typeof gpt2>[0]][] = [
    ['TF checkpoint into HF, definition order', {}],
    ['TF checkpoint into HF, sorted as tf.train.list_variables lists it, 12 layers', { sorted: true, L: 12 }],
    ['TF checkpoint with the real [1, in, out] Conv1D kernels', { realShapes: true }],
    ['HF checkpoint into a model keeping the TF names', { tfIsSource: false }],
    ['HF checkpoint into a model keeping the TF names, sorted, 12 layers', { tfIsSource: false, sorted: true, L: 12 }],
  ];
  for (const [name, opts] of cases) {
    test(`${name}: every pair the plan makes is the conversion's, and a plan that places all places them right`, () => {
      const p = gpt2(opts);
      const r = inferPlan({ source: p.source, target: p.target });
      expect(wrongPairs(r, p)).toEqual([]);
      // the norms are singled out by their roles: all placed
      const norms = [...p.truth].filter(([s]) => /ln_[12f][./](g|b|weight|bias)$/.test(s));
      expect(norms.filter(([s, t]) => r.mapping[s] !== t)).toEqual([]);
      if (complete(r)) expect([...p.truth].filter(([s, t]) => r.mapping[s] !== t)).toEqual([]);
    });
  }
});

describe('Caffe2 blobs under a device scope ↔ torchvision names: no BatchNorm vector crossed (s25-verify F1)', () => {
  for (const scope of ['gpu_0/', 'gpu_0/gpu_0/', '']) {
    for (const blocks of [1, 2]) {
      test(`${scope ? `under ${scope}` : 'without a scope'}, ${blocks} block${blocks > 1 ? 's' : ''}: no pair across roles`, () => {
        const p = caffe2(scope, blocks);
        const r = inferPlan({ source: p.source, target: p.target });
        expect(wrongPairs(r, p)).toEqual([]);
      });
    }
  }
  test('blobs replicated under two device scopes (a workspace dump): matched as they stand, their leaves read, none across roles', () => {
    const one = caffe2('gpu_0/', 1);
    const two = caffe2('gpu_1/', 1);
    const r = inferPlan({ source: [...one.source, ...two.source], target: one.target });
    const crossed = Object.entries(r.mapping).filter(([s, t]) => typeof t === 'string' && leafName(s) !== leafName(t));
    expect(crossed).toEqual([]);
  });
  test('read as blobs under their scope: the strip and rename ops give exactly the names matching reads', () => {
    const { source, target } = caffe2('gpu_0/', 2);
    const r = readBlobNames(source, target)!;
    expect(r.ops[0]).toMatchObject({ op: 'strip_prefix', prefix: 'gpu_0/' });
    expect(r.entries.map((x) => x.key).slice(0, 3)).toEqual(['res2.0.branch2a.weight', 'res2.0.branch2a.bn.weight', 'res2.0.branch2a.bn.bias']);
    const names = simulateNames(r.ops, source.map((x) => x.key));
    expect(source.map((x) => names.get(x.key))).toEqual(r.entries.map((x) => x.key));
    // blobs under two scopes are no one checkpoint's names under one scope
    expect(readBlobNames([...source, ...caffe2('gpu_1/', 2).source], target)).toBeNull();
  });
  test('under gpu_0/ and without it, the plan places the same tensors', () => {
    const scoped = inferPlan({ source: caffe2('gpu_0/', 1).source, target: caffe2('', 1).target });
    const plain = inferPlan({ source: caffe2('', 1).source, target: caffe2('', 1).target });
    const placed = (r: InferResult, strip: string) =>
      Object.entries(r.mapping)
        .filter(([s]) => !r.leftover.includes(s))
        .map(([s, t]) => `${s.slice(strip.length)} → ${String(t)}`)
        .sort();
    expect(placed(scoped, 'gpu_0/')).toEqual(placed(plain, ''));
    expect(scoped.leftover.length).toBe(plain.leftover.length);
  });
});
