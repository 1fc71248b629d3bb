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

// JiangWenPL/multiperson#4: the mmcv log of an ImageNet ResNet's weights loaded into a detector's backbone
// (its padded terminal rows joined back, as the parser reads them), the missing list cut mid-key
const MULTIPERSON = `unexpected key in source state_dict: fc.weight, fc.bias

missing keys in source state_dict: layer3.3.bn2.num_batches_tracked, layer1.1.bn1.num_batches_tracked, layer3.2.bn1.num_batches_tracked, layer3.2.bn2.num_batches_tracked, layer3.0.bn3.num_batches_tracked, layer2.0.downsample.1.num_batches_tracked, layer4.0.bn3.num_batches_tracked, layer3.4.bn2.num_batches_tracked, layer2.3.bn2.num_batches_tracked, layer2.3.bn3.num_batches_tracked, layer2.3.bn1.num_batches_tracked, layer4.0.bn2.num_b`;

describe('tuning11 texts whose reading the general machinery lacked', () => {
  it("an mmcv backbone init whose missing keys are all BatchNorm counters loaded every weight: the classifier is dropped, the counters kept missing (error-hints.ts lenientHints)", async () => {
    const { json, words } = await explain(MULTIPERSON);
    expect(json.fixable).toBe(true);
    expect(json.plan.mapping['fc.weight']).toBeNull();
    expect(json.plan.mapping['fc.bias']).toBeNull();
    const kept = new Set([...(json.keptMissing ?? []).map((k) => k.key), ...json.plan.unmapped]);
    for (const k of ['layer3.3.bn2.num_batches_tracked', 'layer4.0.bn3.num_batches_tracked', 'layer2.3.bn1.num_batches_tracked']) expect(kept.has(k), k).toBe(true);
    expect(words).not.toContain('do not correspond by name');
    expect(words).not.toMatch(/strict\s*=\s*False\)? succeeds/);
  });
});

// fishaudio/fish-speech#193 ("Lora training"), as posted (cut inside the list); haotian-liu/LLaVA#420, as posted
const FISH = `	Missing key(s) in state_dict: "model.embeddings.lora_A", "model.embeddings.lora_B", "model.layers.0.attention.wqkv.lora_A", "model.layers.0.attention.wqkv.lora_B", "model.layers.0.attention.wo.lora_A", "model.layers.0.attention.wo.lora_B", "model.layers.0.feed_forward.w1.lora_A", "model.layers.0.feed_forward.w1.lora_B", "model.layers.1.attention.wqkv.lora_A", "model.layers.1.attention.wqkv.lora_B", "model.layers.1.attention.wo.lo
ra_A", "model.layers.1.attention.wo.lora_B", "model.layers.2.`;
const LLAVA = `File "/opt/tiger/workspace/llava-video/llava/model/llava_arch.py", line 69, in initialize_vision_modules
    self.mm_projector.load_state_dict(get_w(mm_projector_weights, 'mm_projector'))
  File "/home/tiger/.conda/envs/llava/lib/python3.10/site-packages/torch/nn/modules/module.py", line 2041, in load_state_dict
    raise RuntimeError('Error(s) in loading state_dict for {}:\\n\\t{}'.format(
RuntimeError: Error(s) in loading state_dict for Linear:
        Missing key(s) in state_dict: "lora_A.default.weight", "lora_B.default.weight".`;

describe('a base model into LoRA-wrapped layers (lora-over-base.ts)', () => {
  it('only LoRA factors missing in a torch strict load: kept missing (lora_B starts at zero), never "the adapter did not load"', async () => {
    for (const [text, keys] of [[FISH, ['model.embeddings.lora_A', 'model.layers.0.attention.wqkv.lora_B']], [LLAVA, ['lora_A.default.weight', 'lora_B.default.weight']]] as const) {
      const { json, words } = await explain(text);
      const kept = (json.keptMissing ?? []).map((k) => k.key);
      for (const k of keys) expect(kept, k).toContain(k);
      expect(words).toContain('lora_B is zero');
      expect(words).not.toContain('did not load');
      expect(words).not.toMatch(/strict\s*=\s*False\)? succeeds/);
    }
  });
});

// choyingw/SynergyNet#6, MandyMo/pytorch_HMR#17 and kwea123/ngp_pl#117, as posted (the error lines)
const SYNERGYNET = `RuntimeError: Error(s) in loading state_dict for DataParallel:
	Unexpected key(s) in state_dict: "module.u_tex", "module.w_tex". `;
const HMR = `"finished create the encoder modules...
parameter smpl.v_template not found
parameter smpl.shapedirs not found
parameter smpl.J_regressor not found
parameter smpl.posedirs not found
parameter smpl.joint_regressor not found
parameter smpl.weight not found
parameter smpl.e3 not found"`;
const NGP = `However I got the following error \`\`\`Unexpected key(s) in state_dict: "directions", "poses". \`\`\`.

Restoring states from the checkpoint path at /home/slkv/Documents/projects/ngp_pl/ckpts/ours/canister/epoch=0.ckpt
Traceback (most recent call last):
  File "train.py", line 278, in <module>
    trainer.fit(system, ckpt_path=hparams.ckpt_path)`;

describe('tensors that are no weights: a body or face model\'s constants, a NeRF system\'s dataset buffers (key-roles.ts, body-models.ts)', () => {
  it("a 3D morphable model's texture bases the benchmark model does not register are dropped", async () => {
    const { json } = await explain(SYNERGYNET);
    expect(json.fixable).toBe(true);
    expect(json.plan.mapping['module.u_tex']).toBeNull();
    expect(json.plan.mapping['module.w_tex']).toBeNull();
  });

  it("an SMPL layer's constants a custom loader reports `not found`, its skinning weights and identity beside them, are kept missing", async () => {
    const { json } = await explain(HMR);
    const kept = (json.keptMissing ?? []).map((k) => k.key);
    for (const k of ['smpl.v_template', 'smpl.shapedirs', 'smpl.J_regressor', 'smpl.posedirs', 'smpl.joint_regressor', 'smpl.weight', 'smpl.e3']) expect(kept, k).toContain(k);
  });

  it("a Lightning NeRF system's ray directions and camera poses are dropped, however the restore reads body modules", async () => {
    const { json } = await explain(NGP);
    expect(json.fixable).toBe(true);
    expect(json.plan.mapping.directions).toBeNull();
    expect(json.plan.mapping.poses).toBeNull();
  });
});
