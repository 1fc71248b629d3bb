import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * `plan check` against shapes, judged by real PyTorch (review 11 F5): plans `sdmatch plan` made from
 * torch-written checkpoints (a fused qkv split, GPT-2 Conv1D transposes, linear → 1×1 conv reshapes),
 * then edited by hand as a person might (split sizes, a transpose widened to biases, one trailing 1 too
 * many). Names still line up, so plan check used to say "exact" (exit 0) while apply refused and torch
 * refused what it wrote. Now plan check runs the ops over the source's shapes and names each op and
 * tensor EXPECTED contradicts; without the source it says the shapes were not checked. And a plan file
 * names its source and target so that commands run from another folder find them (review 11 F8).
 */

const MAKE = `
import sys, torch
from collections import OrderedDict as OD
torch.manual_seed(0)
R = torch.randn
d = sys.argv[1]
s, t = OD(), OD()
for i in range(2):
    w, b = R(48, 16), R(48)
    s[f'layers.{i}.attn.qkv.weight'] = w; s[f'layers.{i}.attn.qkv.bias'] = b
    for j, n in enumerate('qkv'):
        t[f'layers.{i}.attn.{n}_proj.weight'] = w[16*j:16*(j+1)].clone(); t[f'layers.{i}.attn.{n}_proj.bias'] = b[16*j:16*(j+1)].clone()
    s[f'layers.{i}.attn.out.weight'] = R(16, 16); t[f'layers.{i}.attn.out.weight'] = s[f'layers.{i}.attn.out.weight']
torch.save(s, d + '/split/src.pt'); torch.save(t, d + '/split/tgt.pt')
s, t = OD(), OD()
for i in range(2):
    w = R(16, 48); s[f'h.{i}.attn.c_attn.weight'] = w; s[f'h.{i}.attn.c_attn.bias'] = R(48)
    t[f'h.{i}.attn.c_attn.weight'] = w.t().contiguous(); t[f'h.{i}.attn.c_attn.bias'] = s[f'h.{i}.attn.c_attn.bias']
    w2 = R(16, 64); s[f'h.{i}.mlp.c_fc.weight'] = w2; t[f'h.{i}.mlp.c_fc.weight'] = w2.t().contiguous()
torch.save(s, d + '/transpose/src.pt'); torch.save(t, d + '/transpose/tgt.pt')
s, t = OD(), OD()
for i in range(3):
    w = R(8, 6); s[f'stages.{i}.linear.weight'] = w; t[f'stages.{i}.linear.weight'] = w.reshape(8, 6, 1, 1).clone()
    s[f'stages.{i}.linear.bias'] = R(8); t[f'stages.{i}.linear.bias'] = s[f'stages.{i}.linear.bias']
torch.save(s, d + '/reshape/src.pt'); torch.save(t, d + '/reshape/tgt.pt')
`;

/** What torch says of a strict load of OUT into a module with TARGET's names and shapes: 'ok' or its error. */
const STRICT = `
import sys, torch
out, tgt = torch.load(sys.argv[1]), torch.load(sys.argv[2])
m = torch.nn.Module()
for k, v in tgt.items():
    *path, name = k.split('.')
    o = m
    for p in path:
        if not hasattr(o, p): o.add_module(p, torch.nn.Module())
        o = getattr(o, p)
    o.register_parameter(name, torch.nn.Parameter(torch.zeros_like(v)))
try:
    m.load_state_dict(out, strict=True)
    assert all(torch.equal(m.state_dict()[k], v) for k, v in tgt.items())
    print('ok')
except RuntimeError as e:
    print(str(e).splitlines()[1].strip())
`;

const BIN = join(__dirname, '../../bin/sdmatch.js');

describeWithTorch('plan check: shapes, as apply and torch see them (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (...f: string[]) => join(tmp.dir, ...f);
  const edit = (kase: string, name: string, change: (plan: { ops: Record<string, unknown>[] }) => void) => {
    const plan = JSON.parse(readFileSync(at(kase, 'plan.json'), 'utf8'));
    change(plan);
    writeFileSync(at(kase, name), JSON.stringify(plan));
    return at(kase, name);
  };
  beforeAll(async () => {
    tmp = tempDir('plancheck');
    for (const k of ['split', 'transpose', 'reshape']) mkdirSync(at(k));
    runPython(MAKE, [tmp.dir]);
    for (const k of ['split', 'transpose', 'reshape']) {
      const made = await runCli(['plan', at(k, 'src.pt'), at(k, 'tgt.pt'), '-o', at(k, 'plan.json')]);
      expect(made.code, made.stdout + made.stderr).toBe(0);
    }
  });
  afterAll(() => tmp.cleanup());

  it('the plans as made are exact, shapes included, and what apply writes torch loads', async () => {
    for (const k of ['split', 'transpose', 'reshape']) {
      const c = await runCli(['plan', 'check', at(k, 'plan.json'), at(k, 'tgt.pt')]);
      expect(c.code, c.stdout).toBe(0);
      expect(c.stdout).toMatch(/^exact: .* every shape the model's \(shapes from /);
      expect((await runCli(['apply', at(k, 'src.pt'), at(k, 'plan.json'), '-o', at(k, 'out.pt')])).code).toBe(0);
      expect(runPython(STRICT, [at(k, 'out.pt'), at(k, 'tgt.pt')]).trim()).toBe('ok');
    }
  });

  it('edited split sizes: not exact (exit 1), each tensor named with the split; apply refuses, and so does torch', async () => {
    const plan = edit('split', 'sizes.json', (p) => {
      const split = p.ops.find((o) => o.op === 'split' && /weight/.test(String(o.pattern ?? o.key)))!;
      split.sizes = [8, 8, 32];
    });
    const c = await runCli(['plan', 'check', plan, at('split', 'tgt.pt')]);
    expect(c.code, c.stdout).toBe(1);
    expect(c.stdout).toMatch(/^not exact: .*: 6 tensors of another shape than the model's/);
    expect(c.stdout).toMatch(/'layers\.0\.attn\.q_proj\.weight': \[8, 16\] made by ops\[\d+\] \(split .*\); the model has \[16, 16\]/);
    expect(c.stdout).toMatch(/'layers\.1\.attn\.v_proj\.weight': \[32, 16\] made by ops\[\d+\] \(split /);
    const json = JSON.parse((await runCli(['plan', 'check', plan, at('split', 'tgt.pt'), '--json'])).stdout);
    expect(json.exact).toBe(false);
    expect(json.shapes.checked).toBe(true);
    expect(json.shapes.contradictions.map((x: { key: string }) => x.key).sort()).toEqual(['k', 'q', 'v'].flatMap((n) => [0, 1].map((i) => `layers.${i}.attn.${n}_proj.weight`)).sort());
    const applied = await runCli(['apply', at('split', 'src.pt'), plan, '-o', at('split', 'sizes.pt')]);
    expect(applied.code).toBe(1);
    expect(runPython(STRICT, [at('split', 'sizes.pt'), at('split', 'tgt.pt')])).toMatch(/size mismatch for layers\.\d\.attn\.[qkv]_proj\.weight/);
  });

  it('a transpose widened to biases, and one trailing 1 too many: the op and the tensor named; apply refuses', async () => {
    const widened = edit('transpose', 'widened.json', (p) => {
      p.ops[0]!.pattern = String(p.ops[0]!.pattern).replace(/weight/, '(?:weight|bias)');
      delete p.ops[0]!.key;
    });
    const t = await runCli(['plan', 'check', widened, at('transpose', 'tgt.pt')]);
    expect(t.code, t.stdout).toBe(1);
    expect(t.stdout).toMatch(/ops\[0\] \(transpose .*\): 'h\.0\.attn\.c_attn\.bias': dims \[1, 0\] has 2 entries but the tensor has shape \[48\]/);
    expect((await runCli(['apply', at('transpose', 'src.pt'), widened, '-o', at('transpose', 'widened.pt')])).code).toBe(2);

    const ones = edit('reshape', 'ones.json', (p) => {
      p.ops[0]!.addTrailingOnes = 3;
    });
    const r = await runCli(['plan', 'check', ones, at('reshape', 'tgt.pt')]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/'stages\.0\.linear\.weight': \[8, 6, 1, 1, 1\] made by ops\[0\] \(reshape .*\); the model has \[8, 6, 1, 1\]/);
    expect((await runCli(['apply', at('reshape', 'src.pt'), ones, '-o', at('reshape', 'ones.pt')])).code).toBe(1);
    expect(runPython(STRICT, [at('reshape', 'ones.pt'), at('reshape', 'tgt.pt')])).toMatch(/size mismatch for stages\.\d\.linear\.weight/);
  });

  it('without the source, the verdict is names only, and says so', async () => {
    const plan = JSON.parse(readFileSync(at('split', 'sizes.json'), 'utf8'));
    plan.source.file = at('split', 'gone.pt');
    writeFileSync(at('split', 'nosource.json'), JSON.stringify(plan));
    const c = await runCli(['plan', 'check', at('split', 'nosource.json'), at('split', 'tgt.pt')]);
    expect(c.stdout).toMatch(/^exact by name only: .*; shapes not checked: the plan's source .*gone\.pt is not a file here \(give --source CHECKPOINT\)/);
    expect(c.stdout).not.toMatch(/^exact:/);
    // given the checkpoint, the contradiction is found
    expect((await runCli(['plan', 'check', at('split', 'nosource.json'), at('split', 'tgt.pt'), '--source', at('split', 'src.pt')])).code).toBe(1);
  });

  it('a plan made with relative paths names its source and target so that apply and plan check run elsewhere find them', () => {
    mkdirSync(at('elsewhere'));
    const run = (cwd: string, args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
    const made = run(at('split'), ['plan', 'src.pt', 'tgt.pt', '-o', 'rel.json']);
    expect(made.status, made.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(at('split', 'rel.json'), 'utf8'));
    // named from the plan file's folder (src/plan/plan-paths.ts)
    expect([plan.paths, plan.target.file, plan.source.file]).toEqual(['relative-to-plan', 'tgt.pt', 'src.pt']);
    plan.ops.find((o: { op: string; pattern?: string }) => o.op === 'split' && /weight/.test(String(o.pattern))).sizes = [8, 8, 32];
    // edited by hand into another folder, it names the files from there
    writeFileSync(at('elsewhere', 'rel.e.json'), JSON.stringify({ ...plan, target: { ...plan.target, file: '../split/tgt.pt' }, source: { ...plan.source, file: '../split/src.pt' } }));
    // from another folder, with the edited plan in a third: the target is found and the refusal reported
    const applied = run(tmp.dir, ['apply', at('split', 'src.pt'), at('elsewhere', 'rel.e.json'), '-o', at('elsewhere', 'out.pt')]);
    expect(applied.status, applied.stdout).toBe(1);
    expect(applied.stdout).not.toMatch(/not checked/);
    const checked = run(tmp.dir, ['plan', 'check', at('elsewhere', 'rel.e.json'), at('split', 'tgt.pt')]);
    expect(checked.status, checked.stdout).toBe(1);
    expect(checked.stdout).toMatch(/tensors of another shape than the model's/);
  });
});
