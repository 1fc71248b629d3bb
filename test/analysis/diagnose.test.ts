import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose, type DiagnosisCode } from '../../src/analysis/diagnose.js';
import { diffKeys } from '../../src/analysis/diff.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { parseManifest } from '../../src/formats/manifest.js';

function resnetish(classes = 1000): KeyEntry[] {
  const out: KeyEntry[] = [];
  const t = (key: string, shape: number[], dtype: KeyEntry['dtype'] = 'float32') => out.push({ key, shape, dtype });
  const bn = (p: string, c: number) => {
    for (const l of ['weight', 'bias', 'running_mean', 'running_var']) t(`${p}.${l}`, [c]);
    t(`${p}.num_batches_tracked`, [], 'int64');
  };
  t('conv1.weight', [64, 3, 7, 7]);
  bn('bn1', 64);
  for (let b = 0; b < 2; b++) {
    t(`layer1.${b}.conv1.weight`, [64, 64, 3, 3]);
    bn(`layer1.${b}.bn1`, 64);
  }
  t('fc.weight', [classes, 512]);
  t('fc.bias', [classes]);
  return out;
}

function llama(vocab = 32000, layers = 2): KeyEntry[] {
  const out: KeyEntry[] = [{ key: 'model.embed_tokens.weight', shape: [vocab, 64], dtype: 'bfloat16' }];
  for (let i = 0; i < layers; i++) {
    for (const p of ['q_proj', 'k_proj', 'v_proj', 'o_proj']) out.push({ key: `model.layers.${i}.self_attn.${p}.weight`, shape: [64, 64], dtype: 'bfloat16' });
    out.push({ key: `model.layers.${i}.input_layernorm.weight`, shape: [64], dtype: 'bfloat16' });
  }
  out.push({ key: 'model.norm.weight', shape: [64], dtype: 'bfloat16' }, { key: 'lm_head.weight', shape: [vocab, 64], dtype: 'bfloat16' });
  return out;
}

const withPrefix = (p: string, es: KeyEntry[]) => es.map((e) => ({ ...e, key: p + e.key }));

function run(source: KeyEntry[], expected: KeyEntry[]) {
  return diagnose(diffKeys(source, expected), source, expected);
}
const codes = (ds: { code: DiagnosisCode }[]) => ds.map((d) => d.code);

describe('diagnose', () => {
  it('explains an extra module. prefix as DataParallel/DDP', () => {
    const ds = run(withPrefix('module.', resnetish()), resnetish());
    expect(codes(ds)).toEqual(['extra-prefix']);
    expect(ds[0]!.message).toBe(
      'every key in the checkpoint has an extra `module.` prefix that the model\'s keys lack (e.g. `module.conv1.weight` for `conv1.weight`): the checkpoint was saved from a DataParallel/DistributedDataParallel-wrapped model.',
    );
    expect(ds[0]!.keys).toHaveLength(resnetish().length);
  });

  it('names torch.compile, Lightning and both-wrapper prefixes', () => {
    expect(run(withPrefix('_orig_mod.', llama()), llama())[0]!.message).toMatch(/torch\.compile/);
    expect(run(withPrefix('model.', resnetish()), resnetish())[0]!.message).toMatch(/held the model as `model` \(a PyTorch Lightning/);
    expect(run(withPrefix('_orig_mod.module.', resnetish()), resnetish())[0]!.message).toMatch(/both compiled with torch\.compile and wrapped/);
    expect(run(withPrefix('backbone.', resnetish()), resnetish())[0]!.message).toMatch(/larger model that held this one as `backbone`/);
  });

  it('explains a prefix the model has and the checkpoint lacks', () => {
    const ds = run(resnetish(), withPrefix('module.', resnetish()));
    expect(codes(ds)).toEqual(['missing-prefix']);
    expect(ds[0]!.message).toMatch(/^the model expects every key under `module\.`.*wrapped in DataParallel\/DistributedDataParallel now/);
  });

  it('explains a renamed top-level module (MVDet: world_classifier → map_classifier)', () => {
    const head = (p: string) => [0, 2, 4].flatMap((i) => [`${p}.${i}.weight`, `${p}.${i}.bias`]).map((key) => ({ key, shape: [8], dtype: null }));
    const ds = run([...resnetish().slice(0, 3), ...head('world_classifier')], [...resnetish().slice(0, 3), ...head('map_classifier')]);
    expect(codes(ds)).toEqual(['prefix-swap']);
    expect(ds[0]!.message).toMatch(/^6 keys the model expects under `map_classifier\.` are in the checkpoint under `world_classifier\.`/);
  });

  it('keeps two prefix pairs apart whose names, joined, would read alike (NUL in a key)', () => {
    // (a. → \0b.\0c.) and (a.\0\0b. → c.) were one pair when pairs were keyed by from + NUL + to
    const e = (key: string): KeyEntry => ({ key, shape: [2], dtype: null });
    const ds = run([e('a.w'), e('a.\0\0b.v')], [e('\0b.\0c.w'), e('c.v')]);
    expect(codes(ds)).toEqual(['prefix-swap']);
    expect(ds[0]!.keys).toEqual(['\0b.\0c.w']);
    expect(ds[0]!.message).toMatch(/^1 key the model expects under `\0b\.\0c\.` is in the checkpoint under `a\.`/);
  });

  it('takes the head from the last two modules in order of first appearance', () => {
    // modules appear as enc, proj, dec (enc comes back at the end): the last two are proj and dec
    const model = (rows: [number, number]): KeyEntry[] => [
      { key: 'enc.w', shape: [rows[0], 4], dtype: null },
      { key: 'proj.w', shape: [rows[1], 4], dtype: null },
      { key: 'dec.w', shape: [4, 4], dtype: null },
      { key: 'enc.b', shape: [4], dtype: null },
    ];
    expect(codes(run(model([4, 8]), model([4, 3])))).toEqual(['head-size']);
    expect(codes(run(model([8, 4]), model([3, 4])))).toEqual([]);
  });

  it('explains a new classifier head and a changed vocabulary', () => {
    const ds = run(resnetish(1000), resnetish(10));
    expect(codes(ds)).toEqual(['head-size']);
    expect(ds[0]!.message).toBe(
      'the output layer `fc` has 1000 outputs in the checkpoint and 10 in the model (`fc.weight`: [1000, 512] vs [10, 512]): the checkpoint was trained for another number of classes.',
    );
    const v = run(llama(32000), llama(32001));
    expect(codes(v)).toEqual(['vocab-size']);
    expect(v[0]!.message).toMatch(/^the token embedding and output layers have 32000 rows in the checkpoint and 32001 in the model/);
  });

  it('explains transposed Conv1D weights', () => {
    const gpt = (t: boolean): KeyEntry[] => [0, 1].flatMap((i) => [
      { key: `h.${i}.attn.c_attn.weight`, shape: t ? [768, 2304] : [2304, 768], dtype: null },
      { key: `h.${i}.attn.c_attn.bias`, shape: [2304], dtype: null },
    ]);
    const ds = run(gpt(true), gpt(false));
    expect(codes(ds)).toEqual(['transposed']);
    expect(ds[0]!.message).toMatch(/^2 weights have their two dimensions swapped \(e\.g\. `h\.0\.attn\.c_attn\.weight`: \[768, 2304\] in the checkpoint, \[2304, 768\] in the model\)/);
  });

  it('explains checkpoints from before num_batches_tracked', () => {
    const old = resnetish().filter((e) => !e.key.endsWith('num_batches_tracked'));
    const ds = run(old, resnetish());
    expect(codes(ds)).toEqual(['num-batches-tracked']);
    // the keys show counters absent, not why: a frozen norm keeps none, and neither did PyTorch before 0.4.1
    expect(ds[0]!.message).toMatch(/^only `num_batches_tracked` buffers are missing \(3 BatchNorm layers\): the checkpoint was saved without them \(a checkpoint without counters comes from normalisation layers that keep none, such as Detectron2's FrozenBatchNorm2d, or from PyTorch before 0\.4\.1\)/);
  });

  it('explains a whole checkpoint passed as the state dict (openseg, VAR)', () => {
    const ds = run(
      [{ key: 'config_dict', shape: null, dtype: null }, { key: 'state_dict', shape: null, dtype: null }],
      resnetish(),
    );
    expect(codes(ds)).toEqual(['nested']);
    expect(ds[0]!.message).toMatch(/nested inside the checkpoint, under `state_dict`/);
  });

  it('knows every checkpoint field key-roles.ts names (one table): a DINO-style `teacher` beside `best_prec1`', () => {
    const ds = run([{ key: 'teacher', shape: null, dtype: null }, { key: 'best_prec1', shape: null, dtype: null }], resnetish());
    expect(codes(ds)).toEqual(['nested']);
    expect(ds[0]!.message).toMatch(/under `teacher`/);
  });

  it('reports modules on one side only, dtype differences, and unrelated models', () => {
    const withAux = [...resnetish(), { key: 'aux_head.weight', shape: [4, 512], dtype: 'float32' as const }];
    expect(codes(run(resnetish(), withAux))).toEqual(['missing-module']);
    expect(codes(run(withAux, resnetish()))).toEqual(['unused-module']);
    const half = resnetish().map((e) => (e.dtype === 'float32' ? { ...e, dtype: 'float16' as const } : e));
    const d = run(half, resnetish());
    expect(codes(d)).toEqual(['dtype']);
    expect(d[0]!.message).toMatch(/^17 tensors differ in dtype: float16 in the checkpoint, float32 in the model\. load_state_dict casts on copy/);
    const dj = run(llama(), resnetish());
    expect(codes(dj)).toEqual(['disjoint']);
    expect(dj[0]!.message).toMatch(/share almost no keys \(0 of the model's 20 are in the checkpoint's 13\)/);
  });

  it("explains renamed inner modules by equal shapes (torchvision's legacy DenseNet names)", () => {
    const layer = (norm: (i: number) => string, conv: (i: number) => string): KeyEntry[] =>
      [1, 2].flatMap((i) => [
        ...['weight', 'bias', 'running_mean', 'running_var'].map((l) => ({ key: `features.denseblock1.denselayer1.${norm(i)}.${l}`, shape: [64 * i], dtype: null })),
        { key: `features.denseblock1.denselayer1.${conv(i)}.weight`, shape: [128 * i, 64 * i, 1, 1], dtype: null },
      ]);
    const legacy = layer((i) => `norm.${i}`, (i) => `conv.${i}`);
    const current = layer((i) => `norm${i}`, (i) => `conv${i}`);
    const ds = run([{ key: 'features.conv0.weight', shape: [64, 3, 7, 7], dtype: null }, ...legacy], [{ key: 'features.conv0.weight', shape: [64, 3, 7, 7], dtype: null }, ...current]);
    expect(codes(ds)).toEqual(['renamed']);
    expect(ds[0]!.message).toBe(
      "none of the 10 missing keys is in the checkpoint by name, but the checkpoint's 10 unexpected tensors have the same shapes in the same order (e.g. `features.denseblock1.denselayer1.norm.1.weight` for `features.denseblock1.denselayer1.norm1.weight`): the same modules were saved under other names.",
    );
  });

  it('says nothing when everything matches', () => {
    expect(run(resnetish(), resnetish())).toEqual([]);
  });
});

/**
 * The fixture pairs made with real torch 1.13 (fixtures/pairs): the model's manifest and the keys
 * strict=False reported give the checkpoint's side; the diagnosis must name the pair's cause.
 */
const PAIRS = new URL('../../fixtures/pairs/', import.meta.url);
const EXPECTED_CODE: Record<string, DiagnosisCode> = {
  'ddp-vs-plain': 'extra-prefix',
  'compile-prefix': 'extra-prefix',
  'lightning-vs-plain': 'extra-prefix',
  'classifier-head': 'head-size',
  'gpt2-conv1d': 'transposed',
  'var-nesting': 'nested',
};

describe.skipIf(!existsSync(PAIRS))('diagnose on the torch-made fixture pairs', () => {
  for (const file of existsSync(PAIRS) ? readdirSync(PAIRS).filter((f) => f.endsWith('.pair.json')) : []) {
    const name = file.replace('.pair.json', '');
    const want = EXPECTED_CODE[name];
    if (!want) continue;
    it(`${name} → ${want}`, () => {
      const pair = JSON.parse(readFileSync(new URL(file, PAIRS), 'utf8'));
      const expected = parseManifest(readFileSync(new URL(`${name}.manifest.json`, PAIRS), 'utf8'), 'm.json');
      const missing = new Set<string>(pair.non_strict.missing_keys ?? []);
      const sizes = new Map<string, number[]>((pair.size_mismatches ?? []).map((m: { key: string; checkpoint: number[] }) => [m.key, m.checkpoint]));
      // the checkpoint as torch saw it: the model's keys it had (at its own shapes), plus the unexpected ones
      const source: KeyEntry[] = [
        ...expected.filter((e) => !missing.has(e.key)).map((e) => ({ ...e, shape: sizes.get(e.key) ?? e.shape })),
        ...(pair.non_strict.unexpected_keys ?? []).map((key: string) => ({ key, shape: shapeOfUnexpected(key, expected), dtype: null })),
      ];
      expect(codes(run(source, expected))).toContain(want);
    });
  }
});

/** An unexpected key's shape is not in the pair file; a prefixed model key stands in for it. */
function shapeOfUnexpected(key: string, expected: KeyEntry[]): number[] | null {
  const bare = expected.find((e) => key.endsWith(`.${e.key}`));
  if (bare) return bare.shape;
  return key.endsWith('num_batches_tracked') ? [] : null;
}
