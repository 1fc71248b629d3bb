import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';
import { validatePlan } from '../../src/plan/validate.js';
import { STRICT_EQUAL_PY } from '../helpers/torch-plan.js';

/**
 * Review 13 F4: a checkpoint with fused `attn.qkv` loaded into a model that keeps `attn.q`, `attn.k`, `attn.v`
 * apart. The error text real torch prints names the keys only: from it alone, what `qkv` is is known (the three
 * the model keeps apart, fused) and how to cut it is not (no shapes). Before, a name-similarity rename read
 * "`blocks.0.attn.qkv.weight` is `blocks.0.attn.q.weight`" (0.82) and printed it as the fix: followed, strict=True
 * refuses a [48, 16] tensor for q's [16, 16]. Now no op pairs the whole with one of its parts; the finding says
 * what it is and asks for the checkpoint, with which the plan splits it and the output loads, every tensor its own.
 */
const MODELS = `${STRICT_EQUAL_PY}
import torch, torch.nn as nn
torch.manual_seed(0)
D = 16
class Attn(nn.Module):
    def __init__(s, fused):
        super().__init__()
        if fused: s.qkv = nn.Linear(D, 3 * D)
        else: s.q = nn.Linear(D, D); s.k = nn.Linear(D, D); s.v = nn.Linear(D, D)
        s.proj = nn.Linear(D, D)
class Block(nn.Module):
    def __init__(s, fused):
        super().__init__(); s.norm1 = nn.LayerNorm(D); s.attn = Attn(fused); s.norm2 = nn.LayerNorm(D); s.mlp = nn.Linear(D, D)
class ViT(nn.Module):
    def __init__(s, fused):
        super().__init__(); s.blocks = nn.ModuleList([Block(fused) for _ in range(2)]); s.head = nn.Linear(D, 10)
def split(sd):
    out = {}
    for k, v in sd.items():
        if '.qkv.' in k:
            for name, part in zip('qkv', v.chunk(3, dim=0)): out[k.replace('.qkv.', '.%s.' % name)] = part
        else: out[k] = v
    return out
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('fused-from-text');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('a fused qkv seen from the error text alone (review 13 F4), judged by PyTorch', () => {
  it('text alone: no one-to-one rename of qkv to q, the fused finding asks for the checkpoint; with it the split loads strict=True, every tensor equal', async () => {
    const ckpt = join(tmp.dir, 'ckpt.pt');
    const err = join(tmp.dir, 'err.txt');
    runPython(
      `${MODELS}
import sys
sd = ViT(True).state_dict()
torch.save(sd, sys.argv[1])
try:
    ViT(False).load_state_dict(sd)
    raise SystemExit('loaded')
except RuntimeError as e:
    open(sys.argv[2], 'w').write(str(e))
`,
      [ckpt, err],
    );
    expect(readFileSync(err, 'utf8')).toMatch(/Unexpected key\(s\) in state_dict: "blocks\.0\.attn\.qkv\.weight"/);
    const text = await runCli(['explain', err, '--json']);
    // keys stay missing and unexpected from the text alone: exit 1, as documented
    expect(text.code).toBe(1);
    const j = JSON.parse(text.stdout) as { plan: { ops: { op: string; pattern?: string; replacement?: string }[] }; causes: { code: string; message: string }[] };
    // no op moves a whole onto one of its parts
    expect(j.plan.ops.filter((o) => o.op === 'rename' && /qkv/.test(o.pattern ?? ''))).toEqual([]);
    expect(j.causes[0]).toMatchObject({ code: 'fused_unknown_shape' });
    expect(j.causes[0]!.message).toMatch(/give the checkpoint too/);
    const words = await runCli(['explain', err]);
    expect(words.stdout.split('\n')[0]).toBe('no key transform the text alone can justify: see the findings, which say what decides');
    expect(words.stdout).not.toMatch(/is `blocks\.0\.attn\.q\.weight`/);
    // with the checkpoint: split, applied, loaded
    const planPath = join(tmp.dir, 'plan.json');
    const plan = await runCli(['plan', ckpt, err, '-o', planPath]);
    expect(plan.code).toBe(0);
    expect(validatePlan(JSON.parse(readFileSync(planPath, 'utf8')), planPath).ops.some((o) => o.op === 'split')).toBe(true);
    const out = join(tmp.dir, 'out.pt');
    await runCli(['apply', ckpt, planPath, '-o', out]);
    const says = runPython(
      `${MODELS}
import sys
out = torch.load(sys.argv[1], weights_only=True)
print(strict_equal(ViT(False), out, split(torch.load(sys.argv[2])), True))
`,
      [out, ckpt],
    ).trim();
    expect(says).toBe('equal');
  });

  it('the other way (review 17 F4): q/k/v apart into a fused qkv, from the text alone no part is renamed onto the whole and no fix is printed; with the checkpoint the concat loads strict=True, every tensor equal', async () => {
    const ckpt = join(tmp.dir, 'parts.pt');
    const err = join(tmp.dir, 'parts-err.txt');
    runPython(
      `${MODELS}
import sys
fused = ViT(True).state_dict()
torch.save(split(fused), sys.argv[1])
try:
    ViT(True).load_state_dict(split(fused))
    raise SystemExit('loaded')
except RuntimeError as e:
    open(sys.argv[2], 'w').write(str(e))
`,
      [ckpt, err],
    );
    expect(readFileSync(err, 'utf8')).toMatch(/Unexpected key\(s\) in state_dict: "blocks\.0\.attn\.q\.weight"/);
    const text = await runCli(['explain', err, '--json']);
    expect(text.code).toBe(1);
    const j = JSON.parse(text.stdout) as { fixable: boolean; complete: boolean; fix: string | null; plan: { ops: { op: string; pattern?: string; replacement?: string }[] }; causes: { code: string; message: string }[] };
    // before: `rename ^blocks\.0\.attn\.q\. → blocks.0.attn.qkv.` under `fix:`, fixable true
    expect(j.plan.ops.filter((o) => o.op === 'rename' && /qkv/.test(o.replacement ?? ''))).toEqual([]);
    expect(j).toMatchObject({ fixable: false, complete: false, fix: null });
    expect(j.causes[0]).toMatchObject({ code: 'fused_unknown_shape' });
    expect(j.causes[0]!.message).toMatch(/the model's .*qkv.* fused into one, which the checkpoint keeps apart.*give the checkpoint too/);
    const words = await runCli(['explain', err]);
    expect(words.stdout).not.toMatch(/^fix:/m);
    // with the checkpoint: joined, applied, loaded
    const planPath = join(tmp.dir, 'parts-plan.json');
    const plan = await runCli(['plan', ckpt, err, '-o', planPath]);
    expect(plan.code).toBe(0);
    expect(validatePlan(JSON.parse(readFileSync(planPath, 'utf8')), planPath).ops.some((o) => o.op === 'concat')).toBe(true);
    const out = join(tmp.dir, 'parts-out.pt');
    await runCli(['apply', ckpt, planPath, '-o', out]);
    const says = runPython(
      `${MODELS}
import sys
out = torch.load(sys.argv[1], weights_only=True)
parts = torch.load(sys.argv[2])
want = {}
for k, v in parts.items():
    if '.attn.q.' in k: want[k.replace('.q.', '.qkv.')] = torch.cat([v, parts[k.replace('.q.', '.k.')], parts[k.replace('.q.', '.v.')]])
    elif '.attn.k.' in k or '.attn.v.' in k: pass
    else: want[k] = v
print(strict_equal(ViT(True), out, want, True))
`,
      [out, ckpt],
    ).trim();
    expect(says).toBe('equal');
  });
});
