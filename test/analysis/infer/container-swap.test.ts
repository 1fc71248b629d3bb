import { describe, expect, it } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { matchContainerSwaps } from '../../../src/analysis/infer/container-swap.js';
import { locate } from '../../../src/analysis/infer/types.js';

const k = (key: string, shape: number[] | null = null) => ({ key, shape, dtype: null });
const block = (p: string) => ['conv.weight', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked'].map((l) => `${p}.${l}`);
const pairsOf = (source: string[], target: string[]) => matchContainerSwaps({ source: locate(source.map((x) => k(x))), target: locate(target.map((x) => k(x))) }).map((p) => `${p.source}→${p.target}`);

describe('top-level modules renamed whole (encoder → backbone, decoder → neck)', () => {
  const ckpt = [...block('encoder.0'), ...block('encoder.1'), ...block('decoder.0')];
  const model = [...block('backbone.0'), ...block('backbone.1'), ...block('neck.0')];

  it('pairs each container with the one whose keys below it are the same, whatever the names', () => {
    const pairs = pairsOf(ckpt, model);
    expect(pairs).toContain('encoder.0.conv.weight→backbone.0.conv.weight');
    expect(pairs).toContain('encoder.1.bn.running_var→backbone.1.bn.running_var');
    expect(pairs).toContain('decoder.0.bn.bias→neck.0.bn.bias');
    expect(pairs).toHaveLength(ckpt.length);
  });

  it('from an error text alone, inference renames by structure, not by look-alike blocks', () => {
    const r = inferPlan({ source: ckpt.map((x) => k(x)), target: model.map((x) => k(x)), options: { partial: true } });
    expect(r.ops).toMatchObject([{ op: 'rename', pattern: '^encoder\\.', replacement: 'backbone.' }, { op: 'rename', pattern: '^decoder\\.', replacement: 'neck.' }]);
  });

  it('under a wrapper the checkpoint still carries (`model.encoder`), the wrapper\'s other keys follow it: a head of another size is judged, then dropped', () => {
    const source = [...ckpt.map((x) => k(`model.${x}`, [4])), k('model.head.weight', [4, 4, 3, 3]), k('model.head.bias', [4])];
    const target = [...model.map((x) => k(x)), k('head.weight', [6, 4, 1, 1]), k('head.bias', [6])];
    const r = inferPlan({ source, target });
    expect(r.mapping['model.encoder.1.conv.weight']).toBe('backbone.1.conv.weight');
    expect(r.mapping['model.head.weight']).toBeNull();
    expect(r.unmapped).toEqual(['head.weight', 'head.bias']);
  });

  it('two containers alike on a side (a teacher and a student): nothing tells them apart, nothing paired', () => {
    expect(pairsOf([...block('teacher.0'), ...block('student.0')], block('backbone.0'))).toEqual([]);
  });

  it('a lone layer (weight and bias) is what every linear has: not enough to call two names one module', () => {
    expect(pairsOf(['patch2query.weight', 'patch2query.bias'], ['class_embed.weight', 'class_embed.bias'])).toEqual([]);
  });

  it('shapes that cannot correspond refuse the whole container', () => {
    const r = matchContainerSwaps({
      source: locate([k('enc.0.weight', [8, 4]), k('enc.0.bias', [8])]),
      target: locate([k('backbone.0.weight', [16, 4]), k('backbone.0.bias', [16])]),
    });
    expect(r).toEqual([]);
  });

  it('the same container under a wrapper on one side only (`module.features` ↔ `features`) is a prefix, left to the prefix rule and its support', () => {
    const plain = [...block('features.0'), ...block('features.1'), 'classifier.weight', 'classifier.bias'];
    expect(pairsOf(plain.map((x) => `module.${x}`), plain)).toEqual([]);
    expect(pairsOf(plain, plain.map((x) => `module.${x}`))).toEqual([]);
    // a DDP checkpoint: every key carries `module.`, so the strip is as sure as a prefix over that many keys
    const r = inferPlan({ source: plain.map((x) => k(`module.${x}`, [4])), target: plain.map((x) => k(x, [4])) });
    expect(r.ops).toMatchObject([{ op: 'strip_prefix', prefix: 'module.' }]);
    expect(r.ops[0]!.confidence).toBeGreaterThan(0.95);
  });
});

