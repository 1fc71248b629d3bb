import { describe, expect, it } from 'vitest';
import { parseDeepSpeedName } from '../../../src/formats/deepspeed/names.js';
import type { PyGlobal, PyObject, PyValue } from '../../../src/formats/pickle/values.js';
import { sliceConcat, zero12Params, zero3Params, zeroStageOf } from '../../../src/formats/deepspeed/states.js';

describe('DeepSpeed names and flat groups', () => {
  it('parses the engine\'s file names', () => {
    expect(parseDeepSpeedName('mp_rank_00_model_states.pt')).toMatchObject({ kind: 'model', mp: 0 });
    expect(parseDeepSpeedName('bf16_zero_pp_rank_12_mp_rank_01_optim_states.pt')).toMatchObject({ kind: 'optim', dp: 12, mp: 1, prefix: 'bf16_' });
    expect(parseDeepSpeedName('zero_pp_rank_3_mp_rank_00_model_states.pt')).toMatchObject({ kind: 'zero-model', dp: 3 });
    expect(parseDeepSpeedName('layer_01-model_states.pt')).toMatchObject({ kind: 'pipeline-layer', layer: 1, mp: 0 });
    expect(parseDeepSpeedName('layer_12-model_01-model_states.pt')).toMatchObject({ kind: 'pipeline-layer', layer: 12, mp: 1 });
    expect(parseDeepSpeedName('layer_0_expert_3_mp_rank_01_model_states.pt')).toMatchObject({ kind: 'expert', layer: 0, expert: 3, mp: 1 });
    expect(parseDeepSpeedName('expert_5_mp_rank_00_model_states.pt')).toMatchObject({ kind: 'expert', layer: -1, expert: 5, mp: 0 });
    expect(parseDeepSpeedName('expp_rank_1_mp_rank_00_optim_states.pt')).toMatchObject({ kind: 'expert-optim', dp: 1, mp: 0 });
    expect(parseDeepSpeedName('layer_01-model_states.pt.tmp')).toBeNull();
    expect(parseDeepSpeedName('model_states.pt')).toBeNull();
  });

  it('reads ZeroStageEnum however Python pickled it', () => {
    const G: PyGlobal = { kind: 'global', module: 'deepspeed.runtime.zero.config', name: 'ZeroStageEnum' };
    const call = (args: PyValue[]): PyObject => ({ kind: 'object', via: 'reduce', callable: G, args, kwargs: null, states: [], listItems: [], dictItems: [] });
    expect(zeroStageOf(call([G, 'gradients']))).toBe(2);
    expect(zeroStageOf(call([3]))).toBe(3);
    expect(zeroStageOf(1)).toBe(1);
    expect(zeroStageOf(call([G, 'no_such_stage']))).toBeNull();
  });

  it('cuts parameters out of partitions laid end to end', () => {
    expect(sliceConcat([4, 4, 2], 3, 6)).toEqual([{ piece: 0, start: 3, numel: 1 }, { piece: 1, start: 0, numel: 4 }, { piece: 2, start: 0, numel: 1 }]);
    expect(() => sliceConcat([4], 2, 3)).toThrow(RangeError);
  });

  it('ZeRO-1/2: group by group across ranks, checked as zero_to_fp32 checks it', () => {
    // 7 + 3 elements over 2 ranks, aligned to 4 → 12, padding cut off the last rank: 6 + 4
    const p = zero12Params([[['a', [7]], ['b', [3]]]], [[6], [4]], 2, 'f');
    expect(p[1]).toEqual({ name: 'b', shape: [3], ranges: [{ rank: 1, group: 0, start: 1, numel: 3 }] });
    expect(() => zero12Params([[['a', [2]]]], [[6], [4]], 2, 'f')).toThrow(/use 2 of 10/);
  });

  it('ZeRO-3: every parameter split evenly over the ranks, padded', () => {
    const p = zero3Params([[['a', [5]], ['b', [2]]]], [[3, 1], [3, 1]], 2, 'f');
    expect(p[0]!.ranges).toEqual([{ rank: 0, group: 0, start: 0, numel: 3 }, { rank: 1, group: 0, start: 0, numel: 2 }]);
    expect(p[1]!.ranges).toEqual([{ rank: 0, group: 1, start: 0, numel: 1 }, { rank: 1, group: 1, start: 0, numel: 1 }]);
  });
});
