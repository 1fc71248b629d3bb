import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { appliedSays, applyOk, emittedScriptSays, torchPlan, STRICT_EQUAL_PY } from '../helpers/torch-plan.js';
import { emitMmengine } from '../../src/report/emit-mmengine.js';
import { emitHf } from '../../src/report/emit-hf.js';

/**
 * Issue 11, tuning6's vgg16-bn-torchvision-to-mmpretrain judged by real PyTorch: torchvision's VGG-BN is one
 * flat `features` Sequential (conv, bn, relu per layer, a pool per stage) and mmpretrain's VGG holds ConvModules
 * (`features.n.conv`, `features.n.bn`, n counting the pools). No index arithmetic says it: the plan was one op
 * per module (57 for VGG-16, against the converter's 3 rules). It is now one rename by index table
 * (index-tables.ts). What sdmatch apply writes, the emitted Python script's output, MMEngine's revise_keys run
 * as MMEngine runs them (re.sub in order) and transformers' key_mapping run as transformers does (the first
 * pattern that matches) must each load strict=True into the mmpretrain-shaped model with every tensor its own.
 */
const MODELS = `${STRICT_EQUAL_PY}
import collections, re, torch, torch.nn as nn
torch.manual_seed(0)
CFG = [8, 'M', 16, 'M', 16, 16, 'M', 32, 32, 'M', 32, 32, 'M']
def tv_vgg():
    layers, c = [], 3
    for v in CFG:
        if v == 'M': layers.append(nn.MaxPool2d(2))
        else: layers += [nn.Conv2d(c, v, 3, padding=1), nn.BatchNorm2d(v), nn.ReLU()]; c = v
    m = nn.Module(); m.features = nn.Sequential(*layers)
    m.classifier = nn.Sequential(nn.Linear(32, 24), nn.ReLU(), nn.Dropout(), nn.Linear(24, 10))
    for mod in m.modules():
        if isinstance(mod, nn.BatchNorm2d):
            mod.running_mean.uniform_(); mod.running_var.uniform_(); mod.num_batches_tracked.fill_(7)
    return m
class ConvModule(nn.Module):
    def __init__(s, c, v):
        super().__init__(); s.conv = nn.Conv2d(c, v, 3, padding=1); s.bn = nn.BatchNorm2d(v)
def mm_vgg():
    feats, c = [], 3
    for v in CFG:
        if v == 'M': feats.append(nn.MaxPool2d(2))
        else: feats.append(ConvModule(c, v)); c = v
    m = nn.Module(); m.backbone = nn.Module(); m.backbone.features = nn.Sequential(*feats)
    m.backbone.classifier = nn.Sequential(nn.Linear(32, 24), nn.ReLU(), nn.Dropout(), nn.Linear(24, 10))
    return m
def mm_name(k):
    # mmpretrain's vgg_to_mmpretrain.py: conv i and bn i + 1 into ConvModule n, the pools counted in n
    m = re.match(r'features\\.(\\d+)\\.(.+)$', k)
    if not m: return 'backbone.' + k
    tv, n, i = {}, 0, 0
    for v in CFG:
        if v == 'M': i += 1; n += 1; continue
        tv[i] = '%d.conv' % n; tv[i + 1] = '%d.bn' % n; i += 3; n += 1
    return 'backbone.features.%s.%s' % (tv[int(m.group(1))], m.group(2))
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('index-table');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('a flat list renumbered by an index table, judged by PyTorch', () => {
  it('torchvision VGG-BN → mmpretrain VGG: one table op; apply, the Python script, revise_keys and key_mapping each load strict=True, every tensor its own', async () => {
    const { src, result, plan, planPath } = torchPlan(tmp.dir, 'vgg', MODELS, 'tv_vgg().state_dict()', 'mm_vgg().state_dict()', 'mmpretrain');
    expect(result.fixable).toBe(true);
    // mmpretrain's converter has 3 rules; one op per module before
    expect(result.ops.length).toBeLessThanOrEqual(3);
    expect(result.ops.filter((o) => o.op === 'rename' && o.table !== undefined)).toHaveLength(1);
    const want = '{mm_name(k): v for k, v in ref.items()}';
    const out = join(tmp.dir, 'out.pt');
    await applyOk(src, planPath, out);
    expect(appliedSays(MODELS, out, src, `strict_equal(mm_vgg(), out, ${want}, True)`)).toBe('equal');
    expect(emittedScriptSays(tmp.dir, 'vgg-fix', plan, MODELS, src, `strict_equal(mm_vgg(), out, ${want}, True)`)).toBe('equal');
    // MMEngine: every (pattern, replacement) of revise_keys through re.sub, in order, on every key
    const mm = join(tmp.dir, 'revise.py');
    writeFileSync(mm, emitMmengine(plan));
    // transformers: the first key_mapping pattern that matches a key is applied (re.subn), the rest are not tried
    const hf = join(tmp.dir, 'keymap.py');
    writeFileSync(hf, emitHf(plan));
    const says = runPython(
      `${MODELS}
import sys
ns = {}; exec(open(sys.argv[1]).read(), ns)
hf = {}; exec(open(sys.argv[2]).read(), hf)
sd = torch.load(sys.argv[3])
revised = collections.OrderedDict(sd)
for p, r in ns['revise_keys']:
    revised = collections.OrderedDict((re.sub(p, r, k), v) for k, v in revised.items())
def first_match(k):
    for p, r in hf['key_mapping'].items():
        nk, n = re.subn(p, r, k)
        if n: return nk
    return k
mapped = collections.OrderedDict((first_match(k), v) for k, v in sd.items())
want = {mm_name(k): v for k, v in sd.items()}
print(strict_equal(mm_vgg(), revised, want, True), strict_equal(mm_vgg(), mapped, want, True))
`,
      [mm, hf, src],
    ).trim();
    expect(says).toBe('equal equal');
  });
});
