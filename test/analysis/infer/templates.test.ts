import { describe, expect, test } from 'vitest';
import { blockKey, groupTemplates, numericCount, templateAtLevel, TemplateCache } from '../../../src/analysis/infer/templates.js';
import { scoreTemplatePair } from '../../../src/analysis/infer/template-score.js';
import { assignTemplates } from '../../../src/analysis/infer/assign.js';
import { matchRenames } from '../../../src/analysis/infer/rename-match.js';
import { wordSimilarity } from '../../../src/analysis/infer/similarity.js';
import { fillTemplate, templateOf, wordsOf } from '../../../src/analysis/key-tokens.js';
import { locate } from '../../../src/analysis/infer/types.js';
import { e, hfLlama, llamaTruth, metaLlama } from './layouts.js';

describe('templates', () => {
  test('levels keep the first k indices as placeholders', () => {
    expect(templateAtLevel('encoder.blocks.3.mlp.0.weight', 2)).toEqual({ name: 'encoder.blocks.{}.mlp.{}.weight', indices: [3, 0] });
    expect(templateAtLevel('encoder.blocks.3.mlp.0.weight', 1)).toEqual({ name: 'encoder.blocks.{}.mlp.0.weight', indices: [3] });
    expect(templateAtLevel('encoder.blocks.3.mlp.0.weight', 0).name).toBe('encoder.blocks.3.mlp.0.weight');
  });

  test('the scanning template agrees with the tokenizer at every level, edge segments included', () => {
    for (const key of ['0.weight', 'a.1', '3.2.1', 'x.01.y.4', 'blocks.1234567890.2.w', 'a..1.b', 'cls_token']) {
      const all = templateOf(key);
      expect(numericCount(key), key).toBe(all.indices.length);
      for (let keep = 0; keep <= all.indices.length; keep++) {
        const t = templateAtLevel(key, keep);
        expect(t.indices, `${key} @${keep}`).toEqual(all.indices.slice(0, keep));
        expect(fillTemplate(t.name, t.indices), `${key} @${keep}`).toBe(key);
        expect(t.name.split('{}').length - 1).toBe(keep);
      }
    }
  });

  test('one level cached at a time: a template name is one string, regrouping reuses the instances', () => {
    const sides = locate([e('layers.0.w', [4, 8]), e('layers.1.w', [4, 8]), e('layers.0.b', [4])]);
    const cache = new TemplateCache();
    const first = groupTemplates(sides.values(), 1, cache);
    const again = groupTemplates(sides.values(), 1, cache);
    expect(again[0]!.instances[0]).toBe(first[0]!.instances[0]);
    expect(first.map((t) => t.name)).toEqual(['layers.{}.w', 'layers.{}.b']);
    // another level: computed afresh, never a stale template of the level before
    expect(groupTemplates(sides.values(), 0, cache).map((t) => t.name)).toEqual(['layers.0.w', 'layers.1.w', 'layers.0.b']);
    expect(groupTemplates(sides.values(), 1, cache).map((t) => t.instances.length)).toEqual([2, 1]);
  });

  test('groups instances with their index values and shapes', () => {
    const ts = groupTemplates(locate(metaLlama(3)).values(), 1);
    const wq = ts.find((t) => t.name === 'layers.{}.attention.wq.weight')!;
    expect(wq.instances.map((i) => i.indices)).toEqual([[0], [1], [2]]);
    expect(wq.indexSignature).toBe('0;1;2');
    expect(wq.shapeSignature).toBe('*4096x4096|float');
    // keys without an index are not at level 1
    expect(ts.some((t) => t.name === 'norm.weight')).toBe(false);
  });

  test('blocks put together only what structure and shapes allow', () => {
    const [a] = groupTemplates(locate([e('layers.0.w', [4, 8]), e('layers.1.w', [4, 8])]).values(), 1);
    const [b] = groupTemplates(locate([e('blocks.0.v', [8, 4]), e('blocks.1.v', [8, 4])]).values(), 1);
    const [c] = groupTemplates(locate([e('blocks.0.v', [8, 4]), e('blocks.2.v', [8, 4])]).values(), 1);
    expect(blockKey(a!)).toBe(blockKey(b!));
    expect(blockKey(a!)).not.toBe(blockKey(c!));
  });
});

describe('scoring', () => {
  test('word similarity knows abbreviations and rejects unrelated names', () => {
    expect(wordsOf('LayerNorm.gamma')).toEqual(['layer', 'norm', 'gamma']);
    expect(wordSimilarity(['tok', 'embeddings'], ['embed', 'tokens'])).toBeGreaterThan(0.7);
    expect(wordSimilarity(['attn'], ['attention'])).toBeGreaterThan(0.5);
    expect(wordSimilarity(['encoder'], ['decoder'])).toBe(0);
  });

  test('a weight never pairs with a bias, transposes cost more than equal shapes', () => {
    const [w] = groupTemplates(locate([e('a.0.weight', [4])]).values(), 1);
    const [bias] = groupTemplates(locate([e('b.0.bias', [4])]).values(), 1);
    expect(scoreTemplatePair(w!, bias!, 0, 0).cost).toBe(Infinity);
    const [x] = groupTemplates(locate([e('a.0.weight', [4, 8])]).values(), 1);
    const [same] = groupTemplates(locate([e('b.0.weight', [4, 8])]).values(), 1);
    const [tr] = groupTemplates(locate([e('b.0.weight', [8, 4])]).values(), 1);
    expect(scoreTemplatePair(x!, same!, 0, 0).cost).toBeLessThan(scoreTemplatePair(x!, tr!, 0, 0).cost);
  });
});

describe('assignment', () => {
  test('order decides where names cannot (attention_norm is input_layernorm)', () => {
    const src = groupTemplates(locate(metaLlama(2)).values(), 1);
    const tgt = groupTemplates(locate(hfLlama(2)).values(), 1);
    const { matches } = assignTemplates(src, tgt);
    const got = Object.fromEntries(matches.map((m) => [m.source.name, m.target.name]));
    expect(got['layers.{}.attention_norm.weight']).toBe('model.layers.{}.input_layernorm.weight');
    expect(got['layers.{}.ffn_norm.weight']).toBe('model.layers.{}.post_attention_layernorm.weight');
    expect(got['layers.{}.feed_forward.w2.weight']).toBe('model.layers.{}.mlp.down_proj.weight');
    expect(got['layers.{}.feed_forward.w3.weight']).toBe('model.layers.{}.mlp.up_proj.weight');
  });

  test('matchRenames instantiates the Llama correspondence key by key', () => {
    const { pairs } = matchRenames({ source: locate(metaLlama(2).slice(0, -1)), target: locate(hfLlama(2)) });
    const truth = llamaTruth(2);
    for (const p of pairs) expect(truth[p.source]).toBe(p.target);
    expect(pairs).toHaveLength(Object.keys(truth).length);
  });

  test('indices inside a key can stay literal (Whisper mlp.0 → fc1)', () => {
    const src = [0, 1, 2].flatMap((i) => [e(`encoder.blocks.${i}.mlp.0.weight`, [1536, 384]), e(`encoder.blocks.${i}.mlp.2.weight`, [384, 1536])]);
    const tgt = [0, 1, 2].flatMap((i) => [e(`model.encoder.layers.${i}.fc1.weight`, [1536, 384]), e(`model.encoder.layers.${i}.fc2.weight`, [384, 1536])]);
    const { pairs } = matchRenames({ source: locate(src), target: locate(tgt) });
    const got = Object.fromEntries(pairs.map((p) => [p.source, p.target]));
    expect(got['encoder.blocks.2.mlp.0.weight']).toBe('model.encoder.layers.2.fc1.weight');
    expect(got['encoder.blocks.1.mlp.2.weight']).toBe('model.encoder.layers.1.fc2.weight');
  });
});
