import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';

interface Out {
  fixable: boolean;
  keptMissing?: { key: string }[];
  plan: { ops: { op: string }[]; mapping: Record<string, string | string[] | null>; unmapped: string[] };
}
const explain = async (text: string): Promise<{ json: Out; words: string }> => ({
  json: JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out,
  words: (await runCli(['explain', '-'], { stdin: text })).stdout,
});

// hustvl/YOLOP#113, as posted (tools/train.py; the list cut inside the fourth size line): a 1-class detector's
// weights fine-tuned to 3 classes, the Detect layer's outputs 3 × (1 + 5) = 18 against 3 × (3 + 5) = 24
const YOLOP = `Error :
Traceback (most recent call last):
File "tools/train.py", line 435, in
main()
File "tools/train.py", line 182, in main
model.load_state_dict(checkpoint['state_dict'])
File "/opt/conda/lib/python3.8/site-packages/torch/nn/modules/module.py", line 1223, in load_state_dict
raise RuntimeError('Error(s) in loading state_dict for {}:\\n\\t{}'.format(
RuntimeError: Error(s) in loading state_dict for MCnet:
size mismatch for model.24.m.0.weight: copying a param with shape torch.Size([18, 128, 1, 1]) from checkpoint, the shape in current model is torch.Size([24, 128, 1, 1]).
size mismatch for model.24.m.0.bias: copying a param with shape torch.Size([18]) from checkpoint, the shape in current model is torch.Size([24]).
size mismatch for model.24.m.1.weight: copying a param with shape torch.Size([18, 256, 1, 1]) from checkpoint, the shape in current model is torch.Size([24, 256, 1, 1]).
size mismatch for model.24.m.1.bias: copying a param with shap`;

// xialuxi/yolov5-car-plate#13 (tuning7), as posted: YOLOv5's train.py restoring the checkpoint's EMA copy (a resume)
const CAR_PLATE = `Traceback (most recent call last):
  File "train.py", line 552, in <module>
    train(hyp, opt, device, tb_writer)
  File "train.py", line 159, in train
    ema.ema.load_state_dict(ckpt['ema'].float().state_dict())
  File "/home/wyw/.conda/envs/py36_torch/lib/python3.6/site-packages/torch/nn/modules/module.py", line 1052, in load_state_dict
    self.__class__.__name__, "\\n\\t".join(error_msgs)))
RuntimeError: Error(s) in loading state_dict for Model:
        size mismatch for model.24.m.0.weight: copying a param with shape torch.Size([42, 128, 1, 1]) from checkpoint, the shape in current model is torch.Size([45, 128, 1, 1]).
        size mismatch for model.24.m.0.bias: copying a param with shape torch.Size([42]) from checkpoint, the shape in current model is torch.Size([45]).
        size mismatch for model.24.m.1.weight: copying a param with shape torch.Size([42, 128, 1, 1]) from checkpoint, the shape in current model is torch.Size([45, 128, 1, 1]).
        size mismatch for model.24.m.1.bias: copying a param with shape torch.Size([42]) from checkpoint, the shape in current model is torch.Size([45]).
        size mismatch for model.24.m.2.weight: copying a param with shape torch.Size([42, 512, 1, 1]) from checkpoint, the shape in current model is torch.Size([45, 512, 1, 1]).
        size mismatch for model.24.m.2.bias: copying a param with shape torch.Size([42]) from checkpoint`;
// salesforce/densecap#6 and sxyu/plenoctree#19, as posted
const DENSECAP = `I get the following error
\`\`\`
RuntimeError: Error(s) in loading state_dict for ActionPropDenseCap:
	While copying the parameter named "cap_model.decoder.out.weight", whose dimensions in the model are torch.Size([4, 1024]) and whose dimensions in the checkpoint are torch.Size([1011, 1024]).
	While copying the parameter named "cap_model.decoder.out.bias", whose dimensions in the model are torch.Size([4]) and whose dimensions in the checkpoint are torch.Size([1011]).
\`\`\`

I traced it back to \`vocab\` size of \`text_proc\`  being 4 for some reason (to be more specific, not sure why the items in the dataset determine the shape of the model) from when I give it empty list of annotations.`;
const PLENOCTREE = `RuntimeError: Error(s) in loading state_dict for NerfModel:
        size mismatch for MLP_0.rgb_layer.weight: copying a param with shape torch.Size([256, 256]) from checkpoint, the shape in current model is torch.Size([48, 256]).
        size mismatch for MLP_0.rgb_layer.bias: copying a param with shape torch.Size([256]) from checkpoint, the shape in current model is torch.Size([48]).
        size mismatch for MLP_1.rgb_layer.weight: copying a param with shape torch.Size([256, 256]) from checkpoint, the shape in current model is torch.Size([48, 256]).
        size mismatch for MLP_1.rgb_layer.bias: copying a param with shape torch.Size([256]) from checkpoint, the shape in current model is torch.Size([48]).`;

// BayesWatch/pytorch-prunes#5, as posted (cut inside the unexpected list): ImageNet ResNet weights into blocks copied from a WRN
const PRUNES = `If i direct copy the maskBlock block and use in my model,the error is:
 
Missing key(s) in state_dict: "layer2.0.droprate.0.weight", "layer2.0.droprate.1.weight", "layer2.0.droprate.1.bias", "layer2.0.droprate.1.running_mean", "layer2.0.droprate.1.running_var", "layer2.0.convShortcut.weight", "layer3.0.droprate.0.weight", "layer3.0.droprate.1.weight", "layer3.0.droprate.1.bias", "layer3.0.droprate.1.running_mean", "layer3.0.droprate.1.running_var", "layer3.0.convShortcut.weight", "layer4.0.droprate.0.weight", "layer4.0.droprate.1.weight", "layer4.0.droprate.1.bias", "layer4.0.droprate.1.running_mean", "layer4.0.droprate.1.running_var", "layer4.0.convShortcut.weight". 
	Unexpected key(s) in state_dict: "layer2.0.downsample.0.weight", "layer2.0.downsample.1.weight", "layer2.0.downsample.1.bias", "layer2.0.downsample.1.running_mean", "layer2.0.downsample.1.running_var", "layer2.0.downsample.1.num_batches_tracked", "layer3.0.downsample.0.weight", "layer3.0.downsample.1.weight", "layer3.0.downsample.1.bias", "layer3.0.downsample.1.running_mean", "layer3.0.downsample.1.running_var", "layer3.0.downsample.1.num_batches_tracked", "layer4.0.downsample.0.weight", "la`;

describe('tuning12 texts whose reading the general machinery lacked', () => {

  it('a sequence decoder called `dec` (densecap-6 with its module words renamed, the robust probe): its word projection of another size is a vocabulary, no head dropped', async () => {
    const { json, words } = await explain(DENSECAP.replaceAll('cap_model.decoder.', 'cap_model.dec.'));
    expect(json.plan.ops).toEqual([]);
    expect(json.fixable).toBe(false);
    expect(words).toContain('vocabulary');
    expect(words).not.toContain('trained for another number of classes');
  });
  it('a YOLO Detect output of another class count in a cut text is a head: dropped and kept missing (yolo-detect.ts)', async () => {
    const { json, words } = await explain(YOLOP);
    for (const k of ['model.24.m.0.weight', 'model.24.m.0.bias', 'model.24.m.1.weight', 'model.24.m.1.bias']) expect(json.plan.mapping[k], k).toBeNull();
    expect(words).toContain('3 anchors × (5 + classes): 1 in the checkpoint, 3 in the model');
    expect(words).not.toContain('which no key transform fixes');
  });

  it('the same Detect outputs restored by a resumed YOLOv5 run (ema.ema.load_state_dict(ckpt[\'ema\'])): the model must be the checkpoint\'s config, no drop', async () => {
    const { json, words } = await explain(CAR_PLATE);
    expect(json.fixable).toBe(false);
    expect(words).toContain('a training run resumes from its own checkpoint (`ema.ema.load_state_dict`)');
  });

  it("a sequence decoder's word projection (`decoder.out`, a Linear) of another row count is a vocabulary, not a head (setting-outputs.ts)", async () => {
    const { json, words } = await explain(DENSECAP);
    expect(json.fixable).toBe(false);
    expect(json.plan.ops).toEqual([]);
    expect(words).toContain('the vocabulary changed size');
  });

  it("a radiance field's colour output (`rgb_layer`) of another width is the colour representation's config, not a head (setting-outputs.ts)", async () => {
    const { json, words } = await explain(PLENOCTREE);
    expect(json.fixable).toBe(false);
    expect(json.plan.ops).toEqual([]);
    expect(words).toContain("a radiance field's colour or density output with 256 outputs in the checkpoint and 48 in the model");
  });

  it("torchvision's conv + BatchNorm `downsample` against a Wide ResNet's bare `convShortcut` in the same blocks: another block design, nothing paired (shortcut-designs.ts)", async () => {
    const { json, words } = await explain(PRUNES);
    expect(json.fixable).toBe(false);
    expect(json.plan.ops).toEqual([]);
    expect(words).toContain("the blocks' shortcuts are of two designs");
  });
});
