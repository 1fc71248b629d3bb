import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { STRICT_EQUAL_PY, TIED_LM_PY } from '../helpers/torch-plan.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Review 24 F4 (s24-verify F10b): a model ties `lm_head.weight` to `embed.weight`; the checkpoint (saved under
 * DataParallel) holds them as two tensors. Where their bytes are equal (any per-tensor copy of a tied model: `.half()`,
 * `.clone()`), plan said "the trained values of `embed.weight` are lost" and apply exited 1: nothing is lost, and the
 * file shows it. With the checkpoint in hand the two tensors are compared: equal → no loss claimed, exit 0, the note
 * says the bytes were compared; different (the control) → still lost, exit 1. Torch judges the output.
 */
const LM_PY = `${STRICT_EQUAL_PY}
${TIED_LM_PY}`;

const BUILD_PY = `${LM_PY}
d = sys.argv[1]
torch.manual_seed(0)
for case in ('equal', 'differ'):
    m = LM(False)
    if case == 'equal':
        with torch.no_grad(): m.lm_head.weight.copy_(m.embed.weight)
    sd = {'module.' + k: v.clone() for k, v in m.state_dict().items()}
    torch.save(sd, os.path.join(d, case + '.pt'))
torch.save(LM(True).state_dict(), os.path.join(d, 'tgt.pt'))
`;

/** The output loaded strict=True into the tied model: every tensor as the checkpoint's, `module.` stripped. */
const JUDGE_PY = `${LM_PY}
d, case = sys.argv[1], sys.argv[2]
src = torch.load(os.path.join(d, case + '.pt'))
out = torch.load(os.path.join(d, case + '.out.pt'))
print(strict_equal(LM(True), out, {k[7:]: v for k, v in src.items()}))
`;

describeWithTorch('a tie written from two tensors of equal bytes loses nothing (review 24 F4)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('sdmatch-tie-equal-');
    runPython(BUILD_PY, [tmp.dir]);
  });
  afterAll(() => tmp?.cleanup());

  it('equal bytes: plan exits 0 without "lost", says they were compared; apply exits 0; torch: every tensor right', async () => {
    const plan = join(tmp.dir, 'equal.plan.json');
    const p = await runCli(['plan', join(tmp.dir, 'equal.pt'), join(tmp.dir, 'tgt.pt'), '-o', plan]);
    expect(p.stdout).not.toMatch(/trained values of `[^`]+` are lost|where their values differ/);
    expect(p.stdout).toMatch(/their bytes are equal \(compared in the file\)/);
    expect(p.code, p.stdout).toBe(0);
    const a = await runCli(['apply', join(tmp.dir, 'equal.pt'), plan, '-o', join(tmp.dir, 'equal.out.pt')]);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(a.stdout).not.toMatch(/trained values are lost/);
    expect(runPython(JUDGE_PY, [tmp.dir, 'equal']).trim()).toBe('equal');
  });

  it('different bytes (the control): plan and apply still say embed.weight\'s trained values are lost, exit 1', async () => {
    const plan = join(tmp.dir, 'differ.plan.json');
    const p = await runCli(['plan', join(tmp.dir, 'differ.pt'), join(tmp.dir, 'tgt.pt'), '-o', plan]);
    expect(p.code).toBe(1);
    expect(p.stdout).toMatch(/the trained values of `embed\.weight` are lost/);
    expect(p.stdout).not.toMatch(/bytes are equal/);
    const a = await runCli(['apply', join(tmp.dir, 'differ.pt'), plan, '-o', join(tmp.dir, 'differ.out.pt')]);
    expect(a.code).toBe(1);
    expect(a.stdout).toMatch(/`embed\.weight`'s trained values are lost/);
  });
});

/**
 * Review 24 F4, rivals (s24-verify F10a): `{'model': sd, 'best_model': deepcopy(sd)}` (equal values, separate
 * storages) was "which trained values you mean is undecided … may hold other values (an EMA copy …)", exit 1. The
 * file shows they are the same weights: no choice, exit 0. An EMA copy that differs (the control) stays a choice.
 */
const SEL_PY = `${LM_PY}
import copy
d = sys.argv[1]
torch.manual_seed(0)
m = LM(False)
sd = m.state_dict()
torch.save({'model': sd, 'best_model': copy.deepcopy(sd)}, os.path.join(d, 'best.pt'))
ema = {k: v + 0.5 for k, v in sd.items()}
torch.save({'model': sd, 'model_ema': ema}, os.path.join(d, 'ema.pt'))
torch.save(LM(False).state_dict(), os.path.join(d, 'untied.pt'))
`;

describeWithTorch('two state dicts that fit, with the same bytes, are no choice (review 24 F4)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('sdmatch-sel-equal-');
    runPython(SEL_PY, [tmp.dir]);
  });
  afterAll(() => tmp?.cleanup());

  it('a deepcopy beside the weights: plan exits 0, says the two hold the same weights, records no rival; apply exits 0', async () => {
    const plan = join(tmp.dir, 'best.plan.json');
    const p = await runCli(['plan', join(tmp.dir, 'best.pt'), join(tmp.dir, 'untied.pt'), '-o', plan]);
    expect(p.stdout).not.toMatch(/undecided|may hold other values/);
    expect(p.stdout).toMatch(/hold the same weights \(every tensor's bytes compared\)/);
    expect(p.code, p.stdout).toBe(0);
    const a = await runCli(['apply', join(tmp.dir, 'best.pt'), plan, '-o', join(tmp.dir, 'best.out.pt')]);
    expect(a.code, a.stdout).toBe(0);
  });

  it('an EMA copy of other values (the control): still a choice, exit 1', async () => {
    const p = await runCli(['plan', join(tmp.dir, 'ema.pt'), join(tmp.dir, 'untied.pt')]);
    expect(p.code).toBe(1);
    expect(p.stdout).toMatch(/--select model_ema/);
    expect(p.stdout).not.toMatch(/same weights/);
  });
});
