import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { bufferRule } from '../../src/analysis/key-roles.js';

interface Out {
  fixable: boolean;
  causes: { code: string }[];
  readings: { situation: string; chosen: string }[];
  plan: { ops: { op: string }[]; mapping: Record<string, unknown> };
  after: { missing: string[]; unexpected: string[] };
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;

// grenlayk/deep-text-edit#29 (tuning14), as posted: the OCR recogniser's TPS grid generator registers `inv_delta_C` and
// `P_hat` as buffers computed in its constructor; the released file lacks them
const DEEP_TEXT_EDIT = `when train the model ,there is a error: 

RuntimeError: Error(s) in loading state_dict for DataParallel:
        Missing key(s) in state_dict: "module.Transformation.GridGenerator.inv_delta_C", "module.Transformation.GridGenerator.P_hat".`;

// RobustBench/robustbench#16 (tuning14), the message as posted: the CIFAR-100 wrapper's normalisation constants at its root
const ROBUSTBENCH = `RuntimeError: Error(s) in loading state_dict for Wu2020AdversarialNet:
        Missing key(s) in state_dict: "mu", "sigma".`;

// toshikiochiai/NPVAE#2 (tuning14), as posted: generate.py (a generation run) loads a checkpoint trained with another
// fragment vocabulary into a model built from the poster's data
const NPVAE = `Traceback (most recent call last):
  File "generate.py", line 167, in <module>
    main(args)
  File "generate.py", line 39, in main
    model.load_state_dict(new_state_dict)
  File "/home/administrator/anaconda3/envs/npvae_env/lib/python3.7/site-packages/torch/nn/modules/module.py", line 1052, in load_state_dict
    self.__class__.__name__, "\\n\\t".join(error_msgs)))
RuntimeError: Error(s) in loading state_dict for Chem_VAE:
        size mismatch for label_pred3.weight: copying a param with shape torch.Size([13681, 2048]) from checkpoint, the shape in current model is torch.Size([8658, 2048]).
        size mismatch for label_pred3.bias: copying a param with shape torch.Size([13681]) from checkpoint, the shape in current model is torch.Size([8658]).
        size mismatch for label_pred1_3.weight: copying a param with shape torch.Size([13681, 2048]) from checkpoint, the shape in current model is torch.Size([8658, 2048]).
        size mismatch for label_pred1_3.bias: copying a param with shape torch.Size([13681]) from checkpoint, the shape in current model is torch.Size([8658]).`;

describe('tuning14: buffers that carry no learned weight, missing from the file', () => {
  it('the TPS grid constants of a scene-text recogniser are kept missing, not read as nothing loaded', async () => {
    const r = await explain(DEEP_TEXT_EDIT);
    expect(r.fixable).toBe(true);
    expect(r.after.missing.sort()).toEqual(['module.Transformation.GridGenerator.P_hat', 'module.Transformation.GridGenerator.inv_delta_C']);
  });

  it("a wrapper's input normalisation constants at its root are kept missing", async () => {
    const r = await explain(ROBUSTBENCH);
    expect(r.fixable).toBe(true);
    expect(r.after.missing.sort()).toEqual(['mu', 'sigma']);
  });

  it("only at the root: a module's own `mu` (a policy's layer, an EM attention's bases) is no constant", () => {
    expect(bufferRule('mu')).not.toBeNull();
    expect(bufferRule('std')).not.toBeNull();
    expect(bufferRule('actor.mu')).toBeNull();
    expect(bufferRule('emau.mu')).toBeNull();
    expect(bufferRule('graph_conv.1.gated_mlp_atom.sigma')).toBeNull();
  });
});

describe('tuning14: a generation script is an inference run', () => {
  it('a head of another output count loaded by generate.py is the config the checkpoint was trained with, not a head to re-initialise', async () => {
    const r = await explain(NPVAE);
    expect(r.fixable).toBe(false);
    expect(r.readings.find((x) => x.situation === 'head_count')?.chosen).toBe('own_classes');
  });

  it('the same lines from train.py are still a fine-tune that drops the head', async () => {
    const r = await explain(NPVAE.replaceAll('generate.py', 'train.py'));
    expect(r.fixable).toBe(true);
    expect(r.readings.find((x) => x.situation === 'head_count')?.chosen).toBe('fine_tune');
  });
});

// jiupinjia/stylized-neural-painting#27 (tuning14), the message as posted (cut mid-key by the excerpt): the full renderer's
// checkpoint (deeper huangnet and dcgan branches) in the light variant demo_prog builds
const PAINTING = `RuntimeError: Error(s) in loading state_dict for ZouFCNFusionLight:
\tUnexpected key(s) in state_dict: "huangnet.fc4.weight", "huangnet.fc4.bias", "huangnet.conv3.weight", "huangnet.conv3.bias", "huangnet.conv4.weight", "huangnet.conv4.bias", "huangnet.conv5.weight", "huangnet.conv5.bias", "huangnet.conv6.weight", "huangnet.conv6.bias", "dcgan.main.10.weight", "dcgan.main.10.bias", "dcgan.main.10.running_mean", "dcgan.main.10.running_var", "dcgan.main.10.num_batches_tracked", "dcga`;

describe('tuning14: layers named by a kind and a count past the ones that loaded', () => {
  const extra = (r: Out) => r.causes.some((c) => c.code === 'extra_layers');

  it('`conv3`..`conv6` and `fc4` with the lower-numbered ones not listed: a deeper variant of the model, not modules to drop', async () => {
    const r = await explain(PAINTING);
    expect(r.fixable).toBe(false);
    expect(extra(r)).toBe(true);
  });

  it('the same list cut after `conv5` (paste-variants\' cut-list): the shown `conv3`, `conv4`, `conv5` count up, so `conv1`, `conv2` came before and loaded', async () => {
    const at = PAINTING.indexOf('"huangnet.conv5.bias"');
    const r = await explain(`${PAINTING.slice(0, at)}..., "dcga`);
    expect(r.fixable).toBe(false);
    expect(extra(r)).toBe(true);
  });

  it('a list cut inside a named stack (which may count down, HoVerNet\'s `u3`, `u2`, `u1`) is no evidence that the lower ones loaded', async () => {
    const r = await explain(`RuntimeError: Error(s) in loading state_dict for HoVerNet:
        Unexpected key(s) in state_dict: "decoder.tp.u3.conva.weight", "decoder.tp.u3.conva.bias", "decoder.tp.u3.convf.weight", "decoder.tp.u3.convf.bias", "decoder.tp.u3.co`);
    expect(extra(r)).toBe(false);
  });

  it('the whole list shown, the numbered layers from the first: a module the model lacks, still dropped', async () => {
    const r = await explain(`RuntimeError: Error(s) in loading state_dict for Net:
        Unexpected key(s) in state_dict: "aux.conv1.weight", "aux.conv1.bias", "aux.conv2.weight", "aux.conv2.bias".`);
    expect(extra(r)).toBe(false);
  });
});
