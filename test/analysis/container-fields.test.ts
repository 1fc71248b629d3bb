import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { isCheckpointField } from '../../src/analysis/key-roles.js';

/**
 * A checkpoint field named for the weights it holds in words the container list does not have (`model_weights`,
 * `net_state_dict`): the robust probe's select-field rename of 1adrianb/face-alignment#67 (tuning13; torch 0.3's
 * `KeyError: 'unexpected key "state_dict" in state_dict'`) read `model_weights` as one unknown key ("nothing can be
 * inferred") where `state_dict` selects the field.
 */
interface Out {
  fixable: boolean;
  plan: { source: { select: string[] } };
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;
const keyError = (k: string) => `hello, thanks for sharing your code. but I got error that "KeyError:'unexpected key "${k}" in state_dict' when I try to run detect_landmarks_in_image.py`;

describe('container fields by the form of their name', () => {
  it('names a dict of weights: anything_state_dict, a network name with weights/state/params; not a root tensor or a loss buffer', () => {
    for (const k of ['model_weights', 'net_state_dict', 'G_state_dict', 'generator_state', 'ema_params', 'state_dict_ema']) expect(isCheckpointField(k), k).toBe(true);
    for (const k of ['class_weights', 'weights_init', 'pos_embed', 'running_state', 'alphas_cumprod']) expect(isCheckpointField(k), k).toBe(false);
  });

  for (const field of ['model_weights', 'net_state_dict']) {
    it(`torch 0.3's KeyError on \`${field}\` selects it, as on \`state_dict\``, async () => {
      const out = await explain(keyError(field));
      expect(out.plan.source.select).toEqual([field]);
      expect(out.fixable).toBe(true);
    });
  }

  it('a lone unknown key (`class_weights`) is still no field to select', async () => {
    expect((await explain(keyError('class_weights'))).plan.source.select).toEqual([]);
  });
});
