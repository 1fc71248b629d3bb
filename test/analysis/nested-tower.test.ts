import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { tuningCaseText } from '../helpers/diagnosis-case.js';
import { nestedTower, nothingUnplaced } from '../../src/analysis/nested-tower.js';
import { parseErrorText } from '../../src/formats/error-text.js';

/** A lenient load that left one nested sub-network out (src/analysis/nested-tower.ts), on tuning texts as posted. */
interface Out {
  fixable: boolean;
  causes: { code: string }[];
  plan: { ops: { op: string }[] };
  keptMissing: { key: string }[] | string[];
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;
const kept = (r: Out) => r.keptMissing.map((k) => (typeof k === 'string' ? k : k.key));

describe('a lenient load that left one nested sub-network: its own input layers are no sign that nothing loaded', () => {
  it('MotrixLab/FineMoGen#3 (mmengine, cut): the frozen CLIP `model.clip.*` kept missing, not "not this model\'s state dict"', async () => {
    const r = await explain(tuningCaseText('MotrixLab-FineMoGen-3'));
    expect(r.fixable).toBe(true);
    expect(r.causes.map((c) => c.code)).toContain('nested_tower');
    expect(r.causes.map((c) => c.code)).not.toContain('nothing_loaded');
    expect(kept(r)).toContain('model.clip.visual.conv1.weight');
    expect(r.plan.ops).toEqual([]);
  });

  it('bytedance/fc-clip#34 (fvcore, a demo run): the CLIP text tower the model builds from its own file stays missing', async () => {
    const r = await explain(tuningCaseText('bytedance-fc-clip-34'));
    expect(r.fixable).toBe(true);
    expect(r.causes.map((c) => c.code)).toContain('nested_tower');
    expect(kept(r)).toContain('backbone.clip_model.token_embedding.weight');
  });

  it('fc-clip#34 is cut inside its last group: still the tower (its input layer is no sign that nothing loaded), but said as cut, never "the rest of the model loaded"', async () => {
    const text = tuningCaseText('bytedance-fc-clip-34');
    type Cut = { truncated: boolean; causes: { code: string; message: string }[] };
    const r = await explain(text) as unknown as Cut;
    expect(r.truncated).toBe(true);
    expect(r.causes.map((c) => c.code)).not.toContain('nothing_loaded');
    const note = r.causes.find((c) => c.code === 'nested_tower')!.message;
    expect(note).toMatch(/the list is cut/);
    expect(note).not.toMatch(/place: the rest of the model loaded/);
    // the same list closed where the cut fell: whole, and said so
    const whole = await explain(text.replace(/\n[^\n]*\{in_proj_bias,\s*$/, '')) as unknown as Cut;
    expect(whole.truncated).toBe(false);
    expect(whole.causes.find((c) => c.code === 'nested_tower')!.message).toMatch(/place: the rest of the model loaded/);
  });

  it('a list cut before the unexpected side could show them (torch\'s `missing_keys=[...]`, `_IncompatibleKeys`): unchanged', async () => {
    for (const id of ['facebookresearch-sam3-260', 'YvanYin-Metric3D-116']) {
      const r = await explain(tuningCaseText(id));
      expect(r.causes.map((c) => c.code), id).not.toContain('nested_tower');
    }
  });

  it('a strict torch error (the load failed; a pruned file or another model\'s look alike): no tower reading', async () => {
    const r = await explain(tuningCaseText('AIGODLIKE-ComfyUI-ToonCrafter-26'));
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
