import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { describeWithTorch, tempDir } from '../helpers/torch.js';
import { appliedSays, applyOk, torchPlan } from '../helpers/torch-plan.js';

/**
 * Review 12 F2, judged by real PyTorch: torchvision-style inverted residuals (`block.0.0` expansion
 * [E, C, 1, 1], `block.1.0` depthwise, `block.2.0` projection [C, E, 1, 1], each with its BatchNorm) into
 * timm's names (`conv_pw`, `conv_dw`, `conv_pwl`, `bn1..3`) listed sorted by name, as a safetensors target
 * lists them. The expansion and projection kernels share a signature (shapes up to the order of their
 * dims) and were left unpaired as "the same tensors and shapes"; their shapes decide: applied,
 * strict=True, every tensor its own.
 */
const MODELS = `
import collections, re, torch, torch.nn as nn
torch.manual_seed(0)
CFG = [(16, 64), (24, 72), (24, 72), (40, 120)]
def cbn(i, o, k=1, g=1): return nn.Sequential(nn.Conv2d(i, o, k, padding=k // 2, groups=g, bias=False), nn.BatchNorm2d(o))
class IR(nn.Module):
    def __init__(s, c, x): super().__init__(); s.block = nn.Sequential(cbn(c, x), cbn(x, x, 3, x), cbn(x, c))
class Src(nn.Module):
    def __init__(s): super().__init__(); s.features = nn.Sequential(nn.Identity(), *[IR(c, x) for c, x in CFG])
class Timm(nn.Module):
    def __init__(s, c, x):
        super().__init__()
        s.conv_pw = nn.Conv2d(c, x, 1, bias=False); s.bn1 = nn.BatchNorm2d(x)
        s.conv_dw = nn.Conv2d(x, x, 3, padding=1, groups=x, bias=False); s.bn2 = nn.BatchNorm2d(x)
        s.conv_pwl = nn.Conv2d(x, c, 1, bias=False); s.bn3 = nn.BatchNorm2d(c)
class Tgt(nn.Module):
    def __init__(s): super().__init__(); s.blocks = nn.ModuleList([nn.Sequential(Timm(c, x)) for c, x in CFG])
def saved():
    sd = Src().state_dict()
    for k in sd:
        if sd[k].dtype.is_floating_point: sd[k] = torch.randn(sd[k].shape)
    return sd
def name(k):
    def f(m):
        b, l = int(m[2]), m[3]
        return f'blocks.{int(m[1]) - 1}.0.' + (['conv_pw', 'conv_dw', 'conv_pwl'][b] if l == '0' else ['bn1', 'bn2', 'bn3'][b]) + '.'
    return re.sub(r'^features\\.(\\d+)\\.block\\.(\\d)\\.(\\d)\\.', f, k)
def verdict(out, ref):
    Tgt().load_state_dict(out, strict=True)
    want = {name(k): v for k, v in ref.items()}
    return 'equal' if set(want) == set(out) and all(torch.equal(out[k], v) for k, v in want.items()) else 'DIFFERENT'
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('swapped-channels');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('conv kernels with their channels swapped, target sorted, judged by PyTorch', () => {
  it('expansion and projection 1×1 convs paired by their shapes: strict=True and every tensor its own', async () => {
    const { src, result, planPath } = torchPlan(tmp.dir, 'ir', MODELS, 'saved()', 'collections.OrderedDict(sorted(Tgt().state_dict().items()))', 'tgt');
    expect(result.ambiguities).toEqual([]);
    const out = join(tmp.dir, 'out.pt');
    await applyOk(src, planPath, out);
    expect(appliedSays(MODELS, out, src, 'verdict(out, ref)')).toBe('equal');
  });
});
