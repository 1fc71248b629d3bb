import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { nestedTower, nothingUnplaced } from '../../src/analysis/nested-tower.js';
import { parseErrorText } from '../../src/formats/error-text.js';

interface Out {
  fixable: boolean;
  causes: { code: string }[];
  plan: { ops: { op: string }[] };
  keptMissing: { key: string }[] | string[];
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;
const kept = (r: Out) => r.keptMissing.map((k) => (typeof k === 'string' ? k : k.key));

/** a tuning text as posted (never a held-out one: the half is checked) */
function tuningText(file: string, id: string): string {
  const cases = JSON.parse(readFileSync(new URL(`../../bench/diagnosis/${file}`, import.meta.url), 'utf8')) as { id: string; half: string; text: string }[];
  const c = cases.find((x) => x.id === id);
  if (!c || !c.half.startsWith('tuning')) throw new Error(`${id} is not a tuning case`);
  return c.text;
}

describe('a lenient load that left one nested sub-network: its own input layers are no sign that nothing loaded', () => {
  it('MotrixLab/FineMoGen#3 (mmengine, cut): the frozen CLIP `model.clip.*` kept missing, not "not this model\'s state dict"', async () => {
    const r = await explain(tuningText('cases14.json', 'MotrixLab-FineMoGen-3'));
    expect(r.fixable).toBe(true);
    expect(r.causes.map((c) => c.code)).toContain('nested_tower');
    expect(r.causes.map((c) => c.code)).not.toContain('nothing_loaded');
    expect(kept(r)).toContain('model.clip.visual.conv1.weight');
    expect(r.plan.ops).toEqual([]);
  });

  it('bytedance/fc-clip#34 (fvcore, a demo run): the CLIP text tower the model builds from its own file stays missing', async () => {
    const r = await explain(tuningText('cases15.json', 'bytedance-fc-clip-34'));
    expect(r.fixable).toBe(true);
    expect(r.causes.map((c) => c.code)).toContain('nested_tower');
    expect(kept(r)).toContain('backbone.clip_model.token_embedding.weight');
  });

  it('a list cut before the unexpected side could show them (torch\'s `missing_keys=[...]`, `_IncompatibleKeys`): unchanged', async () => {
    for (const [file, id] of [['cases15.json', 'facebookresearch-sam3-260'], ['cases6.json', 'YvanYin-Metric3D-116']] as const) {
      const r = await explain(tuningText(file, id));
      expect(r.causes.map((c) => c.code), id).not.toContain('nested_tower');
    }
  });

  it('a strict torch error (the load failed; a pruned file or another model\'s look alike): no tower reading', async () => {
    const r = await explain(tuningText('cases7.json', 'AIGODLIKE-ComfyUI-ToonCrafter-26'));
    expect(r.fixable).toBe(false);
    expect(r.causes.map((c) => c.code)).not.toContain('nested_tower');
  });

  it('nestedTower: two named levels down, no index, holders alone are the whole model, an input layer inside', () => {
    expect(nestedTower(['model.clip.positional_embedding', 'model.clip.visual.conv1.weight'])).toBe('model.clip');
    expect(nestedTower(['backbone.clip_model.ln_final.bias', 'backbone.clip_model.token_embedding.weight'])).toBe('backbone.clip_model');
    // one level: the model's own part (a backbone's stem missing is the model's stem)
    expect(nestedTower(['backbone.conv1.weight', 'backbone.bn1.weight'])).toBeNull();
    // wrappers and trainers' holders around the whole model
    expect(nestedTower(['model.model.0.conv.weight', 'model.model.conv1.weight'])).toBeNull();
    expect(nestedTower(['module.model.conv1.weight', 'module.model.fc.weight'])).toBeNull();
    // one block of a stack
    expect(nestedTower(['encoder.blocks.0.patch_embed.weight', 'encoder.blocks.0.fc.weight'])).toBeNull();
    // no input layer of its own among the keys
    expect(nestedTower(['bert.encoder.layer.0.crossattention.self.value.weight', 'bert.encoder.layer.11.output_query.dense.weight'])).toBeNull();
  });

  it('nothingUnplaced: no unexpected list, and none a cut could hide (mmcv prints it before the missing one)', () => {
    const mm = parseErrorText('missing keys in source state_dict: model.clip.positional_embedding, model.clip.visual.conv1.weight, model.clip.visual.ln_pre.wei', 'x');
    expect(mm.truncated).toBe(true);
    expect(nothingUnplaced(mm)).toBe(true);
    const torchCut = parseErrorText("_IncompatibleKeys(missing_keys=['a.b.conv1.weight', 'a.b.bn1.weight', 'a.b.la", 'x');
    expect(nothingUnplaced(torchCut)).toBe(false);
    const withUnexpected = parseErrorText('unexpected key in source state_dict: head.fc.weight\nmissing keys in source state_dict: model.clip.visual.conv1.weight', 'x');
    expect(nothingUnplaced(withUnexpected)).toBe(false);
  });
});

describe('a lenient load in an evaluation run with numbered layers past the model\'s: another depth, not unused parts', () => {
  it('emecercelik/ssl-3d-detection#4 (mmengine, `./tools/test_our_pointpillars_nus.sh`): vfe_layers.1 is no drop', async () => {
    const r = await explain(tuningText('cases14.json', 'emecercelik-ssl-3d-detection-4'));
    expect(r.fixable).toBe(false);
    expect(r.causes.map((c) => c.code)).toContain('extra_layers');
    expect(r.plan.ops.map((o) => o.op)).not.toContain('drop');
  });

  it('the same list cut after two keys (`...`) gets no drop either (the whole text gets none)', async () => {
    const whole = tuningText('cases14.json', 'emecercelik-ssl-3d-detection-4');
    const at = whole.indexOf('pts_voxel_encoder.vfe_layers.1.norm.running_mean');
    const cut = `${whole.slice(0, at)}...${whole.slice(whole.indexOf('\n```', at))}`;
    const r = await explain(cut);
    expect(r.fixable).toBe(false);
    expect(r.plan.ops.map((o) => o.op)).not.toContain('drop');
  });

  it('a shell script of a test, demo or inference run is an evaluation run', () => {
    const text = (cmd: string) => `I ran ${cmd}\nunexpected key in source state_dict: enc.layers.1.linear.weight, enc.layers.1.norm.weight`;
    expect(parseErrorText(text('`./tools/test_our_pointpillars_nus.sh`'), 'x').evaluationRun).toBe('test_our_pointpillars_nus.sh');
    expect(parseErrorText(text('bash demo.sh'), 'x').evaluationRun).toBe('demo.sh');
    expect(parseErrorText(text('bash tools/train.sh'), 'x').evaluationRun).toBeUndefined();
  });

  it('the same lenient load outside an evaluation run (a shallower model fine-tuned from deeper weights) still drops them', async () => {
    const r = await explain('bash tools/train.sh configs/x.py\nThe model and loaded state dict do not match exactly\n\nunexpected key in source state_dict: enc.layers.1.linear.weight, enc.layers.1.norm.weight, enc.layers.1.norm.bias\n');
    expect(r.causes.map((c) => c.code)).not.toContain('extra_layers');
    expect(r.plan.ops.map((o) => o.op)).toContain('drop');
  });
});

describe('the poster reports what the loaded model computed, near nothing: an evaluation run', () => {
  const NEW = "Some weights of RewardModel were not initialized from the model checkpoint at Qwen/Qwen2-VL-7B-Instruct and are newly initialized: ['value_head.weight']\nYou should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.\n\n";

  it('Applied-Machine-Learning-Lab/GeoRanker#1: "the resulting rewards are all exactly 0" with a new value head: not a part to train', async () => {
    const r = await explain(tuningText('cases15.json', 'Applied-Machine-Learning-Lab-GeoRanker-1'));
    expect(r.fixable).toBe(false);
  });

  it('reads results and metrics near 0, not a loss, and not when the poster trains', () => {
    expect(parseErrorText(`${NEW}The resulting rewards are all exactly 0,`, 'x').evaluationRun).toBe('resulting rewards are all exactly 0');
    expect(parseErrorText(`${NEW}The test resulted in an mAP and an NDS of almost 0:`, 'x').evaluationRun).toBe('resulted in an mAP and an NDS of almost 0');
    // transformers' own "TRAIN this model" advice is not the poster's word of training
    expect(parseErrorText(`${NEW}When I run inference the output is wrong`, 'x').evaluationRun).toBe('run inference');
    expect(parseErrorText(`${NEW}The loss is almost 0 after one epoch`, 'x').evaluationRun).toBeUndefined();
    expect(parseErrorText(`${NEW}I fine-tuned it on my data and the accuracy is almost 0`, 'x').evaluationRun).toBeUndefined();
  });
});
