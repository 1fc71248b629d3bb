import { describe, expect, it } from 'vitest';
import type { ResolvedSide } from '../../src/analysis/sides.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { buildPlan, inferenceSides } from '../../src/plan/build.js';
import { checkKeys } from '../../src/analysis/check.js';
import { DEFAULT_POLICY } from '../../src/analysis/check-policy.js';
import { planFixLine } from '../../src/report/plan.js';
import { explainToJson } from '../../src/report/explain.js';

/**
 * Review 18 S08c: seven look-alike Linears `mlp.0, 2, …, 12` (ReLUs between) and a head `mlp.13`; the new model
 * has six (the middle one removed) and its head at `mlp.11`. The keys are the same whether the last look-alike
 * is gone or one inside the list was removed and the later ones moved down a place. The ambiguity said both,
 * but the first finding and the `fix:` line offered `--drop '^mlp\.12\.'` alone. Now the finding gives both
 * commands as equal choices, no `fix:` line or JSON fix marks one, check's removed row says both, and the
 * shift's command (renames, then the drop) makes the plan that puts each layer where the refactor did.
 */

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const side = (entries: KeyEntry[], file: string): ResolvedSide => ({ file, kind: 'key-list', entries, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null });
const NO_SOURCE = { file: 'src.pt', size: 0, sha256: '', select: [] };
const linear = (i: number, out = 16) => [e(`mlp.${i}.weight`, [out, 16]), e(`mlp.${i}.bias`, [out])];
const old = [0, 2, 4, 6, 8, 10, 12].flatMap((i) => linear(i)).concat(linear(13, 4));
const now = [0, 2, 4, 6, 8, 10].flatMap((i) => linear(i)).concat(linear(11, 4));
const NONE = { rename: [], tie: [], drop: [], keepMissing: [] };

describe('the last of a list of look-alikes gone: both readings are equal choices (review 18 S08c)', () => {
  const sides = inferenceSides(side(old, 'src.pt'), side(now, 'model.json'));
  const out = buildPlan(sides, NO_SOURCE, 'model.json');

  it('the first finding offers the drop and the shift, each with its command, neither as the fix', () => {
    expect(out.complete).toBe(false);
    const first = out.causes[0]!;
    expect(first.code).toBe('trained_drop');
    // the plan as written is that reading; a --drop acts on the names its renames leave, where the next layer may have
    // taken the dropped one's name (a head at mlp.8 after mlp.0–mlp.6, renamed to mlp.6: printed-commands.full) (s21-mend2)
    expect(first.message).toContain("either `mlp.12` is gone from the end of the list (drop them: the plan as written does; apply it with --allow-guessed-drops, as --drop '^mlp\\.12\\.' acts on the names the plan's renames leave");
    expect(first.message).toContain("--rename '^mlp\\.0\\.=removed.' --rename '^mlp\\.2\\.=mlp.0.'");
    expect(first.message).toContain("--rename '^mlp\\.12\\.=mlp.10.' --drop '^removed\\.'");
    expect(first.message).toMatch(/neither is the fix/);
    // no fix line, no JSON fix: neither reading is marked as the fix
    expect(planFixLine(out, null, null)).toBeNull();
    expect(explainToJson(out, null).fix).toBeNull();
  });

  it('the shift\'s command, for the layer the refactor removed (mlp.6), puts every layer where it went', () => {
    const rename = [['^mlp\\.6\\.', 'removed.'], ['^mlp\\.8\\.', 'mlp.6.'], ['^mlp\\.10\\.', 'mlp.8.'], ['^mlp\\.12\\.', 'mlp.10.']].map(([from, to]) => ({ from: from!, to: to! }));
    const shifted = buildPlan(sides, NO_SOURCE, 'model.json', { edits: { ...NONE, rename, drop: ['^removed\\.'] } });
    expect(shifted.complete).toBe(true);
    expect(shifted.plan.mapping).toMatchObject({ 'mlp.4.weight': 'mlp.4.weight', 'mlp.6.weight': null, 'mlp.8.weight': 'mlp.6.weight', 'mlp.10.bias': 'mlp.8.bias', 'mlp.12.weight': 'mlp.10.weight', 'mlp.13.weight': 'mlp.11.weight' });
    // the withdrawn drop's finding goes with it
    expect(shifted.causes.map((c) => c.message).join('\n')).not.toMatch(/mlp\.12\.bias`, `mlp\.12\.weight`: no counterpart/);
    // and the drop's command is a fix as before
    const dropped = buildPlan(sides, NO_SOURCE, 'model.json', { edits: { ...NONE, drop: ['^mlp\\.12\\.'] } });
    expect(dropped.complete).toBe(true);
    expect(dropped.plan.mapping['mlp.12.weight']).toBeNull();
  });

  it('with the list\'s next layer moved onto a look-alike\'s index (mlp.6 → mlp.4), the shift\'s renames still apply', () => {
    const o = [0, 2, 4].flatMap((i) => linear(i)).concat(linear(6, 4));
    const n = [0, 2].flatMap((i) => linear(i)).concat(linear(4, 4));
    const s = inferenceSides(side(o, 'src.pt'), side(n, 'model.json'));
    const rename = [{ from: '^mlp\\.2\\.', to: 'removed.' }, { from: '^mlp\\.4\\.', to: 'mlp.2.' }];
    const shifted = buildPlan(s, NO_SOURCE, 'model.json', { edits: { ...NONE, rename, drop: ['^removed\\.'] } });
    expect(shifted.complete).toBe(true);
    expect(shifted.plan.mapping).toMatchObject({ 'mlp.0.weight': 'mlp.0.weight', 'mlp.2.weight': null, 'mlp.4.weight': 'mlp.2.weight', 'mlp.6.weight': 'mlp.4.weight' });
  });

  it('check says the removed keys may be a layer removed anywhere in the list', () => {
    const r = checkKeys({ baseline: old, current: now, policy: DEFAULT_POLICY });
    const removed = r.reasons.find((x) => /keys removed/.test(x.message))!;
    expect(removed.message).toMatch(/at the end of a numbered list of look-alikes: a layer gone at its end, or one removed anywhere in it/);
    expect(removed.message).toMatch(/neither dropping them nor renaming the later layers down is the fix/);
  });
});
