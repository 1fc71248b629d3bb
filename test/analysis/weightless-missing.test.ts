import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { tuningCaseText } from '../helpers/diagnosis-case.js';
import { weightlessMissing } from '../../src/analysis/weightless-missing.js';

interface Out {
  fixable: boolean;
  causes: { code: string }[];
  plan: { ops: { op: string }[] };
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;

describe('missing keys that are state alone, module after module, are no missing prefix', () => {
  it('ShichenLiu/CondenseNet#38: `_count`/`_stage`/`_mask` under `module.` only: not fixable by adding `module.`', async () => {
    const r = await explain(tuningCaseText('ShichenLiu-CondenseNet-38'));
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
    // VS Code's output limit cut CondenseNet#38's list after four keys: the second module begun is enough
    expect(weightlessMissing(['m.d1.l1.c1._count', 'm.d1.l1.c1._stage', 'm.d1.l1.c1._mask', 'm.d1.l2.c1._count'])).toEqual({ leaves: ['_count', '_stage', '_mask'], modules: 2 });
    expect(weightlessMissing(['a.0._mask', 'a.1._mask', 'a.2._mask'])).toBeNull();
    expect(weightlessMissing(['m.a.x', 'm.a.y', 'm.b.z', 'm.c.w'])).toBeNull();
    expect(weightlessMissing(['pos_embed', 'cls_token', 'mask_token', 'dist_token'])).toBeNull();
    expect(weightlessMissing(['a.0.weight_g', 'a.0.scale', 'a.1.weight_g', 'a.1.scale'])).toBeNull();
  });
});
