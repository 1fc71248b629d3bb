import { describe, expect, it } from 'vitest';
import { findCandidate, formatKeyPath, selectForErrorReport, selectStateDict, type Candidate } from '../../src/analysis/select.js';
import { FormatError } from '../../src/formats/errors.js';
import type { KeyEntry } from '../../src/formats/keys.js';

/** timm vit_base_patch16_224's state_dict layout (depth reduced), in order. */
function vit(depth = 4, classes = 1000): KeyEntry[] {
  const out: KeyEntry[] = [];
  const t = (key: string, shape: number[]) => out.push({ key, shape, dtype: 'float32' });
  t('cls_token', [1, 1, 768]);
  t('pos_embed', [1, 197, 768]);
  t('patch_embed.proj.weight', [768, 3, 16, 16]);
  t('patch_embed.proj.bias', [768]);
  for (let i = 0; i < depth; i++) {
    const p = `blocks.${i}`;
    t(`${p}.norm1.weight`, [768]);
    t(`${p}.norm1.bias`, [768]);
    t(`${p}.attn.qkv.weight`, [2304, 768]);
    t(`${p}.attn.qkv.bias`, [2304]);
    t(`${p}.attn.proj.weight`, [768, 768]);
    t(`${p}.attn.proj.bias`, [768]);
    t(`${p}.norm2.weight`, [768]);
    t(`${p}.norm2.bias`, [768]);
    t(`${p}.mlp.fc1.weight`, [3072, 768]);
    t(`${p}.mlp.fc1.bias`, [3072]);
    t(`${p}.mlp.fc2.weight`, [768, 3072]);
    t(`${p}.mlp.fc2.bias`, [768]);
  }
  t('norm.weight', [768]);
  t('norm.bias', [768]);
  t('head.weight', [classes, 768]);
  t('head.bias', [classes]);
  return out;
}

const prefixed = (p: string, es: KeyEntry[]) => es.map((e) => ({ ...e, key: p + e.key }));

describe('selectStateDict', () => {
  it('counts a key once when stripping the prefix makes two keys one (`module.a` and `a`)', () => {
    const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
    const expected = [e('a', [2]), e('b', [3]), e('c', [4])];
    // the wrapped copy of `a` has another shape: the key that never had the prefix is the one counted
    const cand: Candidate = { path: ['model'], entries: [e('module.a', [9]), e('a', [2]), e('module.b', [3]), e('module.x', [1])] };
    const score = selectStateDict([cand], expected).scores[0]!;
    expect(score).toMatchObject({ explained: 2, method: 'prefix', prefix: { source: 'module.', expected: '' }, shapeAgreement: 1 });
    expect(score.coverage).toBeCloseTo(2 / 3);
  });

  it('picks the candidate whose keys explain the model, naming the runner-up', () => {
    const candidates: Candidate[] = [
      { path: ['optimizer', 'state'], entries: Array.from({ length: 200 }, (_, i) => ({ key: `${i}.exp_avg`, shape: [1], dtype: 'float32' as const })) },
      { path: ['model'], entries: vit() },
      { path: ['teacher'], entries: prefixed('backbone.', vit(2)) },
    ];
    const s = selectStateDict(candidates, vit());
    expect(s.chosen?.path).toEqual(['model']);
    expect(s.runnerUp?.path).toEqual(['teacher']);
    expect(s.scores[0]).toMatchObject({ coverage: 1, method: 'exact', explained: 56 });
    expect(s.reason).toBe(
      'model explains 56 of 56 expected keys (by exact key); runner-up teacher explains 32 of 56 expected keys (after stripping `backbone.`)',
    );
  });

  it('sees through wrapper prefixes (DDP inside a Lightning-style checkpoint)', () => {
    const s = selectStateDict(
      [
        { path: ['hparams_tensors'], entries: [{ key: 'lr', shape: [], dtype: 'float32' }] },
        { path: ['state_dict'], entries: prefixed('module.', vit()) },
      ],
      vit(),
    );
    expect(s.chosen?.path).toEqual(['state_dict']);
    expect(s.scores[0]).toMatchObject({ method: 'prefix', prefix: { source: 'module.', expected: '' }, coverage: 1 });
  });

  it('prefers the model over its same-keyed EMA, and the one whose shapes agree', () => {
    const model = { path: ['model'], entries: vit() };
    const ema = { path: ['model_ema'], entries: vit() };
    expect(selectStateDict([ema, model], vit()).chosen?.path).toEqual(['model']);
    const tenClass = { path: ['finetuned'], entries: vit(4, 10) };
    const s = selectStateDict([model, tenClass], vit(4, 10));
    expect(s.chosen?.path).toEqual(['finetuned']);
    expect(s.scores[1]!.shapeAgreement).toBeLessThan(1);
  });

  it('falls back to dot-suffix matching when nothing else lines up', () => {
    const s = selectStateDict(
      [
        { path: ['a'], entries: [{ key: 'unrelated.weight', shape: null, dtype: null }] },
        // the same blocks nested at two depths, so no single prefix lines them up
        { path: ['b'], entries: vit(1).map((e, i) => ({ ...e, key: (i % 2 ? 'trunk.encoder.' : 'stem.') + e.key })) },
      ],
      prefixed('vit.', vit(1)),
    );
    expect(s.chosen?.path).toEqual(['b']);
    expect(s.scores[0]!.method).toBe('suffix');
  });

  it('without an expected side, picks the largest, preferring model names over EMA/optimizer', () => {
    const s = selectStateDict(
      [
        { path: ['ema'], entries: vit(4) },
        { path: ['net'], entries: vit(4) },
        { path: [], entries: vit(1) },
      ],
      null,
    );
    expect(s.chosen?.path).toEqual(['net']);
    expect(s.runnerUp?.path).toEqual(['ema']);
    expect(s.scores.map((x) => x.coverage)).toEqual([null, null, null]);
    expect(s.reason).toBe('net 56 tensors; runner-up ema 56 tensors, less likely by its name');
    expect(selectStateDict([{ path: [], entries: vit(1) }], null).reason).toBe('(root) 20 tensors; it is the only state dict in the file');
    expect(selectStateDict([], vit())).toMatchObject({ chosen: null, runnerUp: null, reason: 'the file holds no state dict' });
  });

  it('handles 100,000-key candidates', () => {
    const big: KeyEntry[] = Array.from({ length: 100_000 }, (_, i) => ({ key: `model.layers.${i >> 5}.w${i & 31}`, shape: [8], dtype: null }));
    const s = selectStateDict([{ path: ['ema'], entries: prefixed('_orig_mod.', big) }, { path: ['model'], entries: big }], big);
    expect(s.chosen?.path).toEqual(['model']);
  });
});

describe('selectForErrorReport', () => {
  it('picks the dict that holds the unexpected keys and lacks the missing ones', () => {
    const report = {
      kind: 'load_state_dict' as const, modelName: 'VisionTransformer', truncated: false, notes: [],
      missing: ['blocks.0.attn.qkv.weight'],
      unexpected: ['module.blocks.0.attn.qkv.weight'],
      sizeMismatch: [{ key: 'module.head.weight', source: [1000, 768], expected: [10, 768] }],
    };
    const s = selectForErrorReport(
      [
        { path: ['model'], entries: vit() },
        { path: ['state_dict'], entries: prefixed('module.', vit()) },
      ],
      report,
    );
    expect(s.chosen?.path).toEqual(['state_dict']);
    expect(s.scores[0]).toMatchObject({ explained: 3, coverage: 1, method: 'error-facts' });
    expect(s.reason).toMatch(/^state_dict explains 3 of 3 facts the error states/);
  });

  it('picks the dict holding the missing keys when the error came from loading the whole container', () => {
    // VAR-style: torch.load(...) passed whole; the error calls the top-level entries unexpected
    const report = {
      kind: 'load_state_dict' as const, modelName: 'VAR', truncated: false, notes: [],
      missing: vit().map((e) => e.key),
      unexpected: ['trainer', 'args', 'epoch'],
      sizeMismatch: [],
    };
    const s = selectForErrorReport(
      [
        { path: ['trainer', 'vae_local'], entries: [{ key: 'quant.weight', shape: [4], dtype: null }] },
        { path: ['trainer', 'var_wo_ddp'], entries: vit() },
      ],
      report,
    );
    expect(s.chosen?.path).toEqual(['trainer', 'var_wo_ddp']);
    expect(s.reason).toMatch(/keys the error calls missing/);
  });
});

describe('formatKeyPath and findCandidate', () => {
  const cands: Candidate[] = [
    { path: [], entries: [] },
    { path: ['trainer', 'var_wo_ddp'], entries: [] },
    { path: ['models', 0], entries: [] },
  ];
  it('names paths as --select spells them', () => {
    expect(cands.map((c) => formatKeyPath(c.path))).toEqual(['(root)', 'trainer/var_wo_ddp', 'models/0']);
    expect(findCandidate(cands, 'trainer/var_wo_ddp')).toBe(cands[1]);
    expect(findCandidate(cands, '/models/0/')).toBe(cands[2]);
    expect(findCandidate(cands, '(root)')).toBe(cands[0]);
  });
  it('lists the choices when the spec names none', () => {
    expect(() => findCandidate(cands, 'ema')).toThrow(FormatError);
    expect(() => findCandidate(cands, 'ema')).toThrow('no state dict at "ema"; the file\'s state dicts are: (root), trainer/var_wo_ddp, models/0');
  });
});

describe('selectStateDict on large candidates', () => {
  it('matches a 5,000-key candidate to expected keys under a wrapper prefix by sampling first', () => {
    const n = 5000;
    const entries = (f: (i: number) => string) => Array.from({ length: n }, (_, i) => ({ key: f(i), shape: [2], dtype: null }));
    const bare = { path: ['bare'], entries: entries((i) => `enc.${i}.weight`) };
    const other = { path: ['other'], entries: entries((i) => `dec.${i}.bias`) };
    const sel = selectStateDict([other, bare], entries((i) => `model.enc.${i}.weight`));
    expect(sel.chosen).toBe(bare);
    expect(sel.scores[0]).toMatchObject({ explained: n, method: 'prefix', prefix: { source: '', expected: 'model.' } });
  });
});
