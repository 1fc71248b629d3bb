import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { validatePlan } from '../../src/plan/validate.js';
import { runCli } from './capture-main.js';
import {
  explain, expectNoStrictFalseWhileKeysMove, expectNoSuccessPromise, fx, NAMES, scenario, words, type ExplainJson, type Name,
} from './canonical-scenarios.js';

/**
 * Issue 10's five canonical failures, end to end without torch: (a) what `sdmatch explain ERROR.txt` says from the
 * pasted error alone, then (b) with the checkpoint, `explain CKPT ERROR.txt` and `plan CKPT ERROR.txt -o plan.json`.
 * The expectations are the scenario files' (fixtures/canonical/*.scenario.json, checked with torch when generated);
 * canonical.full.test.ts applies the plans and lets torch judge.
 */

const errorOf = (name: Name) => fx(`canonical/${name}.error.txt`);
const ckptOf = (name: Name) => fx(scenario(name).source);

/**
 * The plan from the error alone maps the keys the error names; the checkpoint holds them under the prefix the user
 * stripped before loading (Lightning's `model.`, DDP's `module.`), so the scenario's mapping answers for them.
 */
function expectErrorKeysMapAsScenario(j: ExplainJson, name: Name, strippedByUser: string): void {
  const want = scenario(name).expected.mapping;
  const keys = Object.keys(j.plan.mapping);
  expect(keys.length).toBeGreaterThan(0);
  for (const k of keys) expect([k, j.plan.mapping[k]]).toEqual([k, want[strippedByUser + k]]);
}

describe('(a) from the pasted error alone', () => {
  it('deeplabcut-dataparallel: strip `module.`; nothing kept missing, nothing promised', async () => {
    const { j, text } = await explain([errorOf('deeplabcut-dataparallel')]);
    expect(j.plan.ops).toMatchObject([{ op: 'strip_prefix', prefix: 'module.' }]);
    expectErrorKeysMapAsScenario(j, 'deeplabcut-dataparallel', '');
    expect(j.plan.source.select).toEqual([]); // the user already loaded snapshot['model']: the error cannot show it
    expect(j).toMatchObject({ fixable: true, after: { missing: [], unexpected: [] }, keptMissing: [] });
    expect(j.summary).toContain('`module.`');
    expectNoStrictFalseWhileKeysMove(words(j, text), []);
    expectNoSuccessPromise(words(j, text));
  });

  it("depth-anything-ddp: the whole checkpoint was passed: select `model`, say to load checkpoint['model'], and that its keys are unseen", async () => {
    const { j, code, text } = await explain([errorOf('depth-anything-ddp')]);
    expect(j.plan.source.select).toEqual(['model']);
    expect(j.plan.ops).toEqual([]);
    expect(j.summary).toContain("checkpoint['model']");
    // the keys inside 'model' (DDP's `module.`) are not in the error: not complete, and it says how to find out
    expect(j).toMatchObject({ fixable: true, complete: false });
    expect(code).toBe(1);
    expect(j.uncertain.join('\n')).toMatch(/module\./);
    expect(j.uncertain.join('\n')).toMatch(/sdmatch explain CHECKPOINT ERROR\.txt|sdmatch inspect/);
    expectNoStrictFalseWhileKeysMove(words(j, text), []);
    expectNoSuccessPromise(words(j, text));
  });

  it('lightning-renamed-head: rename encoder.→backbone. and decoder.→neck. by structure, drop both head keys and keep them missing', async () => {
    const { j, text } = await explain([errorOf('lightning-renamed-head')]);
    expectErrorKeysMapAsScenario(j, 'lightning-renamed-head', 'model.');
    expect(j.keptMissing.map((k) => k.key)).toEqual(['head.weight', 'head.bias']);
    expect(j.after).toMatchObject({ missing: ['head.weight', 'head.bias'], unexpected: [] });
    expect(j.causes.map((c) => c.code)).not.toContain('another_model');
    expectNoStrictFalseWhileKeysMove(words(j, text), ['head.weight', 'head.bias']);
    expectNoSuccessPromise(words(j, text));
  });

  it('lightning-renamed-head: no strict=False advice before the plan, no success promise', async () => {
    const { j, text } = await explain([errorOf('lightning-renamed-head')]);
    expectNoStrictFalseWhileKeysMove(words(j, text), ['head.weight', 'head.bias']);
    expectNoSuccessPromise(words(j, text));
  });

  it('vit-21k-head: the 21841-class head is dropped and stays missing; the rest is said to load as it is', async () => {
    const { j, text } = await explain([errorOf('vit-21k-head')]);
    expectErrorKeysMapAsScenario(j, 'vit-21k-head', 'module.');
    expect(j.plan.ops).toMatchObject([{ op: 'drop' }]);
    expect(j.keptMissing.map((k) => k.key)).toEqual(['head.weight', 'head.bias']);
    expect(j.after).toMatchObject({ missing: ['head.weight', 'head.bias'], unexpected: [] });
    expect(j.summary).toMatch(/21841/);
    expect(j.summary).toMatch(/class count/);
    expectNoStrictFalseWhileKeysMove(words(j, text), ['head.weight', 'head.bias']);
    expectNoSuccessPromise(words(j, text));
  });

  it("var-trainer: the whole checkpoint was passed: select inside `trainer`, and say the exact place needs the checkpoint", async () => {
    const { j, code, text } = await explain([errorOf('var-trainer')]);
    expect(j.plan.source.select[0]).toBe('trainer');
    expect(j.plan.ops).toEqual([]);
    expect(j.summary).toContain("checkpoint['trainer']");
    expect(j).toMatchObject({ fixable: true, complete: false });
    expect(code).toBe(1);
    // the error cannot show that VAR keeps the weights one level deeper (var_wo_ddp): the words must say to look
    if (j.plan.source.select.length === 1) expect(j.uncertain.join('\n')).toMatch(/nested one level deeper|sdmatch explain CHECKPOINT ERROR\.txt|sdmatch inspect/);
    expectNoStrictFalseWhileKeysMove(words(j, text), []);
    expectNoSuccessPromise(words(j, text));
  });
});

// --- (b) with the checkpoint --------------------------------------------------------------------------

const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-canonical-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `plan CKPT ERROR.txt -o plan.json`: the written plan, validated. */
async function planFile(name: Name): Promise<{ plan: Plan; code: number; stdout: string }> {
  const out = join(tmp, `${name}.plan.json`);
  const r = await runCli(['plan', ckptOf(name), errorOf(name), '-o', out]);
  expect(r.stderr).toBe('');
  return { plan: validatePlan(JSON.parse(readFileSync(out, 'utf8')), out), code: r.code, stdout: r.stdout };
}

/** What the scenario's fix is, checked on explain's JSON and on the plan file `plan -o` wrote. */
async function expectFullFix(name: Name): Promise<void> {
  const sc = scenario(name);
  const { j, code, text } = await explain([ckptOf(name), errorOf(name)]);
  expect(j.input).toBe('checkpoint-and-error');
  expect(j.plan.source.select).toEqual(sc.expected.select);
  expect(j.plan.mapping).toEqual(sc.expected.mapping);
  expect(j.plan.unmapped).toEqual(sc.expected.kept_missing);
  expect(j.keptMissing.map((k) => k.key)).toEqual(sc.expected.kept_missing);
  expect(j.after).toMatchObject({ missing: sc.expected.kept_missing, unexpected: [] });
  expect(j.fixable).toBe(true);
  if (sc.expected.kept_missing.length === 0) {
    expect(j.complete).toBe(true);
    expect(code).toBe(0);
  }
  expectNoStrictFalseWhileKeysMove(words(j, text), sc.expected.kept_missing);

  const written = await planFile(name);
  expect(written.plan.source.select).toEqual(sc.expected.select);
  expect(written.plan.mapping).toEqual(sc.expected.mapping);
  expect(written.plan.unmapped).toEqual(sc.expected.kept_missing);
  expect(written.plan.ops).toEqual(j.plan.ops);
  expect(written.code).toBe(code);
}

describe('(b) with the checkpoint: explain CKPT ERROR.txt and plan CKPT ERROR.txt -o plan.json', () => {
  it("deeplabcut-dataparallel: select snapshot['model'], strip `module.`", async () => {
    await expectFullFix('deeplabcut-dataparallel');
  });

  it("depth-anything-ddp: select `model` and strip DDP's `module.` from every key inside it", async () => {
    await expectFullFix('depth-anything-ddp');
  });

  it('lightning-renamed-head: select `state_dict`, strip `model.`, rename encoder/decoder, drop the 3×3 head and keep it missing', async () => {
    await expectFullFix('lightning-renamed-head');
  });

  it("vit-21k-head: select `model`, strip `module.`, drop the 21841-class head and keep it missing", async () => {
    await expectFullFix('vit-21k-head');
  });

  it('var-trainer: select trainer/var_wo_ddp, nothing to rename', async () => {
    await expectFullFix('var-trainer');
  });

  // whatever the plan, no advice to load with strict=False while checkpoint keys must still move
  for (const name of NAMES) {
    it(`${name}: explain and plan with the checkpoint never advise strict=False before the plan`, async () => {
      const kept = scenario(name).expected.kept_missing;
      const { j, text } = await explain([ckptOf(name), errorOf(name)]);
      expectNoStrictFalseWhileKeysMove(words(j, text), kept);
      expectNoStrictFalseWhileKeysMove((await planFile(name)).stdout, kept);
    });
  }

  // the whole checkpoint was passed: the words name the field to load, as Python
  for (const [name, access] of [['depth-anything-ddp', "checkpoint['model']"], ['var-trainer', "checkpoint['trainer']['var_wo_ddp']"]] as const) {
    const says = async () => {
      const { j } = await explain([ckptOf(name), errorOf(name)]);
      expect(j.summary).toContain(access);
      expect(j.fix ?? '').toContain(access);
    };
    // depth-anything: the summary says only "127 keys the model expects have no source in the checkpoint"
    it(`${name}: says to load \`${access}\``, says);
  }

  // whatever it infers, what explain says stays wrong after its plan must be true of the real model
  for (const name of ['deeplabcut-dataparallel', 'depth-anything-ddp', 'lightning-renamed-head', 'vit-21k-head', 'var-trainer'] as const) {
    const honest = async () => {
      const sc = scenario(name);
      const { j } = await explain([ckptOf(name), errorOf(name)]);
      const model = new Set(Object.values(sc.expected.mapping).filter((v): v is string => v !== null).concat(sc.expected.kept_missing));
      const landing = new Set(Object.values(j.plan.mapping).filter((v): v is string => typeof v === 'string'));
      expect([...j.after.unexpected].sort()).toEqual([...landing].filter((k) => !model.has(k)).sort());
      expect([...j.after.missing].sort()).toEqual([...model].filter((k) => !landing.has(k)).sort());
    };
    const title = `${name}: "after the plan" lists exactly the keys the real model will call missing or unexpected`;
    it(title, honest);
  }
});

describe('(c) a canonical checkpoint beside another failure\'s error text', () => {
  // the texts were not produced by these files: explain never calls its plan a fix, and where the text names
  // checkpoint keys the file lacks, its first finding says the error did not come from this file
  const pairs = NAMES.flatMap((c) => NAMES.filter((t) => t !== c).map((t) => [c, t] as const));
  it.each(pairs)('%s beside %s\'s error: exit 1, no fix claimed', async (c, t) => {
    const { j, code, text } = await explain([ckptOf(c), errorOf(t)]);
    expect(code).toBe(1);
    expect(j.fixable).toBe(false);
    expect(j.causes.map((x) => x.code)).not.toContain('match');
    expect(text).not.toMatch(/^fix: /m);
    const report = await runCli(['explain', errorOf(t), '--json']);
    const shown = JSON.parse(report.stdout) as ExplainJson;
    // keys the text puts on the checkpoint's side, none of them (nor with one top module more or less) in the file: said first
    const inspected = JSON.parse((await runCli(['inspect', ckptOf(c), '--json'])).stdout) as { tensors: { path: string[] }[] };
    const leaves = inspected.tensors.map((x) => x.path[x.path.length - 1]!);
    const sided = Object.keys(shown.plan.mapping).filter((k) => k.includes('.'));
    if (sided.length > 0 && sided.every((k) => !leaves.some((l) => l === k || l.endsWith(`.${k}`) || k.endsWith(`.${l}`)))) expect(j.causes[0]!.code, `${c} <- ${t}`).toBe('not_this_checkpoint');
  });
});
