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
});
