import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython, tempDir, torchPython } from '../helpers/torch.js';

/**
 * Review 18 F6 (S11b): a GPT-2-style model whose Conv1D layers (weight stored [in, out]) became nn.Linear
 * ([out, in]) under the same names. A square weight has the same key and shape either way: `check` called it
 * "compatible — old checkpoints load as they are" and plan "already matches", while torch loaded every square
 * weight transposed. The Python writer now records each module's class (`modules`); with both manifests
 * recording one, check calls the change a transpose the classes decide (review 23 F7) and its plan carries it; against the
 * old checkpoint alone (no classes) plan lists the square weights as undecided, never "matches".
 */

const MODELS = `
import torch, torch.nn as nn
class Conv1D(nn.Module):
    def __init__(s, nx, nf, device=None):
        super().__init__()
        s.weight = nn.Parameter(torch.empty(nx, nf, device=device))
        s.bias = nn.Parameter(torch.zeros(nf, device=device))
def layer(conv, i, o, device):
    return Conv1D(i, o, device) if conv else nn.Linear(i, o, device=device)
class Block(nn.Module):
    def __init__(s, conv, square_only, device=None):
        super().__init__()
        s.c_attn = layer(conv, 8, 8, device)
        s.c_proj = layer(conv, 8, 8, device)
        if not square_only:
            s.c_fc = layer(conv, 8, 32, device)
class Model(nn.Module):
    def __init__(s, conv=False, square_only=True, device=None):
        super().__init__()
        s.h = nn.ModuleList([Block(conv, square_only, device) for _ in range(2)])
def OldSquare(device=None): return Model(True, True, device)
def NewSquare(device=None): return Model(False, True, device)
def OldMixed(device=None): return Model(True, False, device)
def NewMixed(device=None): return Model(False, False, device)
`;

/** Where each old tensor lands in the new model: every Conv1D weight transposed, biases as they are. */
const VERIFY = `${MODELS}
import sys
src, out = torch.load(sys.argv[1]), torch.load(sys.argv[2])
m = {'square': NewSquare, 'mixed': NewMixed}[sys.argv[3]]()
m.load_state_dict(out, strict=True)
for k, v in m.state_dict().items():
    want = src[k].t() if k.endswith('.weight') else src[k]
    assert torch.equal(v, want), k
print('ok', len(out))`;

const SCRIPT = join(__dirname, '../../python/sdmatch_manifest.py');

describeWithTorch('a Conv1D → Linear refactor under unchanged names, square and not (real torch, review 18 F6)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  const manifest = (ctor: string, out: string) => execFileSync(torchPython!, [SCRIPT, 'module', `gptconv:${ctor}`, '-o', at(out)], { cwd: tmp.dir, stdio: 'pipe' });
  beforeAll(() => {
    tmp = tempDir('conv1dclass');
    writeFileSync(at('gptconv.py'), MODELS);
    for (const [ctor, out] of [['OldSquare', 'old-square.json'], ['NewSquare', 'new-square.json'], ['OldMixed', 'old-mixed.json'], ['NewMixed', 'new-mixed.json']] as const) manifest(ctor, out);
    for (const kind of ['Square', 'Mixed']) {
      runPython(`${MODELS}\nimport sys\ntorch.manual_seed(0)\nm = Old${kind}()\nfor p in m.parameters(): p.data.copy_(torch.randn_like(p))\ntorch.save(m.state_dict(), sys.argv[1])`, [at(`old-${kind.toLowerCase()}.pt`)]);
    }
  });
  afterAll(() => tmp.cleanup());

  it('the manifest records each module class', () => {
    const old = JSON.parse(readFileSync(at('old-square.json'), 'utf8')).modules;
    expect(old).toEqual({ 'h.0.c_attn': 'Conv1D', 'h.0.c_proj': 'Conv1D', 'h.1.c_attn': 'Conv1D', 'h.1.c_proj': 'Conv1D' });
    expect(JSON.parse(readFileSync(at('new-square.json'), 'utf8')).modules['h.0.c_attn']).toBe('Linear');
  });

  for (const kind of ['square', 'mixed'] as const) {
    it(`check (${kind}): not compatible; its plan transposes every weight; torch loads strict=True, every tensor right`, async () => {
      const check = await runCli(['check', at(`old-${kind}.json`), at(`new-${kind}.json`), '--plan-out', at(`migrate-${kind}.json`), '--no-color']);
      expect(check.stdout).not.toMatch(/compatible/);
      // decided by the classes, not a guess (review 23 F7): the row names them
      expect(check.stdout).toMatch(/the manifests record its module as a Conv1D before \(stored \[in, out\]\) and a Linear now/);
      expect(check.stdout).not.toMatch(/values unverified/);
      const ops = JSON.parse(readFileSync(at(`migrate-${kind}.json`), 'utf8')).ops as { op: string; pattern?: string }[];
      expect(ops.every((o) => o.op === 'transpose')).toBe(true);
      const applied = await runCli(['apply', at(`old-${kind}.pt`), at(`migrate-${kind}.json`), '-o', at(`out-${kind}.pt`)]);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      const out = runPython(VERIFY, [at(`old-${kind}.pt`), at(`out-${kind}.pt`), kind]);
      expect(out.trim()).toBe(`ok ${kind === 'square' ? 8 : 12}`);
    });
  }

  it('plan from the old checkpoint (no classes) to the Linear model: the square weights are undecided, not "matches"', async () => {
    const plan = await runCli(['plan', at('old-square.pt'), at('new-square.json'), '--json']);
    expect(plan.code).toBe(1);
    const report = JSON.parse(plan.stdout);
    expect(report.complete).toBe(false);
    expect(report.ambiguities.map((a: { keys: string[] }) => a.keys[0]).sort()).toEqual(['h.0.c_attn.weight', 'h.0.c_proj.weight', 'h.1.c_attn.weight', 'h.1.c_proj.weight']);
    expect(report.ambiguities[0].reason).toMatch(/^values unverified: transpose\?/);
  });
});
