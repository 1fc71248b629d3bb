import { describe, expect, test } from 'vitest';
import { findPrefixRules, findPrefixRulesAndTies } from '../../../src/analysis/infer/prefix.js';
import { findPrefixOps, segmentDistance } from '../../../src/analysis/infer/prefix-ops.js';
import { locate } from '../../../src/analysis/infer/types.js';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { e, resnet18, withPrefix } from './layouts.js';

describe('findPrefixRules', () => {
  test('finds module. on part of the keys and pairs only those', () => {
    const target = resnet18();
    const source = [...withPrefix('module.', target.slice(0, 60)), ...target.slice(60)];
    const pool = { source: locate(source.slice(0, 60)), target: locate(target.slice(0, 60)) };
    const rules = findPrefixRules(pool);
    expect(rules[0]).toMatchObject({ strip: 'module.', add: '' });
    expect(rules[0]!.pairs).toHaveLength(60);
    expect(rules[0]!.pairs.every((p) => p.source === `module.${p.target}`)).toBe(true);
  });

  test('finds a prefix swap from the data (backbone. → encoder.)', () => {
    const src = [e('backbone.stem.conv.weight', [8, 3, 3, 3]), e('backbone.stem.bn.weight', [8]), e('backbone.stage1.conv.weight', [16, 8, 3, 3])];
    const tgt = [e('encoder.stem.conv.weight', [8, 3, 3, 3]), e('encoder.stem.bn.weight', [8]), e('encoder.stage1.conv.weight', [16, 8, 3, 3])];
    const rules = findPrefixRules({ source: locate(src), target: locate(tgt) });
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ strip: 'backbone.', add: 'encoder.' });
  });

  test('a prefix swap that keeps the keys of one module only is not a subtree rename', () => {
    // PVTv2: the attention's spatial-reduction norm and the stage norm are both `norm.weight` / `norm.bias`
    const src = [e('block1.0.attn.norm.weight', [32]), e('block1.0.attn.norm.bias', [32])];
    const tgt = [e('stages.0.norm.weight', [32]), e('stages.0.norm.bias', [32])];
    expect(findPrefixRules({ source: locate(src), target: locate(tgt) })).toEqual([]);
    // two modules under the prefix are evidence
    const src2 = [...src, e('block1.0.attn.q.weight', [32, 32])];
    const tgt2 = [...tgt, e('stages.0.q.weight', [32, 32])];
    expect(findPrefixRules({ source: locate(src2), target: locate(tgt2) })[0]).toMatchObject({ strip: 'block1.0.attn.', add: 'stages.0.' });
  });

  test('a prefix swap resting on a bare leaf name is not evidence', () => {
    const src = [e('fc.weight', [10, 5]), e('fc.bias', [10])];
    const tgt = [e('head.weight', [10, 5]), e('head.bias', [10])];
    expect(findPrefixRules({ source: locate(src), target: locate(tgt) })).toEqual([]);
  });

  test('a rule whose pairs mostly disagree in shape is refused', () => {
    const src = [e('model.a.x.weight', [1, 2]), e('model.b.x.weight', [3, 4]), e('model.c.x.weight', [5])];
    const tgt = [e('a.x.weight', [9, 9]), e('b.x.weight', [8, 8]), e('c.x.weight', [5])];
    expect(findPrefixRules({ source: locate(src), target: locate(tgt) })).toEqual([]);
  });
});

describe('look-alike subtrees several prefix renames fit (review 9 B, finding 1)', () => {
  const tower = (pre: string) => [
    e(`${pre}embeddings.word_embeddings.weight`, [100, 32]),
    e(`${pre}embeddings.LayerNorm.weight`, [32]),
    e(`${pre}encoder.layer.0.attention.self.query.weight`, [32, 32]),
    e(`${pre}encoder.layer.0.attention.self.query.bias`, [32]),
    e(`${pre}encoder.layer.0.attention.output.dense.weight`, [32, 32]),
  ];

  test('two identical towers against two model towers: no rename, one tie listing both', () => {
    const src = [...tower('tower_a.'), ...tower('tower_b.')];
    const tgt = [...tower('query_model.'), ...tower('doc_model.')];
    const found = findPrefixRulesAndTies({ source: locate(src), target: locate(tgt) });
    // before: strip `tower_a.` … `tower_a.` + `doc_model.` won because its text is the shortest
    expect(found.rules).toEqual([]);
    expect(found.ties).toHaveLength(1);
    expect(found.ties[0]!.held).toBe(10);
    expect(found.ties[0]!.reason).toContain('`tower_a.`, `tower_b.`');
    expect(found.ties[0]!.reason).toContain('`query_model.`, `doc_model.`');
    expect(new Set(found.withheld)).toEqual(new Set([...src, ...tgt].map((x) => x.key)));
    // the whole plan: nothing renamed, the choice listed, strict load said to fail
    const plan = inferPlan({ source: src, target: tgt });
    expect(plan.ops).toEqual([]);
    expect(plan.ambiguities.some((a) => a.keys.includes('tower_a.embeddings.word_embeddings.weight') && a.candidates.some((c) => c.startsWith('query_model.')))).toBe(true);
  });

  test('a student and a teacher against one model: neither stripped, the choice listed, none called "no counterpart"', () => {
    const src = [...tower('student.'), ...tower('teacher.')];
    const tgt = tower('');
    const found = findPrefixRulesAndTies({ source: locate(src), target: locate(tgt) });
    expect(found.rules).toEqual([]);
    expect(found.ties).toHaveLength(1);
    expect(found.ties[0]!.reason).toContain('`student.`, `teacher.`');
    const plan = inferPlan({ source: src, target: tgt });
    expect(plan.ops.filter((o) => o.op !== 'drop')).toEqual([]);
    expect(plan.ops.some((o) => o.op === 'drop')).toBe(false);
    expect(plan.ambiguities.some((a) => a.keys.includes('teacher.embeddings.word_embeddings.weight'))).toBe(true);
  });

  test('towers of different shapes are told apart by their shapes: both renamed', () => {
    const small = (pre: string, d: number) => tower(pre).map((x) => e(x.key, x.shape!.map((n) => (n === 32 ? d : n))));
    const src = [...small('tower_a.', 32), ...small('tower_b.', 16)];
    const tgt = [...small('doc_model.', 16), ...small('query_model.', 32)];
    const found = findPrefixRulesAndTies({ source: locate(src), target: locate(tgt) });
    expect(found.ties).toEqual([]);
    expect(found.rules.map((r) => `${r.strip}>${r.add}`).sort()).toEqual(['tower_a.>query_model.', 'tower_b.>doc_model.']);
  });

  test('one subtree fitting the only place it can go is still a plain rename', () => {
    const found = findPrefixRulesAndTies({ source: locate(tower('tower_a.')), target: locate(tower('query_model.')) });
    expect(found.ties).toEqual([]);
    expect(found.rules[0]).toMatchObject({ strip: 'tower_a.', add: 'query_model.' });
  });
});

describe('findPrefixOps', () => {
  test('segmentDistance counts segments outside the common head and tail', () => {
    expect(segmentDistance('module.layer1.weight', 'layer1.weight')).toBe(1);
    expect(segmentDistance('a.b.c', 'a.b.c')).toBe(0);
    expect(segmentDistance('output.weight', 'lm_head.weight')).toBe(2);
  });

  test('one strip for a DDP wrapper, also with keys already right', () => {
    const goals = new Map([
      ['module.conv.weight', 'conv.weight'],
      ['module.fc.weight', 'fc.weight'],
      ['norm.weight', 'norm.weight'],
    ]);
    const r = findPrefixOps([...goals.keys(), 'module.extra.weight'], goals);
    expect(r.ops).toEqual([{ op: 'strip_prefix', prefix: 'module.' }]);
    expect(r.current.get('module.extra.weight')).toBe('extra.weight');
  });

  test('two stacked wrappers come out as ops in order', () => {
    const goals = new Map([
      ['module._orig_mod.a.weight', 'a.weight'],
      ['module._orig_mod.b.weight', 'b.weight'],
    ]);
    const r = findPrefixOps([...goals.keys()], goals);
    expect(r.ops.map((o) => o.prefix).join('')).toBe('module._orig_mod.');
    expect([...r.current.values()]).toEqual(['a.weight', 'b.weight']);
  });

  test('partial key sets: a wrapper strip must give a model name for some key it moves (DeBERTa\'s MLM head, huggingface-transformers-15216)', () => {
    const goals = new Map([
      ['lm_predictions.lm_head.dense.weight', 'cls.predictions.transform.dense.weight'],
      ['lm_predictions.lm_head.LayerNorm.weight', 'cls.predictions.transform.LayerNorm.weight'],
    ]);
    const sources = [...goals.keys(), 'lm_predictions.lm_head.bias', 'lm_predictions.lm_head.dense.bias', 'lm_predictions.lm_head.LayerNorm.bias', 'deberta.embeddings.position_embeddings.weight'];
    // full key sets keep the wrapper reading; an error text alone names only the keys that differ: no strip gives `dense.weight`
    expect(findPrefixOps(sources, goals).ops.length).toBeGreaterThan(0);
    expect(findPrefixOps(sources, goals, () => true, true).ops).toEqual([]);
    // a DDP wrapper whose stripped keys land in the model's modules stays one strip
    const ddp = new Map([
      ['module.backbone.conv.weight', 'backbone.stem.conv.weight'],
      ['module.backbone.fc.weight', 'backbone.head.fc.weight'],
    ]);
    expect(findPrefixOps([...ddp.keys()], ddp, () => true, true).ops).toEqual([{ op: 'strip_prefix', prefix: 'module.' }]);
  });

  test('no add_prefix that would break keys already right, no strip of structure', () => {
    const goals = new Map([
      ['layers.0.attention.wq.weight', 'model.layers.0.self_attn.q_proj.weight'],
      ['layers.1.attention.wq.weight', 'model.layers.1.self_attn.q_proj.weight'],
      ['lm_head.weight', 'lm_head.weight'],
    ]);
    expect(findPrefixOps([...goals.keys()], goals).ops).toEqual([]);
  });
});

describe('a prefix that would put keys under one of several numbered siblings', () => {
  test('is a guess (a cascade head bbox_head.0/1/2): no rule, the keys stay undecided', () => {
    const k = (key: string) => ({ key, shape: null, dtype: null });
    const leaves = ['fc_cls.weight', 'fc_cls.bias', 'fc_reg.weight', 'fc_reg.bias'];
    const r = inferPlan({
      source: leaves.map((l) => k(`bbox_head.${l}`)),
      target: [0, 1, 2].flatMap((i) => leaves.map((l) => k(`bbox_head.${i}.${l}`))),
      options: { partial: true },
    });
    expect(Object.values(r.mapping).filter((v) => typeof v === 'string' && /bbox_head\.\d\./.test(v))).toEqual([]);
  });

  test('a sibling whose shapes all agree is the place; one of another width is no rival (YOLOX `bu_conv2.`)', () => {
    // a stride-2 conv + BN moved into a neck list: `downs.1.` is twice as wide, and ties with `downs.0.` only by its
    // shapeless `num_batches_tracked`; a backbone conv of the same names (another input width) is shorter to write
    const unit = (p: string, c: number, cin: number) => [
      e(`${p}conv.weight`, [c, cin, 3, 3]), e(`${p}bn.weight`, [c]), e(`${p}bn.bias`, [c]), e(`${p}bn.num_batches_tracked`, []),
    ];
    const src = unit('bu.', 16, 16);
    const tgt = [...unit('bb.s.0.', 16, 8), ...unit('neck.downs.0.', 16, 16), ...unit('neck.downs.1.', 32, 32)];
    const rules = findPrefixRules({ source: locate(src), target: locate(tgt) });
    expect(rules.map((r) => [r.strip, r.add, r.pairs.length])).toEqual([['bu.', 'neck.downs.0.', 4]]);
  });

  test('a rename of a few modules, half of which cannot hold their keys, is no subtree rename: its pairs deferred (YOLOX `C3_n4.`)', () => {
    // a CSP block's conv1 / conv2 against an SPP block's conv1 / conv2: conv1 fits, conv2 is another width
    const unit = (p: string, c: number, cin: number) => [e(`${p}conv.weight`, [c, cin, 1, 1]), e(`${p}bn.weight`, [c]), e(`${p}bn.bias`, [c])];
    const src = [...unit('csp.conv1.', 16, 32), ...unit('csp.conv2.', 8, 32)];
    const tgt = [...unit('bb.spp.conv1.', 16, 32), ...unit('bb.spp.conv2.', 32, 64)];
    const found = findPrefixRulesAndTies({ source: locate(src), target: locate(tgt) });
    expect(found.rules.filter((r) => r.strip === 'csp.')).toEqual([]);
    // not dropped on the floor: every pair it would have made and no rule made waits, for the caller to take where
    // nothing else does
    const ruled = found.rules.flatMap((r) => r.pairs);
    expect([...ruled, ...found.deferred].map((p) => [p.source, p.target]).sort()).toEqual(src.map((x) => [x.key, `bb.spp.${x.key.slice(4)}`]).sort());
    expect(found.deferred.length).toBeGreaterThan(0);
    // one head of another size among many modules is still a rename (another model's classifier)
    const many = (p: string, head: number) => [...Array.from({ length: 6 }, (_, i) => unit(`${p}l${i}.`, 16, 16)).flat(), e(`${p}fc.weight`, [head, 16])];
    const kept = findPrefixRulesAndTies({ source: locate(many('enc.', 10)), target: locate(many('backbone.', 5)) });
    expect(kept.rules[0]).toMatchObject({ strip: 'enc.', add: 'backbone.' });
    expect(kept.deferred).toEqual([]);
  });

  test('a stage with its index glued to its name is structure, never a wrapper to strip (pycls `s4.`)', () => {
    // the deepest stage holds over half the keys and its name appears nowhere in the target: a wrapper by count alone
    const goals = new Map<string, string>();
    for (const [s, depth] of [[1, 1], [2, 1], [3, 1], [4, 4]] as const) {
      for (let b = 1; b <= depth; b++) for (const leaf of ['weight', 'bias']) goals.set(`s${s}.b${b}.f.a.${leaf}`, `layer${s}.${b - 1}.conv1.${leaf}`);
    }
    expect(findPrefixOps([...goals.keys()], goals).ops).toEqual([]);
    // while a plain wrapper on as many keys is stripped
    const wrapped = new Map([...goals].map(([k, v]) => [k.startsWith('s4.') ? `wrap.${k}` : k, k.startsWith('s4.') ? k : v]));
    expect(findPrefixOps([...wrapped.keys()], wrapped).ops).toEqual([{ op: 'strip_prefix', prefix: 'wrap.' }]);
  });
});
