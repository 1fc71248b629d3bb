import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

/**
 * s25-verify F2: equal-shape twins whose names enumerate on both sides (`conv1`, `conv2` against a port's `conv_a`,
 * `conv_b`; `branch1`, `branch2` against `path_a`, `path_b`) were paired by the port's order of definition, at exit 0:
 * a port defining `conv_b` first got every tensor swapped (0 of 30 right in real torch). The coordinator's policy
 * (session 25): the enumerations are evidence, and so is the order of definition; where they disagree the twins are
 * listed with their candidates, unless other evidence (a name match) singles them out. Where they agree, they pair.
 * Key lists as s25-verify's gen_twins.py builds them.
 */
const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const bn = (p: string, c: number) => ['weight', 'bias', 'running_mean', 'running_var'].map((n) => e(`${p}.${n}`, [c]));
const convBn = (p: string, c: number) => [e(`${p}.conv.weight`, [c, c, 3, 3]), ...bn(`${p}.bn`, c)];

/** torchvision's BasicBlock `layerN.0.conv1/bn1/conv2/bn2` (one shape) and a port's `conv_a/bn_a/conv_b/bn_b` */
function basicBlocks(portNames: [string, string], bFirst: boolean) {
  const c = 16;
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  const truth = new Map<string, string>();
  for (let s = 1; s <= 3; s++) {
    const p = `layer${s}.0`;
    source.push(e(`${p}.conv1.weight`, [c, c, 3, 3]), ...bn(`${p}.bn1`, c), e(`${p}.conv2.weight`, [c, c, 3, 3]), ...bn(`${p}.bn2`, c));
    const [a, b] = portNames;
    const unit = (x: string) => [e(`${p}.conv_${x}.weight`, [c, c, 3, 3]), ...bn(`${p}.bn_${x}`, c)];
    target.push(...(bFirst ? [...unit(b), ...unit(a)] : [...unit(a), ...unit(b)]));
    for (const [n, x] of [['1', a], ['2', b]] as const) {
      truth.set(`${p}.conv${n}.weight`, `${p}.conv_${x}.weight`);
      for (const leaf of ['weight', 'bias', 'running_mean', 'running_var']) truth.set(`${p}.bn${n}.${leaf}`, `${p}.bn_${x}.${leaf}`);
    }
  }
  return { source, target, truth };
}

/** `blk.N.branch1/branch2` (conv + BN, one shape) → `blk.N.path_a/path_b` */
function branches(bFirst: boolean) {
  const c = 16;
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  const truth = new Map<string, string>();
  for (let s = 0; s < 3; s++) {
    source.push(...convBn(`blk.${s}.branch1`, c), ...convBn(`blk.${s}.branch2`, c));
    const paths = [convBn(`blk.${s}.path_a`, c), convBn(`blk.${s}.path_b`, c)];
    target.push(...(bFirst ? [...paths[1]!, ...paths[0]!] : [...paths[0]!, ...paths[1]!]));
    for (const [n, x] of [['1', 'a'], ['2', 'b']] as const) for (const k of convBn('', c)) truth.set(`blk.${s}.branch${n}${k.key}`, `blk.${s}.path_${x}${k.key}`);
  }
  return { source, target, truth };
}

const wrongPairs = (mapping: Record<string, unknown>, truth: Map<string, string>) =>
  Object.entries(mapping).filter(([s, t]) => typeof t === 'string' && truth.has(s) && [...truth.values()].includes(t) && truth.get(s) !== t);

describe('twins both sides enumerate: the enumerations and the order of definition must agree (s25-verify F2)', () => {
  test('BasicBlock conv1/bn1, conv2/bn2 → conv_a/bn_a, conv_b/bn_b, the port defining b first: listed, nothing crossed', () => {
    const { source, target, truth } = basicBlocks(['a', 'b'], true);
    const r = inferPlan({ source, target });
    expect(wrongPairs(r.mapping, truth)).toEqual([]);
    for (const k of ['layer1.0.conv1.weight', 'layer2.0.bn2.running_var', 'layer3.0.conv2.weight']) expect(r.leftover).toContain(k);
    const tie = r.ambiguities.find((a) => a.keys.includes('layer1.0.conv1.weight'));
    expect(tie?.candidates).toEqual(expect.arrayContaining(['layer1.0.conv_a.weight', 'layer1.0.conv_b.weight']));
    expect(tie?.reason).toMatch(/enumerated on both sides/);
    expect(r.ops.filter((o) => o.op === 'rename')).toEqual([]);
  });

  test('the same port defining a first: the enumerations and the order agree, every tensor paired right', () => {
    const { source, target, truth } = basicBlocks(['a', 'b'], false);
    const r = inferPlan({ source, target });
    expect(wrongPairs(r.mapping, truth)).toEqual([]);
    for (const [s, t] of truth) expect(r.mapping[s], s).toBe(t);
    expect(r.ambiguities).toEqual([]);
  });

  test('branch1/branch2 → path_a/path_b, path_b defined first: listed; in order: paired', () => {
    const rev = branches(true);
    const r = inferPlan({ source: rev.source, target: rev.target });
    expect(wrongPairs(r.mapping, rev.truth)).toEqual([]);
    expect(r.leftover).toContain('blk.1.branch1.bn.running_mean');
    expect(r.ambiguities.flatMap((a) => a.candidates)).toContain('blk.1.path_b.conv.weight');
    const ok = branches(false);
    const r2 = inferPlan({ source: ok.source, target: ok.target });
    for (const [s, t] of ok.truth) expect(r2.mapping[s], s).toBe(t);
  });

  test('names that match across (conv1 is conv_1) decide where order disagrees: paired, not listed', () => {
    const { source, target, truth } = basicBlocks(['1', '2'], true);
    const r = inferPlan({ source, target });
    for (const [s, t] of truth) expect(r.mapping[s], s).toBe(t);
  });
});
