import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { STRICT_EQUAL_PY } from '../helpers/torch-plan.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Review 20's findings (notes/review20) as tests: each situation built in real PyTorch (distinct random
 * weights, the checkpoint as users have it, torch's own load_state_dict error text), then `sdmatch plan` and
 * `apply` followed as printed, the output loaded strict=True into the real model and every tensor compared
 * with what it must hold. Whether advice loses or corrupts a weight is judged by torch, never by sdmatch.
 */

const MODELS = `${STRICT_EQUAL_PY}
import torch, torch.nn as nn, sys, os
def rnd(m, seed):
    torch.manual_seed(seed)
    with torch.no_grad():
        for p in m.state_dict().values():
            p.copy_(torch.randn_like(p.float()).to(p.dtype) if p.is_floating_point() else p)
    return m
def sd_of(m): return {k: v.clone() for k, v in m.state_dict().items()}
class Sub(nn.Module):
    def __init__(s, n): super().__init__(); s.submodule = nn.Linear(n, n); s.proj = nn.Linear(n, 2 * n)
class Over(nn.Module):
    # review 20 F1: a Linear under \`submodule\`, which k.replace('module.', '') over-strips
    def __init__(s, n): super().__init__(); s.enc = Sub(n); s.fc = nn.Linear(2 * n, 2)
class Attn(nn.Module):
    def __init__(s, d, bias): super().__init__(); s.attn = nn.Linear(d, d, bias=bias); s.ln = nn.LayerNorm(d)
class LM(nn.Module):
    # review 20 F2: attention trained with a bias, the model's code builds it bias=False
    def __init__(s, bias, d=8): super().__init__(); s.emb = nn.Embedding(11, d); s.layers = nn.ModuleList([Attn(d, bias) for _ in range(2)]); s.out = nn.Linear(d, 11)
class Cls(nn.Module):
    # review 20 F3: a classifier whose class count its code defaults to 1000
    def __init__(s, ncls=1000, d=8): super().__init__(); s.body = nn.Linear(d, d); s.norm = nn.LayerNorm(d); s.head = nn.Linear(d, ncls)
class Feat(nn.Module):
    # review 20 F9: a small CNN (a stem, BatchNorm, a head), as DataParallel saves it
    def __init__(s, nc=6): super().__init__(); s.features = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU(), nn.Conv2d(8, 8, 3)); s.fc = nn.Linear(8, nc)
class RelBlk(nn.Module):
    # review 20 F4: Swin-like, relative_position_index and attn_mask saved; non-persistent in the model
    def __init__(s, persistent, d=8, win=3):
        super().__init__(); s.relative_position_bias_table = nn.Parameter(torch.zeros((2 * win - 1) ** 2, 2))
        c = torch.stack(torch.meshgrid(torch.arange(win), torch.arange(win), indexing='ij')).flatten(1)
        r = (c[:, :, None] - c[:, None, :]).permute(1, 2, 0) + (win - 1)
        s.register_buffer('relative_position_index', r[..., 0] * (2 * win - 1) + r[..., 1], persistent=persistent)
        s.register_buffer('attn_mask', torch.zeros(4, win * win, win * win), persistent=persistent)
        s.qkv = nn.Linear(d, 3 * d); s.proj = nn.Linear(d, d)
class Swinish(nn.Module):
    def __init__(s, persistent): super().__init__(); s.layers = nn.ModuleList([RelBlk(persistent) for _ in range(2)]); s.head = nn.Linear(8, 4)
def case(d, model, ckpt, truth):
    """ckpt.pt, tgt.pt (the model's own state dict), truth.pt, model.pt and err.txt: torch's error for load_state_dict(ckpt)"""
    torch.save(ckpt, os.path.join(d, 'ckpt.pt')); torch.save(truth, os.path.join(d, 'truth.pt'))
    torch.save(sd_of(model), os.path.join(d, 'tgt.pt')); torch.save(model, os.path.join(d, 'model.pt'))
    try:
        model.load_state_dict(ckpt); raise SystemExit('loaded: no error')
    except RuntimeError as e:
        open(os.path.join(d, 'err.txt'), 'w').write('Traceback (most recent call last):\\n  File "train.py", line 1, in <module>\\nRuntimeError: ' + str(e) + '\\n')
`;

/** The output OUT loaded strict=True into the model, every tensor compared with truth.pt: 'equal', 'DIFFERENT: keys' or 'REFUSED …'. */
const VERDICT_PY = `${MODELS}
d, out = sys.argv[1], sys.argv[2]
model = torch.load(os.path.join(d, 'model.pt')); truth = torch.load(os.path.join(d, 'truth.pt')); sd = torch.load(out)
try:
    model.load_state_dict(sd, strict=True)
except RuntimeError as e:
    print('REFUSED ' + str(e).splitlines()[0]); sys.exit()
got = model.state_dict()
wrong = [k for k in truth if not torch.equal(got[k], truth[k])]
print('DIFFERENT: ' + ' '.join(wrong) if wrong else 'equal')
`;

describeWithTorch('review 20: plan and apply followed, judged by torch', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('review20');
  });
  afterAll(() => tmp.cleanup());

  function build(name: string, python: string): string {
    const d = join(tmp.dir, name);
    runPython(`${MODELS}\nos.makedirs(sys.argv[1], exist_ok=True)\n${python}`, [d]);
    return d;
  }
  /** plan CKPT AGAINST, then apply; the apply's exit code and torch's verdict on what it wrote (or 'no output'). */
  async function planApply(d: string, against: string, tag: string): Promise<{ plan: number; apply: number; verdict: string; planOut: string }> {
    const plan = join(d, `plan-${tag}.json`);
    const out = join(d, `out-${tag}.pt`);
    const p = await runCli(['plan', join(d, 'ckpt.pt'), against, '-o', plan, '--no-color']);
    const a = await runCli(['apply', join(d, 'ckpt.pt'), plan, '-o', out, '--no-color']);
    const verdict = a.code === 0 ? runPython(VERDICT_PY, [d, out]).trim() : 'no output';
    return { plan: p.code, apply: a.code, verdict, planOut: p.stdout };
  }

  it('F1: a Linear over-stripped by k.replace("module.", "") (enc.submodule.weight → enc.subweight) is renamed back, never transposed', async () => {
    for (const n of [4, 8]) {
      const d = build(
        `over-${n}`,
        `src = rnd(Over(${n}), 100); truth = sd_of(src)
bad = {('module.' + k).replace('module.', ''): v for k, v in truth.items()}
case(sys.argv[1], rnd(Over(${n}), 7), bad, truth)`,
      );
      for (const [against, tag] of [[join(d, 'tgt.pt'), 'model'], [join(d, 'err.txt'), 'err']] as const) {
        const r = await planApply(d, against, tag);
        expect(r.planOut, `${n} ${tag}`).not.toContain('transpose');
        expect(r.verdict, `${n} ${tag}: ${r.planOut}`).toBe('equal');
      }
    }
  }, 600_000);

  it('F2: trained biases the model\'s code lacks: plan CKPT ERROR marks their drop as plan CKPT MODEL does, and apply refuses it (no output that loses them and says "verified")', async () => {
    const d = build(
      'bias-lacking',
      `src = rnd(LM(True), 28); full = sd_of(src)
case(sys.argv[1], rnd(LM(False), 7), full, {k: v for k, v in full.items() if not k.endswith('attn.bias')})`,
    );
    for (const [against, tag] of [[join(d, 'err.txt'), 'err'], [join(d, 'tgt.pt'), 'model']] as const) {
      const r = await planApply(d, against, tag);
      expect(r.plan, tag).toBe(1);
      expect(r.planOut, tag).toContain('NOT A SETTLED FIX');
      expect(r.apply, tag).toBe(2);
      expect(r.verdict, tag).toBe('no output');
    }
  }, 600_000);

  it('F3: a 6-class fine-tune against a model built with the default 1000: plan CKPT MODEL says to build it with 6 classes and apply refuses the head drop (no strict load with a random head); built so, it loads every tensor', async () => {
    const d = build(
      'default-count',
      `src = rnd(Cls(6), 31); full = sd_of(src)
case(sys.argv[1], rnd(Cls(), 7), full, full)
torch.save(sd_of(Cls(6)), os.path.join(sys.argv[1], 'tgt6.pt')); torch.save(Cls(6), os.path.join(sys.argv[1], 'model6.pt'))`,
    );
    const r = await planApply(d, join(d, 'tgt.pt'), 'model');
    expect(r.plan).toBe(1);
    expect(r.planOut.split('\n').slice(0, 2).join('\n')).toMatch(/has 1000 outputs \(a default count\) and the checkpoint's 6: .*build it with 6 classes/);
    expect(r.planOut).not.toContain('own = model.state_dict()');
    expect(r.planOut).toContain('NOT A SETTLED FIX');
    expect(r.apply).toBe(2);
    expect(r.verdict).toBe('no output');
    // what the words say decides it: the model built with 6 classes takes the checkpoint as it is, every tensor equal
    const p6 = await runCli(['plan', join(d, 'ckpt.pt'), join(d, 'tgt6.pt'), '-o', join(d, 'plan6.json')]);
    expect(p6.code).toBe(0);
    const a6 = await runCli(['apply', join(d, 'ckpt.pt'), join(d, 'plan6.json'), '-o', join(d, 'out6.pt')]);
    expect(a6.code).toBe(0);
    expect(runPython(VERDICT_PY.replaceAll("'model.pt'", "'model6.pt'"), [d, join(d, 'out6.pt')]).trim()).toBe('equal');
    // asked for (--drop), the drop is the user's: planned without the mark
    const dropped = await runCli(['plan', join(d, 'ckpt.pt'), join(d, 'tgt.pt'), '--drop', '^head\\.', '--json']);
    expect(JSON.parse(dropped.stdout).plan.ops.some((o: { unsettled?: boolean }) => o.unsettled)).toBe(false);
  }, 600_000);

  it('F6: canonical failure 4 from the error text alone (DDP under `model`, every key listed by name): apply exits 1 naming the ImageNet-21k head torch then refuses; the same with a head of the model\'s own count exits 0 and loads', async () => {
    for (const [ncls, built] of [[21841, 6], [10, 10]] as const) {
      const d = build(
        `ddp-head-${ncls}`,
        `src = rnd(Cls(${ncls}), 41); truth = sd_of(src)
ddp = {'module.' + k: v for k, v in truth.items()}
case(sys.argv[1], rnd(Cls(${built}), 7), ddp, {k: v for k, v in truth.items() if ${ncls} == ${built} or not k.startswith('head.')})
torch.save({'model': ddp, 'epoch': 300}, os.path.join(sys.argv[1], 'ckpt.pt'))  # the error is load_state_dict(ckpt['model'])'s`,
      );
      const plan = join(d, 'plan.json');
      const out = join(d, 'out.pt');
      // plan and explain exit as apply does on the plan's output (s22-mend: both exited 0 on the 21841 head), with
      // apply's last line, said of the state dict after the plan
      const p = await runCli(['plan', join(d, 'ckpt.pt'), join(d, 'err.txt'), '-o', plan, '--no-color']);
      const e = await runCli(['explain', join(d, 'ckpt.pt'), join(d, 'err.txt'), '--no-color']);
      const ej = JSON.parse((await runCli(['explain', join(d, 'ckpt.pt'), join(d, 'err.txt'), '--json'])).stdout) as { complete: boolean };
      for (const r of [p, e]) {
        const last = r.stdout.trim().split('\n').at(-1)!;
        if (ncls !== built) {
          expect(r.code, `${ncls}: ${r.stdout}`).toBe(1);
          expect(r.stdout.split('\n')[0]).toMatch(/^not shown to load with strict=True: .*head `head` has 21841 outputs, ImageNet-21k's classes/);
          expect(last).toMatch(/^exit 1: the state dict after the plan is not shown to load with strict=True into the model behind .*err\.txt: its head `head` has ImageNet-21k's 21841 classes/);
        } else {
          expect(r.code, `${ncls}: ${r.stdout}`).toBe(0);
          expect(last).not.toMatch(/^exit 1/);
        }
      }
      expect(ej.complete, `${ncls}`).toBe(ncls === built);
      const a = await runCli(['apply', join(d, 'ckpt.pt'), plan, '-o', out, '--no-color']);
      expect(a.stderr, `${ncls}`).toBe('');
      const lines = a.stdout.trim().split('\n');
      const verdict = runPython(VERDICT_PY, [d, out]).trim();
      if (ncls !== built) {
        // the text gives no shapes, but the checkpoint's head is ImageNet-21k's: not shown to load, and torch agrees
        expect(a.code, a.stdout).toBe(1);
        expect(lines[0]).toMatch(/^not shown to load with strict=True: .*head `head` has 21841 outputs, ImageNet-21k's classes/);
        expect(lines.at(-1)).toMatch(/^exit 1: the output is not shown to load with strict=True into the model behind .*err\.txt: its head `head` has ImageNet-21k's 21841 classes/);
        expect(verdict).toMatch(/^REFUSED/);
      } else {
        // a head of the user's own count (canonical failure 1's case): names checked, shapes said not compared, exit 0; torch loads it
        expect(a.code, a.stdout).toBe(0);
        expect(lines[0]).toMatch(/^checked, not verified: .*their shapes were not compared/);
        expect(verdict).toBe('equal');
      }
    }
  }, 600_000);

  it('F9: a Missing-only paste (the Unexpected list left out) with the DataParallel checkpoint: the keys are the checkpoint\'s under `module.`, so the fix strips it (not "no source in the checkpoint"); followed, strict=True, every tensor equal', async () => {
    const d = build(
      'dp-missing-only',
      `src = rnd(Feat(), 43); truth = sd_of(src)
ddp = {'module.' + k: v for k, v in truth.items()}
case(sys.argv[1], rnd(Feat(), 7), ddp, truth)
torch.save({'model': ddp, 'epoch': 3}, os.path.join(sys.argv[1], 'ckpt.pt'))  # the error is load_state_dict(ckpt['model'])'s
err = open(os.path.join(sys.argv[1], 'err.txt')).read()
open(os.path.join(sys.argv[1], 'err-missonly.txt'), 'w').write(err[:err.index('Unexpected key(s)')].rstrip() + '\\n')`,
    );
    const err = join(d, 'err-missonly.txt');
    const e = await runCli(['explain', join(d, 'ckpt.pt'), err, '--no-color']);
    expect(e.stdout).not.toContain('no source in the checkpoint');
    expect(e.stdout).toMatch(/^fix: state_dict = checkpoint\['model'\]; state_dict = \{\(k\[7:\] if k\.startswith\('module\.'\)/m);
    const r = await planApply(d, err, 'missonly');
    expect(r.plan, r.planOut).toBe(0);
    expect(r.apply).toBe(0);
    expect(r.verdict).toBe('equal');
  }, 600_000);

  it('F4: a cut text naming `layers` only by its recomputed buffers: the plan drops those buffers, every trained `layers.*` tensor stays', async () => {
    const d = build(
      'swin-cut',
      `src = rnd(Swinish(True), 17); ref = Swinish(True); full = sd_of(src)
for k in full:
    if 'attn_mask' in k or 'relative_position_index' in k: full[k] = ref.state_dict()[k].clone()
case(sys.argv[1], rnd(Swinish(False), 7), full, {k: v for k, v in full.items() if 'attn_mask' not in k and 'relative_position_index' not in k})
err = open(os.path.join(sys.argv[1], 'err.txt')).read(); cut = err[:err.index('"layers.1.relative_position_index"')] + '"layers.1.relative_position_index", ...\\n'
open(os.path.join(sys.argv[1], 'err-cut.txt'), 'w').write(cut)`,
    );
    const plan = join(d, 'plan-cut.json');
    const out = join(d, 'out-cut.pt');
    await runCli(['plan', join(d, 'ckpt.pt'), join(d, 'err-cut.txt'), '-o', plan]);
    await runCli(['apply', join(d, 'ckpt.pt'), plan, '-o', out]);
    // every trained tensor in the output, equal; what a strict load may still refuse is only a buffer the cut hid
    const verdict = runPython(`${MODELS}\nsd = torch.load(sys.argv[2]); truth = torch.load(os.path.join(sys.argv[1], 'truth.pt'))
lost = [k for k in truth if k not in sd or not torch.equal(sd[k], truth[k])]
extra = [k for k in sd if k not in truth and 'attn_mask' not in k and 'relative_position_index' not in k]
print('ok' if not lost and not extra else f'lost {lost} extra {extra}')`, [d, out]).trim();
    expect(verdict).toBe('ok');
  }, 600_000);
});
