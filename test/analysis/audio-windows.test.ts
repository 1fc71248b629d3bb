import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { bufferRule } from '../../src/analysis/key-roles.js';

/**
 * Windows an audio front end computes in its constructor (key-roles.ts NON_WEIGHT_BUFFERS), and a module whose
 * checkpoint tensors and model tensors differ wholly (error-hints.ts reimplementedModules), on real tuning texts
 * (s19-diag). The three texts are the only ones of the 719 tuning texts that name such a window.
 */

interface Out {
  fixable: boolean;
  causes: { code: string; message: string }[];
  plan: { ops: { op: string; pattern?: string }[]; mapping: Record<string, unknown> };
  after: { missing: string[]; unexpected: string[] };
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;

// Freddd13/music-separation-gui#3 (tuning14): the ISTFT's overlap-add window saved by another torch version
const MUSIC_SEPARATION =
  "Unexpected key(s) in state_dict: \"istft.ola_window\".\n\nGood afternoon, now it is working 100% I moved the Programs Files folder to Downloads, and installed torch torch 1.11.0+cu113 and it seems to work, probably the error I was getting was because I was using torch 1.9.0, I am running it from the exe file as suggested and it is also working normally now, thanks a lot for the help!";
// sweetcocoa/ddsp-pytorch#1 (tuning13): the maintainer: `smoothing_window` is not learnable, the released file lacks it
const DDSP =
  "When i try to inference the audio file with pretrained weights (provided by the weights.zip in branch models), some errors happened as following:\nTraceback (most recent call last):\n    net.load_state_dict(model)\n.......\nTrntimeError: Error(s) in loading state_dict for AutoEncoder:\n    Missing key(s) in state_dict: \"encoder.loudness_extractor.smoothing_window\"";
// haoheliu/voicefixer#3 (tuning8): torchlibrosa's ISTFT of another release (conv weights in one, a window buffer in the other);
// the maintainer: install torchlibrosa 0.0.7
const VOICEFIXER =
  "RuntimeError: Error(s) in loading state_dict for VoiceFixer:\n      Missing key(s) in state_dict: \"f_helper.istft.ola_window\". \n      Unexpected key(s) in state_dict: \"f_helper.istft.reverse.weight\", \"f_helper.istft.overlap_add.weight\". \n\nWhich seemed to be caused by the following line in the code:\nself._model = self._model.load_from_checkpoint(os.path.join(os.path.expanduser('~'), \".cache/voicefixer/analysis_module/checkpoints/epoch=15_trimed_bn.ckpt\"))";

describe('an audio front end\'s computed window', () => {
  it('in the checkpoint only, is dropped: nothing trained is lost', async () => {
    const r = await explain(MUSIC_SEPARATION);
    expect(r.fixable).toBe(true);
    expect(r.plan.mapping['istft.ola_window']).toBeNull();
    expect(r.after).toMatchObject({ missing: [], unexpected: [] });
  });

  it('in the model only, is kept missing (the model computes its own)', async () => {
    const r = await explain(DDSP);
    expect(r.fixable).toBe(true);
    expect(r.after.missing).toEqual(['encoder.loudness_extractor.smoothing_window']);
  });

  it('names: the windows, not a trained `window_proj` or an attention window table', () => {
    expect(bufferRule('f_helper.istft.ola_window')).not.toBeNull();
    expect(bufferRule('frontend.stft.window')).not.toBeNull();
    expect(bufferRule('encoder.window_proj.weight')).toBeNull();
    expect(bufferRule('blocks.0.attn.window')).toBeNull();
  });
});

describe('a module the model has, holding other tensors in the checkpoint', () => {
  it('is another implementation of it (a library version), not a module to drop', async () => {
    const r = await explain(VOICEFIXER);
    expect(r.fixable).toBe(false);
    const cause = r.causes.find((c) => c.code === 'code_version');
    expect(cause?.message).toContain('`f_helper.istft`');
    expect(r.plan.ops.filter((o) => o.op === 'drop' && o.pattern?.includes('reverse'))).toEqual([]);
  });

  it('a module the model lacks whole is still dropped as unused', async () => {
    const text = VOICEFIXER.replace('"f_helper.istft.ola_window"', '"f_helper.stft.window"').replaceAll('f_helper.istft.reverse', 'aux_head.reverse').replaceAll('f_helper.istft.overlap_add', 'aux_head.overlap_add');
    const r = await explain(text);
    expect(r.causes.find((c) => c.code === 'code_version')).toBeUndefined();
    expect(r.plan.mapping['aux_head.reverse.weight']).toBeNull();
  });
});
