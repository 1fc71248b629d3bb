import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { weightlessMissing } from '../../src/analysis/weightless-missing.js';
import { parseErrorText } from '../../src/formats/error-text.js';

interface Out {
  fixable: boolean;
  causes: { code: string }[];
  plan: { ops: { op: string }[] };
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;

/** a tuning17 text as posted (never a held-out one: the half is checked) */
function tuning17(id: string): string {
  const cases = JSON.parse(readFileSync(new URL('../../bench/diagnosis/cases17.json', import.meta.url), 'utf8')) as { id: string; half: string; text: string }[];
  const c = cases.find((x) => x.id === id);
  if (!c || c.half !== 'tuning17') throw new Error(`${id} is not a tuning17 case`);
  return c.text;
}

describe('tuning17: missing keys that are state alone, module after module, are no missing prefix', () => {
  it('ShichenLiu/CondenseNet#38: `_count`/`_stage`/`_mask` under `module.` only: not fixable by adding `module.`', async () => {
    const r = await explain(tuning17('ShichenLiu-CondenseNet-38'));
    expect(r.plan.ops.map((o) => o.op)).not.toContain('add_prefix');
    expect(r.fixable).toBe(false);
    expect(r.causes.map((c) => c.code)).toContain('missing_state_only');
  });

  it('running statistics missing in every BatchNorm of a wrapped model (saved with track_running_stats=False): the same', async () => {
    const keys = ['module.bn1', 'module.layer1.0.bn1', 'module.layer1.0.bn2'].flatMap((m) => [`${m}.running_mean`, `${m}.running_var`]);
    const r = await explain(`RuntimeError: Error(s) in loading state_dict for DataParallel:\n\tMissing key(s) in state_dict: ${keys.map((k) => `"${k}"`).join(', ')}, "module.layer1.1.bn1.run`);
    expect(r.plan.ops.map((o) => o.op)).not.toContain('add_prefix');
    expect(r.causes.map((c) => c.code)).toContain('missing_state_only');
  });

  it('a cut list with weights among the keys is still the missing `module.` it was', async () => {
    const r = await explain('RuntimeError: Error(s) in loading state_dict for DataParallel:\n\tMissing key(s) in state_dict: "module.conv1.weight", "module.bn1.weight", "module.bn1.bias", "module.bn1.running_mean", "module.bn1.running_var", "module.layer1.0.conv1.weight", "module.layer1.0.bn1.weig');
    expect(r.plan.ops.map((o) => o.op)).toContain('add_prefix');
    expect(r.causes.map((c) => c.code)).not.toContain('missing_state_only');
  });

  it('weightlessMissing: leaves repeated under modules, no weight or bias among them', () => {
    expect(weightlessMissing(['a.0._mask', 'a.0._count', 'a.1._mask', 'a.1._count'])).toEqual({ leaves: ['_mask', '_count'], modules: 2 });
    // the last module of a cut list may show a leaf once
    expect(weightlessMissing(['a.0._mask', 'a.0._count', 'a.1._mask', 'a.1._count', 'a.2._mask', 'a.2.dens'])?.modules).toBe(3);
    // a weight among them, too few keys, or leaves that do not repeat
    expect(weightlessMissing(['a.0._mask', 'a.0.weight', 'a.1._mask', 'a.1.weight'])).toBeNull();
    expect(weightlessMissing(['a.0._mask', 'a.1._mask', 'a.2._mask'])).toBeNull();
    expect(weightlessMissing(['pos_embed', 'cls_token', 'mask_token', 'dist_token'])).toBeNull();
    expect(weightlessMissing(['a.0.weight_g', 'a.0.scale', 'a.1.weight_g', 'a.1.scale'])).toBeNull();
  });
});

describe('tuning17: the poster says the load ran a demo, an inference or an evaluation', () => {
  const ICDAR = tuning17('longshangbang-ICDAR2019-ArT-Recognition-Alchemy-14');

  it('ICDAR2019-ArT-Recognition-Alchemy#14: "when ran the demo" reads as an evaluation run', () => {
    expect(parseErrorText(ICDAR, 'e.txt').evaluationRun).toBe('ran the demo');
  });

  it('a head of another size in a demo is the checkpoint\'s own configuration (a label map of 91 symbols), not a head to re-initialise', async () => {
    const r = await explain(ICDAR);
    expect(r.fixable).toBe(false);
  });

  it('prose that also speaks of training, or mentions a demo without running it, is no evaluation run', () => {
    const line = 'size mismatch for rec_head.decoder.tgt_embedding.weight: copying a param with shape torch.Size([91, 256]) from checkpoint, the shape in current model is torch.Size([72, 256]).';
    expect(parseErrorText(`I fine-tune on my own charset, then I ran the demo:\n${line}`, 'e.txt').evaluationRun).toBeUndefined();
    expect(parseErrorText(`when I start training I get:\n${line}\nI want to run the demo later`, 'e.txt').evaluationRun).toBeUndefined();
    expect(parseErrorText(`the demo works, but my model gives:\n${line}`, 'e.txt').evaluationRun).toBeUndefined();
    expect(parseErrorText(`when running inference:\n${line}`, 'e.txt').evaluationRun).toBe('running inference');
  });
});
