import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { HEAD_MODULE } from '../../src/analysis/key-roles.js';

interface Out {
  fixable: boolean;
  causes: { code: string }[];
  readings: { situation: string; chosen: string }[];
  plan: { ops: { op: string }[]; mapping: Record<string, unknown> };
  after: { missing: string[]; unexpected: string[] };
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;

// hustvl/Turbo-VAED#5 (tuning15), as posted: the released decoder file also holds the latent statistics and the
// distillation's feature-alignment projection heads (a ModuleList named `..._heads`), which the decoder does not have
const TURBO_VAED = `Thanks for the nice work. I run the validation_videos.py, and the errors occur while loading the state_dict.

model_config = "configs/Turbo-VAED-LTX.json"
resume_from_checkpoint= "./Turbo-VAED-LTX.pth"
model = AutoencoderKLTurboVAED.from_config(
    config=load_json_to_dict(model_config)
)
checkpoint = torch.load(resume_from_checkpoint, map_location="cpu")
model.decoder.load_state_dict(checkpoint)

Unexpected key(s) in state_dict: "latents_mean", "latents_std", "aligned_feature_projection_heads.0.0.conv.weight", "aligned_feature_projection_heads.0.0.conv.bias", "aligned_feature_projection_heads.0.1.conv.weight", "aligned_feature_projection_heads.0.1.conv.bias".`;

describe('tuning15: a list of heads named `<what>_heads` is heads', () => {
  it('a ModuleList of heads (`aligned_feature_projection_heads.N`) is named as a head, as `<what>_head` and `heads` are', () => {
    expect(HEAD_MODULE.test('aligned_feature_projection_heads.0.0.conv.')).toBe(true);
    expect(HEAD_MODULE.test('omni_heads.0.')).toBe(true);
    // the plural only: a word that merely ends in `heads` is no head
    expect(HEAD_MODULE.test('blockheads.0.')).toBe(false);
  });

  it("the decoder file's distillation heads beside its latent statistics are parts the model does not use: dropped, fixable", async () => {
    const r = await explain(TURBO_VAED);
    expect(r.fixable).toBe(true);
    expect(r.readings.find((x) => x.situation === 'unused_parts')?.chosen).toBe('unused');
    expect(r.after.unexpected).toEqual([]);
  });
});

// facebookresearch/sam3#260 (tuning15), as posted: the builder's loader kept only keys of the release layout and loaded
// the rest with strict=False, so the fine-tuned file loaded nothing; the poster copied "the first few missing keys"
const SAM3 = `Thank you for this! Been experimenting with fine-tuning models using guidance from #163 and have been able to generate checkpoint files in my log directory. 

The issue is when I import them using \`build_sam3_image_model\` and set the checkpoint_path to my checkpoint like so:
\`\`\`
model = build_sam3_image_model(enable_inst_interactivity=True, checkpoint_path="/path/to/my/checkpoint/file")
processor = Sam3Processor(model)

\`\`\`
It loads with this warning (I only copy pasted the first few missing keys):

\`\`\`
loaded /gcs/detect-tag/spica/sam3/checkpoints/checkpoint_3.pt and found missing and/or unexpected keys:
missing_keys=['backbone.vision_backbone.trunk.pos_embed', 'backbone.vision_backbone.trunk.patch_embed.proj.weight', ...]
\`\`\``;

describe('tuning15: a cut lenient list that shows the input layer missing', () => {
  it('the trunk\'s patch embedding missing, the list cut: not parts new in the model, no fix from what the text shows', async () => {
    const r = await explain(SAM3);
    expect(r.fixable).toBe(false);
    expect(r.after.missing).toContain('backbone.vision_backbone.trunk.patch_embed.proj.weight');
  });

  it('the same two keys as the whole list (no `...`) are still kept missing as the lenient load left them', async () => {
    const r = await explain(SAM3.replace(", ...]", ']'));
    expect(r.fixable).toBe(true);
  });
});

// MiraPurkrabek/RePoGen#5 (tuning15), as posted: weights trained with the ViTPose code (mmpose 0.x: `blocks.N.norm1`,
// `attn.qkv`) given to mmpose 1.x's init_pose_estimator, whose ViT names them `layers.N.ln1`, ...; the log is cut after the
// unexpected list
const REPOGEN = `I wanted to test your pre-trained model on extreme poses. However, when I try to load the the pre-trained weights of the best model trained on the COCO+RePoGen dataset provided by you [here](https://drive.google.com/file/d/1AZ4OwqggPlwZhza7PYukrUeoK0cWwEiD/view?usp=sharing), from within [MMPose_Tutorial.ipynb](https://github.com/open-mmlab/mmpose/blob/main/demo/MMPose_Tutorial.ipynb) notebook:

\`\`\`
device = 'cuda:0'
cfg_options = dict(model=dict(test_cfg=dict(output_heatmaps=True)))
pose_config = 'configs/body_2d_keypoint/topdown_heatmap/coco/td-hm_ViTPose-small_8xb64-210e_coco-256x192.py'
# pose_checkpoint = 'https://download.openmmlab.com/mmpose/v1/body_2d_keypoint/topdown_heatmap/coco/td-hm_ViTPose-small_8xb64-210e_coco-256x192-62d7a712_20230314.pth'
pose_checkpoint = "mmpose/demo/models/ViTPose-S_RePoGen.pth"

# build pose estimator
pose_estimator = init_pose_estimator(
    pose_config,
    pose_checkpoint,
    device=device,
    cfg_options=cfg_options
)
\`\`\`

 I get an error indicating the state dictionaries do not match:

\`\`\`
Loads checkpoint by local backend from path: 
mmpose/demo/models/ViTPose-S_RePoGen.pth
The model and loaded state dict do not match exactly

unexpected key in source state_dict: backbone.blocks.0.norm1.weight, backbone.blocks.0.norm1.bias, backbone.blocks.0.attn.qkv.weight`;

describe('tuning15: an OpenMMLab inference API loads into the whole model', () => {
  it('`backbone.` blocks the whole model did not take are no component prefix to strip nor parts to drop', async () => {
    const r = await explain(REPOGEN);
    expect(r.fixable).toBe(false);
    expect(r.plan.ops).toEqual([]);
    expect(r.causes.map((c) => c.code)).toContain('whole_model_component');
  });

  it('the same log without the whole-model call is still a backbone given a whole model\'s checkpoint: `backbone.` stripped', async () => {
    const log = REPOGEN.slice(REPOGEN.indexOf('Loads checkpoint by local backend'));
    const r = await explain(log);
    expect(r.plan.ops.map((o) => o.op)).toEqual(['strip_prefix']);
  });
});
