import { describe, expect, it } from 'vitest';
import type { ResolvedSide } from '../../src/analysis/sides.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { buildPlan, inferenceSides } from '../../src/plan/build.js';
import { isUnsettledDrop } from '../../src/plan/unsettled.js';
import { markTrainedDrops } from '../../src/plan/trained-drops.js';
import { NO_COUNTERPART } from '../../src/analysis/infer/stages/judge-shapes.js';
import { planFixLine, planVerdict } from '../../src/report/plan.js';

/**
 * Review 17 F0: a checkpoint with a trained layer (`out_proj`) the model's code lacks. The plan drops it
 * (a strict load then succeeds), but that is a decision, not a fix: the model may not use the module, or
 * its code may have lost a layer. The plan is not complete, its drop is unsettled (apply refuses it
 * without --allow-guessed-drops), its first finding gives both readings, and --drop accepts it.
 */

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const side = (entries: KeyEntry[], file: string): ResolvedSide => ({ file, kind: 'key-list', entries, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null });
const NO_SOURCE = { file: 'src.pt', size: 0, sha256: '', select: [] };
const linear = (m: string) => [e(`${m}.weight`, [8, 8]), e(`${m}.bias`, [8])];

const model = [...linear('enc'), ...linear('dec')];

describe('plan CKPT MODEL: trained weights the model has no place for (review 17 F0)', () => {
  it('a dropped trained layer leaves the plan incomplete, the drop unsettled, both readings said', () => {
    const sides = inferenceSides(side([...model, ...linear('out_proj')], 'src.pt'), side(model, 'model.json'));
    expect(sides.mode).toBe('keys');
    const out = buildPlan(sides, NO_SOURCE, 'model.json');
    expect(out.complete).toBe(false);
    const drop = out.plan.ops.find((o) => o.op === 'drop');
    expect(drop && isUnsettledDrop(drop)).toBe(true);
    expect(out.causes[0]!.code).toBe('trained_drop');
    expect(out.causes[0]!.message).toMatch(/the model does not use .* or the model's code lacks a layer/);
    expect(out.causes[0]!.message).toContain("--drop '^out_proj\\.'");
    expect(planVerdict(out).text).toMatch(/a decision, not a fix/);
    expect(planVerdict(out).tone).not.toBe('green');
    expect(planFixLine(out, null, null)).toContain("--drop '^out_proj\\.'");
  });

  it('--drop covering the keys is the answer: the plan is a fix, no longer says "keep the model\'s"', () => {
    const sides = inferenceSides(side([...model, ...linear('out_proj')], 'src.pt'), side(model, 'model.json'));
    const out = buildPlan(sides, NO_SOURCE, 'model.json', { edits: { rename: [], tie: [], drop: ['^out_proj\\.'], keepMissing: [] } });
    expect(out.complete).toBe(true);
    expect(out.plan.ops.some(isUnsettledDrop)).toBe(false);
    expect(out.causes.map((c) => c.message).join('\n')).not.toContain("keep the model's");
  });

  it('a buffer the model recomputes or a BatchNorm counter is no decision', () => {
    const src = [...model, e('bn.num_batches_tracked', [])];
    const sides = inferenceSides(side(src, 'src.pt'), side(model, 'model.json'));
    const out = buildPlan(sides, NO_SOURCE, 'model.json');
    expect(out.plan.ops.some(isUnsettledDrop)).toBe(false);
    expect(out.trainedDrops).toBeUndefined();
  });

  it('the decision is read from the op\'s no_counterpart field, set where inference made it, never from its reason\'s words', () => {
    const sides = inferenceSides(side([...model, ...linear('out_proj')], 'src.pt'), side(model, 'model.json'));
    const out = buildPlan(sides, NO_SOURCE, 'model.json');
    // judge-shapes marks the drop it made for having no counterpart
    expect(out.plan.ops.find((o) => o.op === 'drop')).toMatchObject({ no_counterpart: true, unsettled: true });
    const dropped = ['out_proj.weight', 'out_proj.bias'];
    // words alone (a hand-written reason quoting them) mark nothing; the field does, whatever the words
    const worded = markTrainedDrops([{ op: 'drop', pattern: '^out_proj\\.', reason: NO_COUNTERPART }], dropped, [], null);
    expect(worded.keys).toEqual([]);
    const fielded = markTrainedDrops([{ op: 'drop', pattern: '^out_proj\\.', reason: 'left over', no_counterpart: true }], dropped, [], null);
    expect(fielded.keys).toEqual(dropped);
    expect(fielded.ops[0]).toMatchObject({ unsettled: true, no_counterpart: true });
  });

  it('biases of layers the model has without a bias (core-tp2 GPT-style into Llama names): said as layers without bias, still a decision', () => {
    const weights = [e('enc.weight', [8, 8]), e('dec.weight', [8, 8])];
    const sides = inferenceSides(side([...model], 'src.pt'), side(weights, 'model.json'));
    const out = buildPlan(sides, NO_SOURCE, 'model.json');
    expect(out.complete).toBe(false);
    expect(out.plan.ops.some(isUnsettledDrop)).toBe(true);
    expect(out.causes[0]!.code).toBe('trained_drop');
    expect(out.causes[0]!.message).toMatch(/^2 trained biases \(of `enc`, `dec`\) have no place in the model: its layers have no bias, though their weights load/);
    expect(out.causes[0]!.message).not.toMatch(/does not use|code lacks/);
    expect(planVerdict(out).text).toMatch(/a decision, not a fix/);
    // a bias whose module is gone too is no such case: the module may be one the model lacks
    const gone = buildPlan(inferenceSides(side([...model, ...linear('out_proj')], 'src.pt'), side(weights, 'model.json')), NO_SOURCE, 'model.json');
    expect(gone.causes[0]!.message).toMatch(/the model's code lacks/);
  });
});

describe('plan CKPT ERROR: the same trained drop, the model\'s keys read from the error (review 20 F2)', () => {
  const errorSide = (text: string): ResolvedSide => ({ file: 'error.txt', kind: 'error-text', entries: [], selected: null, selection: null, nonTensor: [], report: parseErrorText(text, 'error.txt'), checkpoint: null });
  // layers trained with a bias, the model built bias=False: torch names the biases unexpected
  const src = [0, 1].flatMap((i) => [e(`layers.${i}.attn.weight`, [8, 8]), e(`layers.${i}.attn.bias`, [8]), e(`layers.${i}.ln.weight`, [8])]);
  const TEXT = 'RuntimeError: Error(s) in loading state_dict for LM:\n\tUnexpected key(s) in state_dict: "layers.0.attn.bias", "layers.1.attn.bias". \n';

  it('the drop carries the unsettled mark as it does against the model (apply refuses it), and the plan is no fix', () => {
    const sides = inferenceSides(side(src, 'src.pt'), errorSide(TEXT));
    expect(sides.mode).toBe('checkpoint-and-error');
    const out = buildPlan(sides, NO_SOURCE, 'error.txt');
    const drop = out.plan.ops.find((o) => o.op === 'drop');
    expect(drop && isUnsettledDrop(drop)).toBe(true);
    expect(out.complete).toBe(false);
    expect(out.causes[0]!.code).toBe('trained_drop');
    // against the model's keys: the same op, marked the same way
    const model = src.filter((x) => !x.key.endsWith('attn.bias'));
    const withModel = buildPlan(inferenceSides(side(src, 'src.pt'), side(model, 'model.json')), NO_SOURCE, 'model.json');
    expect(withModel.plan.ops.map((o) => [o.op, isUnsettledDrop(o)])).toEqual(out.plan.ops.map((o) => [o.op, isUnsettledDrop(o)]));
  });
});

describe('the --drop a trained drop offers matches only the keys it names (s23-verify F6)', () => {
  it("a BatchNorm whose weight and bias the model has: its running statistics by name, not '^bn\\.'", () => {
    const bn = [e('bn.weight', [8]), e('bn.bias', [8])];
    const stats = [e('bn.running_mean', [8]), e('bn.running_var', [8]), { key: 'bn.num_batches_tracked', shape: [], dtype: 'int64' as const }];
    const sides = inferenceSides(side([...model, ...bn, ...stats], 'src.pt'), side([...model, ...bn], 'params.txt'));
    const out = buildPlan(sides, NO_SOURCE, 'params.txt');
    const drop = out.causes.find((c) => c.code === 'trained_drop')!;
    const accept = /--drop '([^']+)'/.exec(drop.message)![1]!;
    const re = new RegExp(accept);
    expect(['bn.running_mean', 'bn.running_var'].every((k) => re.test(k))).toBe(true);
    expect(['bn.weight', 'bn.bias', 'enc.weight'].some((k) => re.test(k))).toBe(false);
    // and as the user's answer it settles the plan, keeping bn.weight and bn.bias
    const answered = buildPlan(sides, NO_SOURCE, 'params.txt', { edits: { rename: [], tie: [], drop: [accept], keepMissing: [] } });
    expect(answered.plan.ops.some(isUnsettledDrop)).toBe(false);
  });
});
