import { describe, expect, it } from 'vitest';
import { failsTarget, loadsStrict, strictLoad } from '../../src/apply/apply-target.js';
import { exitLine, renderTargetCheck } from '../../src/report/apply.js';

describe("apply's target line", () => {
  it('lists the keys the output still lacks grouped by their numbers, not as the first five names', () => {
    const missing = Array.from({ length: 12 }, (_, i) => `blocks.${i}.attn.qkv.weight`);
    const line = renderTargetCheck({ color: false }, { target: 'model.json', against: 'model', missing, unexpected: ['head.fc.weight'], shapes: [] });
    expect(line).toContain('12 missing (blocks.{0..11}.attn.qkv.weight)');
    expect(line).toContain('1 unexpected (head.fc.weight)');
    expect(line).not.toContain('verified');
  });
});

describe("apply's target line against an error text (review9 A #6)", () => {
  const clean = { target: 'error.txt', against: 'error-text' as const, missing: [], unexpected: [], shapes: [] };
  it('a whole text with no guessed drop: verified against the keys it names, and says the rest are unknown', () => {
    const line = renderTargetCheck({ color: false }, { ...clean, cut: false, guessedDrops: 0 });
    expect(line).toMatch(/^verified against the keys error\.txt names: none is missing/);
  });
  it('a cut text is never verified nor shown to load, and says the keys past the cut were not checked', () => {
    const line = renderTargetCheck({ color: false }, { ...clean, cut: true, guessedDrops: 0 });
    expect(line).not.toContain('verified against');
    expect(line).toMatch(/^not shown to load with strict=True: none of the keys error\.txt names is missing.*the text was cut, so the keys past the cut were not checked/);
  });
  it('guessed drops (--allow-guessed-drops) are named as guesses that strict=True may report missing', () => {
    const line = renderTargetCheck({ color: false }, { ...clean, cut: true, guessedDrops: 8 });
    expect(line).toMatch(/^not shown to load with strict=True: .*8 drops were a guess \(--allow-guessed-drops\): if the model has those keys, load_state_dict\(strict=True\) reports them missing$/);
    expect(renderTargetCheck({ color: false }, { ...clean, cut: false, guessedDrops: 1 })).toMatch(/^checked, not verified: .*one drop was a guess/);
  });
});

describe("apply's exit code and last line agree with what is known (issue 10)", () => {
  const clean = { target: 'error.txt', against: 'error-text' as const, missing: [], unexpected: [], shapes: [] };
  it('a whole text with nothing left over loads: exit 0, no closing line', () => {
    const c = { ...clean, cut: false, guessedDrops: 0 };
    expect(strictLoad(c)).toBe('loads');
    expect(failsTarget(c)).toBe(false);
    expect(exitLine(c)).toBeNull();
  });
  it('a cut text with nothing left over is not known to load: exit 1, the last line says the text was cut', () => {
    const c = { ...clean, cut: true, guessedDrops: 3 };
    expect(strictLoad(c)).toBe('unknown');
    expect(loadsStrict(c)).toBe(false);
    expect(failsTarget(c)).toBe(true);
    expect(exitLine(c)).toBe('exit 1: the output is not shown to load with strict=True into the model behind error.txt: the error text was cut, so keys past the cut may still be missing or unexpected');
  });
  it('keys left over are refused, cut or not: exit 1, the last line names them', () => {
    for (const cut of [false, true]) {
      const c = { ...clean, cut, unexpected: ['a.adapter.weight', 'b.adapter.weight'] };
      expect(strictLoad(c)).toBe('refused');
      expect(exitLine(c)).toBe('exit 1: load_state_dict(strict=True) into the model behind error.txt refuses the output: 2 unexpected (a.adapter.weight, b.adapter.weight)');
    }
    expect(exitLine({ target: 'model.json', against: 'model', missing: ['head.weight'], unexpected: [], shapes: [] })).toMatch(/^exit 1: load_state_dict\(strict=True\) into model\.json refuses the output: 1 missing \(head\.weight\)$/);
  });
  it('a text listing the model\'s keys by name only (canonical failure 1): names checked, shapes said not compared, exit 0 — never "loads" in --json', () => {
    const c = { ...clean, cut: false, guessedDrops: 0, unshaped: 210 };
    expect(strictLoad(c)).toBe('names');
    expect(loadsStrict(c)).toBe(false);
    expect(failsTarget(c)).toBe(false);
    expect(exitLine(c)).toBeNull();
    expect(renderTargetCheck({ color: false }, c)).toMatch(/^checked, not verified: .*210 of them .*their shapes were not compared/);
  });
  it('the same with a public dataset\'s head in the output (canonical failure 4, review 20 F6): not shown to load, exit 1, the last line names the head', () => {
    const c = { ...clean, cut: false, guessedDrops: 0, unshaped: 32, datasetHead: { module: 'head', keys: ['head.weight', 'head.bias'], classes: 21841, dataset: 'ImageNet-21k' } };
    expect(strictLoad(c)).toBe('unknown');
    expect(failsTarget(c)).toBe(true);
    expect(renderTargetCheck({ color: false }, c)).toMatch(/^not shown to load with strict=True: .*head `head` has 21841 outputs, ImageNet-21k's classes.*refuses head\.\{weight,bias\}/);
    expect(exitLine(c)).toBe("exit 1: the output is not shown to load with strict=True into the model behind error.txt: its head `head` has ImageNet-21k's 21841 classes and the error does not give the model's class count (a model built for classes of its own refuses head.{weight,bias})");
  });
  it('a plan made against standard input has no file to compare with: unchecked, exit 0, said on the first line, no closing line', () => {
    const c = { target: '<stdin>', against: 'none' as const, why: 'the plan was made against standard input', missing: [], unexpected: [], shapes: [] };
    expect(strictLoad(c)).toBe('unchecked');
    expect(failsTarget(c)).toBe(false);
    expect(exitLine(c)).toBeNull();
  });
  it('a target file the plan names that is not here is no success: exit 1, the first and the last line name it', () => {
    const c = { target: 'gone.json', against: 'none' as const, why: "the plan's target gone.json is not here (a plan moved without its files?)", unreached: true, missing: [], unexpected: [], shapes: [] };
    expect(strictLoad(c)).toBe('unchecked');
    expect(failsTarget(c)).toBe(true);
    expect(renderTargetCheck({ color: false }, c)).toContain('gone.json is not here');
    expect(exitLine(c)).toBe("exit 1: the output was compared with no model: the plan's target gone.json is not here (a plan moved without its files?)");
  });
});

describe("apply's target line for the model's ties (review 25 F7)", () => {
  const loads = { target: 'model.json', against: 'model' as const, missing: [], unexpected: [], shapes: [] };
  it('tensors of a tie compared equal in the output: verified, exit 0, and it says so', () => {
    const c = { ...loads, tiesEqual: [['embed.weight', 'lm_head.weight']] };
    expect(failsTarget(c)).toBe(false);
    expect(exitLine(c)).toBeNull();
    expect(renderTargetCheck({ color: false }, c)).toMatch(/^verified against model\.json: .*the model ties `embed\.weight` and `lm_head\.weight`, and the output's tensors under those names hold equal bytes \(compared\): the tie keeps the values both hold, and nothing is lost$/);
  });
  it('not compared (too large) and not recorded by the plan: never verified, exit 1, what to compare said', () => {
    const c = { ...loads, tiesUnread: [['embed.weight', 'lm_head.weight']] };
    expect(failsTarget(c)).toBe(true);
    const line = renderTargetCheck({ color: false }, c);
    expect(line).not.toMatch(/^verified/);
    expect(line).toMatch(/^load_state_dict\(strict=True\) accepts the output into model\.json, but whether trained weights are lost is not verified: .*were not compared \(too large to read whole\); where they differ, torch keeps `lm_head\.weight`'s/);
    expect(exitLine(c)).toMatch(/^exit 1: .*not verified/);
  });
});
