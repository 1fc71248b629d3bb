import { identityOf } from '../../src/plan/source-identity.js';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSides, type ResolvedSide } from '../../src/analysis/sides.js';
import { openKeySource } from '../../src/checkpoint/key-source.js';
import { parseErrorText, type ErrorReport } from '../../src/formats/error-text.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { buildPlan, inferenceSides, opKeyCounts, type InferenceSides, keptMissingRecipe } from '../../src/plan/build.js';
import { keySetDigest } from '../../src/plan/key-set.js';
import { planSourceInfo } from '../../src/plan/source-info.js';
import { FileSource } from '../../src/formats/byte-source.js';
import { zipEntriesDigest } from '../../src/formats/zip/entries-digest.js';
import { openZip } from '../../src/formats/zip/reader.js';
import { checkPlanConsistency, validatePlan } from '../../src/plan/validate.js';
import { planToJson } from '../../src/plan/schema.js';
import type { PlanOp } from '../../src/plan/types.js';
import { repoRoot } from '../helpers/corpus.js';

/**
 * From resolved sides to a plan: what inference compares for each kind of input, the plan that comes
 * out (valid, consistent with its ops), what stays after it, and what the plan records of its source.
 */

const fx = (p: string) => join(repoRoot, 'fixtures', p);
const e = (key: string, shape: number[] | null = null): KeyEntry => ({ key, shape, dtype: null });
const NO_SOURCE = { file: 'x', size: 0, sha256: '', select: [] };

function errorSide(report: ErrorReport, file = 'err.txt'): ResolvedSide {
  return { file, kind: 'error-text', entries: [], selected: null, selection: null, nonTensor: [], report, checkpoint: null };
}
function keySide(entries: KeyEntry[], file = 'keys.txt'): ResolvedSide {
  return { file, kind: 'key-list', entries, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null };
}
function consistent(sides: InferenceSides) {
  const out = buildPlan(sides, NO_SOURCE, 't');
  expect(validatePlan(JSON.parse(planToJson(out.plan)), 'p.json')).toEqual(out.plan);
  expect(checkPlanConsistency(out.plan, sides.source)).toEqual([]);
  return out;
}

// the real torch 1.13 text of a DataParallel checkpoint loaded into the plain model (fixtures/pairs)
const DDP = parseErrorText(readFileSync(fx('pairs/ddp-vs-plain.error.txt'), 'utf8'), 'ddp.error.txt');

describe('inferenceSides', () => {
  it('error text alone: unexpected keys against missing keys, BatchNorm counters implied after running_var', () => {
    const sides = inferenceSides(errorSide(DDP), null);
    expect(sides.mode).toBe('error-only');
    expect(sides.source.map((x) => x.key)).toEqual(DDP.unexpected);
    // torch lists module.features.1.num_batches_tracked as unexpected but never features.1.num_batches_tracked as missing
    expect(DDP.missing).not.toContain('features.1.num_batches_tracked');
    const t = sides.target.map((x) => x.key);
    expect(t.slice(4, 7)).toEqual(['features.1.running_mean', 'features.1.running_var', 'features.1.num_batches_tracked']);
    expect([...sides.implied]).toEqual(['features.1.num_batches_tracked', 'features.4.num_batches_tracked']);
    expect(sides.uncertain[0]).toContain('names only the keys that differed');
  });

  it('size-mismatched keys go on both sides with their shapes', () => {
    const r = parseErrorText('size mismatch for fc.weight: copying a param with shape torch.Size([10, 4]) from checkpoint, the shape in current model is torch.Size([5, 4]).', 'e');
    const sides = inferenceSides(errorSide(r), null);
    expect(sides.source).toEqual([e('fc.weight', [10, 4])]);
    expect(sides.target).toEqual([e('fc.weight', [5, 4])]);
    expect(sides.implied.size).toBe(0);
  });

  it('checkpoint and error: the whole state dict against the model the error implies', () => {
    const src = openKeySource(fx('training/ddp.pt'));
    const err = openKeySource(fx('pairs/ddp-vs-plain.error.txt'));
    const r = resolveSides(src, err);
    const sides = inferenceSides(r.source, r.expected);
    expect(sides.mode).toBe('checkpoint-and-error');
    expect(sides.source).toHaveLength(16);
    expect(sides.source[0]!.shape).toEqual([8, 3, 3, 3]);
    expect(sides.target.map((x) => x.key)).toEqual([...DDP.missing.slice(0, 6), 'features.1.num_batches_tracked', ...DDP.missing.slice(6, 12), 'features.4.num_batches_tracked', ...DDP.missing.slice(12)]);
  });

  it('error and model: the checkpoint the error implies against the full model', () => {
    const model = [e('a.weight', [2, 2]), e('b.weight', [3]), e('c.weight', [4])];
    const r = parseErrorText('Error(s) in loading state_dict for M:\n\tMissing key(s) in state_dict: "c.weight". \n\tUnexpected key(s) in state_dict: "cc.weight". ', 'e');
    const sides = inferenceSides(errorSide(r), keySide(model));
    expect(sides.mode).toBe('error-and-model');
    expect(sides.source).toEqual([e('a.weight', [2, 2]), e('b.weight', [3]), e('cc.weight')]);
    expect(sides.target).toEqual(model);
  });

  it('two key sets are compared as they are; two error texts are refused', () => {
    const sides = inferenceSides(keySide([e('x')]), keySide([e('y')]));
    expect(sides).toMatchObject({ mode: 'keys', source: [e('x')], target: [e('y')], uncertain: [] });
    expect(() => inferenceSides(errorSide(DDP), errorSide(DDP, 'b.txt'))).toThrow(/both sides are error texts/);
    expect(() => inferenceSides(keySide([e('x')]), null)).toThrow(/is not a load_state_dict error text/);
  });
});

describe('buildPlan', () => {
  it('DDP from the error alone: one strip_prefix, counters mapped too, nothing left', () => {
    const out = consistent(inferenceSides(errorSide(DDP), null));
    expect(out.plan.ops).toMatchObject([{ op: 'strip_prefix', prefix: 'module.' }]);
    expect(out.plan.mapping['module.features.1.num_batches_tracked']).toBe('features.1.num_batches_tracked');
    expect(out.plan.unmapped).toEqual([]);
    expect(out.plan.target.keys).toBe(DDP.missing.length);
    expect(out.causes[0]!.message).toBe('every checkpoint key carries an extra `module.` prefix: strip it');
    expect(out).toMatchObject({ missing: [], unexpected: [], counters: [], fixable: true, complete: true, opKeys: [16] });
  });

  it('counters the model has and the checkpoint lacks are set apart: BatchNorm fills them', () => {
    const src = [e('bn.weight', [4]), e('bn.bias', [4]), e('bn.running_mean', [4]), e('bn.running_var', [4])];
    const out = consistent(inferenceSides(keySide(src), keySide([...src, e('bn.num_batches_tracked', [])])));
    expect(out.plan.unmapped).toEqual(['bn.num_batches_tracked']);
    expect(out).toMatchObject({ missing: [], counters: ['bn.num_batches_tracked'], complete: true });
    expect(out.causes.map((c) => c.code)).toEqual(['num_batches_tracked']);
  });

  it('counters torch itself calls missing are missing: no transform supplies them (3d-hand-shape/hand-graph-cnn#4)', () => {
    const r = parseErrorText('RuntimeError: Error(s) in loading state_dict for Net_HM_HG:\n\tMissing key(s) in state_dict: "bn1.num_batches_tracked", "r1.bn.num_batches_tracked". ', 'e');
    const out = consistent(inferenceSides(errorSide(r), null));
    expect(out.missing).toEqual(['bn1.num_batches_tracked', 'r1.bn.num_batches_tracked']);
    expect(out.counters).toEqual([]);
    // nothing to move: the counters stay missing on purpose (they start at 0), and the plan says so
    expect(out.keptMissing.map((k) => k.key)).toEqual(['bn1.num_batches_tracked', 'r1.bn.num_batches_tracked']);
    expect(out.plan.ops).toEqual([]);
    expect(out).toMatchObject({ fixable: true, complete: false });
    expect(out.causes[0]!.code).toBe('buffers_missing');
    expect(out.causes.some((c) => c.code === 'another_model')).toBe(false);
  });

  it('keys on one side only: no invented "another model"; the module the model lacks is left out (paper-AAVAE#2)', () => {
    // the list lost its full stop, but torch prints the missing list first: the model lacked nothing
    const r = parseErrorText('Error(s) in loading state_dict for VAE:\nUnexpected key(s) in state_dict: "online_finetuner.weight", "online_finetuner.bias"', 'e');
    const out = consistent(inferenceSides(errorSide(r), null));
    expect(out.fixable).toBe(true);
    expect(out.complete).toBe(false);
    // inference itself does not call it another model: nothing was there to pair
    expect(out.result.causes.some((c) => c.code === 'another_model')).toBe(false);
    expect(out.plan.mapping['online_finetuner.weight']).toBeNull();
    expect(out.unexpected).toEqual([]);
  });

  it('from an error alone, inference names exactly the keys a drop acts on: the real checkpoint has keys it never saw', () => {
    // a classifier of another class count (the checkpoint's 21 classes, the model's 8)
    const r = parseErrorText(
      'size mismatch for classifier.weight: copying a param with shape torch.Size([21, 768]) from checkpoint, the shape in current model is torch.Size([8, 768]).\n\tsize mismatch for classifier.bias: copying a param with shape torch.Size([21]) from checkpoint, the shape in current model is torch.Size([8]).',
      'e',
    );
    const out = consistent(inferenceSides(errorSide(r), null));
    const drops = out.plan.ops.filter((o) => o.op === 'drop');
    expect(drops.length).toBeGreaterThan(0);
    for (const d of drops) {
      const re = new RegExp((d as { pattern: string }).pattern);
      expect(re.test('encoder.layer.0.classifier_norm.weight')).toBe(false);
      expect(re.test('pre_classifier.weight')).toBe(false);
    }
    expect(out.result.ops).toEqual(out.plan.ops);
    expect(out.plan.mapping).toEqual({ 'classifier.weight': null, 'classifier.bias': null });
  });

  it('embeddings of another vocabulary are never dropped (PiVe#4): they stay, a size mismatch to resize', () => {
    const r = parseErrorText(
      'size mismatch for shared.weight: copying a param with shape torch.Size([32101, 768]) from checkpoint, the shape in current model is torch.Size([32128, 768]).\n\tsize mismatch for lm_head.weight: copying a param with shape torch.Size([32101, 768]) from checkpoint, the shape in current model is torch.Size([32128, 768]).',
      'e',
    );
    const out = consistent(inferenceSides(errorSide(r), null));
    expect(out.plan.ops).toEqual([]);
    expect(out.plan.mapping).toEqual({ 'shared.weight': 'shared.weight', 'lm_head.weight': 'lm_head.weight' });
    expect(out.fixable).toBe(false);
    expect(out.causes[0]!.code).toBe('vocab_size');
  });

  it('a position embedding of another length is warned about, and the plan is not complete', () => {
    // microsoft/Cream#238
    const r = parseErrorText('size mismatch for pos_embed: copying a param with shape torch.Size([1, 196, 384]) from checkpoint, the shape in current model is torch.Size([1, 197, 384]).', 'e');
    const out = consistent(inferenceSides(errorSide(r), null));
    expect(out.result.warnings.join()).toContain('pos_embed');
    expect(out.complete).toBe(false);
  });
});

describe('opKeyCounts: keys each op acts on, ops in sequence', () => {
  it('counts name ops, splits and joins, and cannot count an unknown kind', () => {
    const keys = ['module.a.w', 'module.b.w', 'module.qkv', 'module.head.w', 'e.0', 'e.1'];
    const counts = opKeyCounts(
      [
        { op: 'strip_prefix', prefix: 'module.' },
        { op: 'drop', pattern: '^head\\.', reason: 'r' },
        { op: 'rename', pattern: '^a\\.', replacement: 'x.' },
        { op: 'split', key: 'qkv', dim: 0, targets: ['q', 'k'], sizes: [1, 1] },
        { op: 'transpose', key: 'q', dims: [1, 0] },
        { op: 'concat', keys: ['e.0', 'e.1'], dim: 0, target: 'e' },
        { op: 'transpose', pattern: '^(q|k)$', dims: [1, 0] },
        { op: 'reshape', key: 'e', shape: [2] },
        { op: 'interpolate', key: 'e' } as never,
      ],
      keys,
    );
    expect(counts).toEqual([4, 1, 1, 1, 1, 2, 2, 1, null]);
  });

  it('counts the keys a stack joins and a copy ties, and the names after them (Mixtral experts into fused tensors)', () => {
    const keys = [0, 1].flatMap((l) => [0, 1, 2, 3].flatMap((x) => ['w1', 'w3'].map((w) => `layers.${l}.experts.${x}.${w}.weight`))).concat(['emb.weight']);
    const counts = opKeyCounts(
      [
        { op: 'stack', pattern: '^layers\\.(\\d+)\\.experts\\.(\\d+)\\.w1\\.weight$', index: 2, dim: 0, target: 'layers.$1.experts.w1.weight' },
        { op: 'stack', pattern: '^layers\\.(\\d+)\\.experts\\.(\\d+)\\.w3\\.weight$', index: 2, dim: 0, target: 'layers.$1.experts.w3.weight' },
        { op: 'concat', pattern: '^layers\\.(\\d+)\\.experts\\.(w1|w3)\\.weight$', part: 2, parts: ['w1', 'w3'], dim: 1, target: 'layers.$1.experts.gate_up_proj' },
        { op: 'copy', key: 'emb.weight', target: 'head.weight' },
        { op: 'transpose', key: 'head.weight', dims: [1, 0] },
      ],
      keys,
    );
    // 8 per stack (2 layers × 4 experts), then the concat joins the 4 stacked tensors; the copy's target is a name the transpose finds
    expect(counts).toEqual([8, 8, 4, 1, 1]);
  });

  it('is linear in ops and keys for exact drops and copies of one key each (review 14 F13: 30,000 drop + copy pairs ran every op over every name)', () => {
    const n = 30_000;
    const keys = Array.from({ length: n }, (_, i) => `layers.${i}.w`).concat(['a.b[0]', 'a.b[0]']);
    const exact = (k: string) => `^${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
    const ops: PlanOp[] = [];
    const expected: number[] = [];
    for (let i = 0; i < n; i += 2) {
      ops.push({ op: 'drop', pattern: exact(`layers.${i}.w`), reason: 'r' });
      expected.push(1);
    }
    // a name listed twice goes at its first drop, both entries; then nothing is left to drop, nor of a name never there
    ops.push({ op: 'drop', pattern: exact('a.b[0]'), reason: 'r' }, { op: 'drop', pattern: exact('a.b[0]'), reason: 'r' }, { op: 'drop', pattern: '^absent$', reason: 'r' });
    expected.push(2, 0, 0);
    for (let i = 0; i < n; i++) {
      ops.push({ op: 'copy', key: `layers.${i}.w`, target: `tied.${i}` });
      // a dropped key has nothing to copy
      expected.push(i % 2);
    }
    // the copies' targets are names now: a transpose finds one, a drop by pattern takes them all
    ops.push({ op: 'transpose', key: 'tied.1', dims: [1, 0] }, { op: 'transpose', key: 'tied.0', dims: [1, 0] }, { op: 'drop', pattern: '^tied\\.', reason: 'r' });
    expected.push(1, 0, n / 2);
    const c0 = process.cpuUsage();
    const counts = opKeyCounts(ops, keys);
    const c = process.cpuUsage(c0);
    expect(counts).toEqual(expected);
    // ~0.05 s linear; every op over every name is ~10^9 steps
    expect((c.user + c.system) / 1e6).toBeLessThan(1);
  }, 60_000);
});

describe('planSourceInfo', () => {
  const sha = (...files: string[]) => {
    const h = createHash('sha256');
    for (const f of files) h.update(readFileSync(f));
    return h.digest('hex');
  };

  it('a zip checkpoint: its size, the sha256 of its bytes, its entries digest, the selected state dict', () => {
    const file = fx('training/var.pth');
    const r = resolveSides(openKeySource(file), openKeySource(fx('pairs/var-nesting.manifest.json')));
    const info = planSourceInfo(r.source);
    const src = new FileSource(file);
    const entries = zipEntriesDigest(openZip(src));
    src.close();
    expect(entries).toHaveProperty('sha256');
    // the file's identity when hashed (src/plan/source-identity.ts): a checkout's file has settled
    const st = statSync(file, { bigint: true });
    const identity = identityOf(st);
    if (st.ctimeNs < BigInt(Date.now() - 4000) * 1_000_000n) expect(info.identity).toEqual(identity);
    expect(info).toEqual({
      file,
      size: statSync(file).size,
      sha256: sha(file),
      ...(info.identity ? { identity } : {}),
      entriesSha256: (entries as { sha256: string }).sha256,
      select: ['trainer', 'var_wo_ddp'],
      kind: 'checkpoint',
      keySet: keySetDigest(r.source.entries),
    });
    expect(info.keySet?.count).toBe(r.source.entries.length);
    expect(info.entriesSha256).not.toBe(info.sha256);
    // without the full hash the directory's digest is still recorded: it costs kilobytes
    const { identity: _, ...unhashed } = info;
    expect(planSourceInfo(r.source, { hash: false })).toEqual({ ...unhashed, sha256: '' });
  });

  it('a safetensors checkpoint has no directory of checksums: sha256 alone', () => {
    const file = fx('safetensors/mlp.safetensors');
    const r = resolveSides(openKeySource(file), openKeySource(file));
    const info = planSourceInfo(r.source);
    expect(info.sha256).toBe(sha(file));
    expect(info).not.toHaveProperty('entriesSha256');
  });

  it('a sharded index: the index and its shards, as apply checks them', () => {
    const dir = fx('hf-sharded/safetensors');
    const index = join(dir, 'model.safetensors.index.json');
    const r = resolveSides(openKeySource(index), openKeySource(index));
    const shards = [1, 2, 3].map((i) => join(dir, `model-0000${i}-of-00003.safetensors`));
    const info = planSourceInfo(r.source);
    expect(info.size).toBe([index, ...shards].reduce((n, f) => n + statSync(f).size, 0));
    expect(info.sha256).toBe(sha(index, ...shards));
    expect(info).not.toHaveProperty('entriesSha256');
  });

  it('a text source: its kind and the size of its own bytes (a file or standard input), no digest to compare with a checkpoint', () => {
    const file = fx('pairs/ddp-vs-plain.error.txt');
    expect(planSourceInfo(errorSide(DDP, file))).toEqual({ file, size: statSync(file).size, sha256: '', select: [], kind: 'error-text' });
    expect(planSourceInfo(errorSide(DDP, '<stdin>'), { stdinText: 'héllo' })).toEqual({ file: '<stdin>', size: 6, sha256: '', select: [], kind: 'error-text' });
    const manifest = fx('pairs/ddp-vs-plain.manifest.json');
    const side = resolveSides(openKeySource(manifest), openKeySource(manifest)).source;
    // a manifest knows shapes and dtypes: its key set is recorded, so the plan fits any checkpoint holding it
    expect(planSourceInfo(side)).toEqual({ file: manifest, size: statSync(manifest).size, sha256: '', select: [], kind: 'manifest', keySet: keySetDigest(side.entries) });
    expect(keySetDigest(side.entries)).not.toBeNull();
    expect(planSourceInfo(keySide([e('a')], file))).toMatchObject({ kind: 'key-list', sha256: '' });
    expect(() => planSourceInfo(errorSide(DDP, join(repoRoot, 'no-such-file.txt')))).toThrow(/^cannot read its size: ENOENT$/);
  });
});

describe('keys kept missing on purpose: how to load them without strict=False', () => {
  it('names the keys, fills them from the model and keeps the load strict', () => {
    const one = keptMissingRecipe(['model.rotary_emb.inv_freq']);
    expect(one).toContain("for k in ['model.rotary_emb.inv_freq']");
    expect(one).not.toMatch(/strict=False/);
    // a few keys are listed in the Python itself (review13 F10: the 5 head keys of a YOLOX paste were a placeholder)
    const five = keptMissingRecipe(['a', 'b', 'c', 'd', 'e']);
    expect(five).toContain("for k in ['a', 'b', 'c', 'd', 'e']");
    const many = keptMissingRecipe(Array.from({ length: 20 }, (_, i) => `bn${i}.num_batches_tracked`));
    expect(many).toContain('KEPT: the 20 keys listed as kept missing; --json gives them as keptMissing');
    expect(many).not.toMatch(/strict=False/);
  });
});
