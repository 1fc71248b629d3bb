/**
 * Review 23 F3 / F5: a model's tie (one tensor under two names) that a plan writes from two tensors of the checkpoint
 * loads, and torch keeps the last one's values. The plan is not complete (its first line says what is lost), it
 * records the tie for apply, and plan check calls no such plan, nor one leaving weights it lists as undecided, exact.
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedSide } from '../../src/analysis/sides.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { buildPlan, inferenceSides } from '../../src/plan/build.js';
import { planCoverage } from '../../src/plan/coverage.js';
import { tiedWrittenApart, tieWrites } from '../../src/plan/tied-writes.js';
import { planVerdict } from '../../src/report/plan.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const LM = [e('embed.weight', [12, 8]), e('norm.weight', [8]), e('norm.bias', [8]), e('lm_head.weight', [12, 8])];
const side = (file: string, tied?: string[][]): ResolvedSide => ({ file, kind: 'manifest', entries: LM, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null, ...(tied ? { tied } : {}) });
const NO_SOURCE = { file: 'src.pt', size: 0, sha256: '', select: [] };
const identity = Object.fromEntries(LM.map((x) => [x.key, x.key]));

describe('tiedWrittenApart', () => {
  const model = [['embed.weight', 'lm_head.weight']];
  it('both keys written from two source keys: the group, the kept one last', () => {
    expect(tiedWrittenApart(identity, model, [])).toEqual([['embed.weight', 'lm_head.weight']]);
  });
  it('the source\'s storages unknown (null: a DeepSpeed folder): nothing claimed lost (its names may hold one tensor twice)', () => {
    expect(tiedWrittenApart(identity, model, null)).toEqual([]);
  });
  it('one tensor in the source (its own tie), one key written, or no tie in the model: nothing', () => {
    expect(tiedWrittenApart(identity, model, [['lm_head.weight', 'embed.weight']])).toEqual([]);
    expect(tiedWrittenApart({ ...identity, 'lm_head.weight': null }, model, [])).toEqual([]);
    expect(tiedWrittenApart(identity, [], [])).toEqual([]);
    expect(tiedWrittenApart(identity, null, [])).toEqual([]);
  });
  it('renamed sources count by the source tensor they come from', () => {
    const renamed = { 'wte.weight': 'embed.weight', 'head.weight': 'lm_head.weight' };
    expect(tiedWrittenApart(renamed, model, [])).toEqual([['embed.weight', 'lm_head.weight']]);
    expect(tiedWrittenApart(renamed, model, [['wte.weight', 'head.weight']])).toEqual([]);
  });
});

describe('tieWrites: what the bytes read say (review 25 F7)', () => {
  const model = [['embed.weight', 'lm_head.weight']];
  it('a source that cannot show storages (null), bytes read: different → lost, equal → equal; not read → unknown, never silent', () => {
    expect(tieWrites(identity, model, null, [['embed.weight'], ['lm_head.weight']])).toEqual([{ keys: ['embed.weight', 'lm_head.weight'], held: 'lost' }]);
    expect(tieWrites(identity, model, null, [['embed.weight', 'lm_head.weight']])).toEqual([{ keys: ['embed.weight', 'lm_head.weight'], held: 'equal' }]);
    expect(tieWrites(identity, model, null, [])).toEqual([{ keys: ['embed.weight', 'lm_head.weight'], held: 'unknown' }]);
    expect(tieWrites(identity, model, null, [['embed.weight']])).toEqual([{ keys: ['embed.weight', 'lm_head.weight'], held: 'unknown' }]);
    expect(tiedWrittenApart(identity, model, null, [['embed.weight'], ['lm_head.weight']])).toEqual([['embed.weight', 'lm_head.weight']]);
  });
  it('separate storages shown (safetensors: []): lost unless the bytes read are equal; one storage: nothing', () => {
    expect(tieWrites(identity, model, [], [])).toEqual([{ keys: ['embed.weight', 'lm_head.weight'], held: 'lost' }]);
    expect(tieWrites(identity, model, [], [['lm_head.weight', 'embed.weight']])).toEqual([{ keys: ['embed.weight', 'lm_head.weight'], held: 'equal' }]);
    expect(tieWrites(identity, model, [['embed.weight', 'lm_head.weight']], [['embed.weight'], ['lm_head.weight']])).toEqual([]);
  });
  it('neither storages nor bytes (a manifest without `tied`, a key list): nothing said here', () => {
    expect(tieWrites(identity, model, null, null)).toEqual([]);
    expect(tieWrites(identity, model, undefined)).toEqual([]);
  });
});

describe('the plan of an untied checkpoint into a tied model', () => {
  // the model's manifest lists the tie head first: the model's key order decides which one torch keeps
  const sides = (sourceTied?: string[][]) => inferenceSides(side('src.json', sourceTied), side('model.json', [['lm_head.weight', 'embed.weight']]));

  it('not complete; the first finding and the verdict say embed.weight is lost; the plan records the tie in model order', () => {
    const out = buildPlan(sides([]), NO_SOURCE, 'model.json');
    expect(out.complete).toBe(false);
    expect(out.plan.tiedApart).toEqual([['embed.weight', 'lm_head.weight']]);
    expect(out.causes[0]!.code).toBe('tied_apart');
    expect(out.causes.map((c) => c.code)).not.toContain('match');
    const v = planVerdict(out);
    expect(v.tone).toBe('red');
    expect(v.text).toMatch(/^after the plan, load_state_dict\(strict=True\) loads, but trained weights are lost: .*keeps the last, `lm_head\.weight`'s, so the trained values of `embed\.weight` are lost/);
  });

  it('a checkpoint that cannot show whether its two names are one tensor, bytes not read: not complete, a yellow first line, nothing recorded', () => {
    const out = buildPlan({ ...sides(), sourceStorages: null, sourceEqualValues: [] }, NO_SOURCE, 'model.json');
    expect(out.complete).toBe(false);
    expect(out.plan.tiedApart).toBeUndefined();
    expect(out.causes[0]!.code).toBe('tied_unverified');
    const v = planVerdict(out);
    expect(v.tone).toBe('yellow');
    expect(v.text).toMatch(/^after the plan, load_state_dict\(strict=True\) loads, but whether trained weights are lost is not shown: .*apply compares the bytes it writes and exits 1 if they differ/);
  });

  it('a source that ties them too: complete, nothing recorded', () => {
    const out = buildPlan(sides([['embed.weight', 'lm_head.weight']]), NO_SOURCE, 'model.json');
    expect(out.complete).toBe(true);
    expect(out.plan.tiedApart).toBeUndefined();
  });

  it('plan check: the tie (from the model\'s ties, or the plan\'s record) or a listed undecided weight keeps it from exact', () => {
    const { plan } = buildPlan(sides([]), NO_SOURCE, 'model.json');
    const bare = { ...plan, tiedApart: undefined };
    expect(planCoverage(bare, LM).exact).toBe(true);
    expect(planCoverage(bare, LM, undefined, { target: [['lm_head.weight', 'embed.weight']], source: null }).exact).toBe(true);
    const byModel = planCoverage(bare, LM, undefined, { target: [['lm_head.weight', 'embed.weight']], source: [] });
    expect(byModel).toMatchObject({ exact: false, tiedApart: [['embed.weight', 'lm_head.weight']] });
    expect(planCoverage(bare, LM, undefined, { target: [['lm_head.weight', 'embed.weight']], source: [['embed.weight', 'lm_head.weight']] }).exact).toBe(true);
    expect(planCoverage(plan, LM)).toMatchObject({ exact: false, tiedApart: [['embed.weight', 'lm_head.weight']] });
    expect(planCoverage({ ...bare, loadsAsStored: ['norm.weight'] }, LM)).toMatchObject({ exact: false, loadsAsStored: ['norm.weight'] });
  });
});

describe('the plan file', () => {
  it('keeps tiedApart through planToJson and validatePlan, and the published schema takes it', async () => {
    const { validatePlan } = await import('../../src/plan/validate.js');
    const { planToJson } = await import('../../src/plan/schema.js');
    const sides = inferenceSides(side('src.json', []), side('model.json', [['embed.weight', 'lm_head.weight']]));
    const { plan } = buildPlan(sides, NO_SOURCE, 'model.json');
    const back = validatePlan(JSON.parse(planToJson(plan)), 'p.json');
    expect(back.tiedApart).toEqual([['embed.weight', 'lm_head.weight']]);
    expect(() => validatePlan({ ...JSON.parse(planToJson(plan)), tiedApart: [['embed.weight']] }, 'p.json')).toThrow(/tiedApart\[0\]: expected two or more keys/);
  });
});

describe('tieWrites: a tie of three (s25-verify F4: T5 shared / enc / dec)', () => {
  const model = [['shared.weight', 'enc.weight', 'dec.weight']];
  const id3 = { 'shared.weight': 'shared.weight', 'enc.weight': 'enc.weight', 'dec.weight': 'dec.weight' };
  it('members written with bytes equal to the kept (last) one lose nothing: only the others are named lost', () => {
    // shared = E, enc = D, dec = E: torch keeps dec's E, which is shared's too; only enc's D is lost
    expect(tieWrites(id3, model, null, [['shared.weight', 'dec.weight'], ['enc.weight']])).toEqual([{ keys: ['enc.weight', 'dec.weight'], held: 'lost' }]);
    expect(tiedWrittenApart(id3, model, [], [['shared.weight', 'dec.weight'], ['enc.weight']])).toEqual([['enc.weight', 'dec.weight']]);
  });
  it('one storage shared with the kept one counts as it; all three apart name both others', () => {
    expect(tiedWrittenApart(id3, model, [['shared.weight', 'dec.weight']])).toEqual([['enc.weight', 'dec.weight']]);
    expect(tiedWrittenApart(id3, model, [])).toEqual([['shared.weight', 'enc.weight', 'dec.weight']]);
  });
});
