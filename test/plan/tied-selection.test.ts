import { describe, expect, it } from 'vitest';
import { selectStateDict, type Candidate } from '../../src/analysis/select.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { SELECTION_TIE, withSelectionTie } from '../../src/plan/tied-selection.js';

/**
 * Review 17 F5: `{'model': sd, 'ema': sd_ema}` both fit the model; selection takes `model` by order. The
 * plan names `ema` and `--select ema`, and no longer says "the checkpoint already matches".
 */

const e = (key: string): KeyEntry => ({ key, shape: [4], dtype: 'float32' });
const keys = ['enc.weight', 'enc.bias', 'dec.weight'].map(e);
const cand = (name: string, entries = keys): Candidate => ({ path: [name], entries });
const MATCH = { code: 'match', message: 'the checkpoint already matches what the model expects' };

describe('a tie between two state dicts that fit the model (review 17 F5)', () => {
  it('names the runner-up and the flag, in place of "already matches"', () => {
    const sel = selectStateDict([cand('model'), cand('ema')], keys);
    const causes = withSelectionTie([MATCH], sel, false);
    expect(causes.map((c) => c.code)).toEqual([SELECTION_TIE]);
    expect(causes[0]!.message).toMatch(/^the weights were selected from `model`, but `ema` explains as many of the expected keys \(3\)/);
    expect(causes[0]!.message).toContain('--select ema');
  });

  it('says nothing when the runner-up explains fewer keys, or the user chose with --select', () => {
    const sel = selectStateDict([cand('model'), cand('ema', keys.slice(0, 1))], keys);
    expect(withSelectionTie([MATCH], sel, false)).toEqual([MATCH]);
    expect(withSelectionTie([MATCH], selectStateDict([cand('model'), cand('ema')], keys), true)).toEqual([MATCH]);
  });

  it('a bookkeeping field (a Lightning callback\'s state) or a dict with fewer tensors than the keys it would explain is no rival (review24 F9)', () => {
    // the error-facts score counts a missing key a dict lacks as explained: a callback's one tensor lacks them all
    const facts = { path: ['state_dict'] as (string | number)[], coverage: 1, explained: 15, method: 'error-facts' as const, prefix: null, shapeAgreement: 1, tensors: 40 };
    const callback = { ...facts, path: ['callbacks', "ModelCheckpoint{'monitor': 'val_iou', 'mode': 'max'}"], tensors: 1 };
    const sel = (scores: (typeof facts)[]) => ({ chosen: cand('state_dict'), runnerUp: cand(String(scores[1]!.path[0])), scores, reason: '' });
    expect(withSelectionTie([MATCH], sel([facts, callback]), false)).toEqual([MATCH]);
    // one tensor under a field that is no bookkeeping name: still too few to be the model's weights
    expect(withSelectionTie([MATCH], sel([facts, { ...callback, path: ['extra'] }]), false)).toEqual([MATCH]);
    // a real copy beside the callback is still named
    const ema = { ...facts, path: ['state_dict_ema'] };
    const causes = withSelectionTie([MATCH], sel([facts, callback, ema]), false);
    expect(causes[0]!.message).toContain('--select state_dict_ema');
  });
});
