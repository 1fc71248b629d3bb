import { describe, expect, it } from 'vitest';
import type { ResolvedSide } from '../../src/analysis/sides.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { buildPlan, inferenceSides } from '../../src/plan/build.js';
import { planFixLine } from '../../src/report/plan.js';
import { planThenApply } from '../../src/report/download-step.js';

/**
 * Review 20 F7: the printed `sdmatch plan … -o plan.json && sdmatch apply …` never ran apply when the plan exits 1
 * (keys kept missing on purpose, a cut text), though plan wrote its file and apply's own exit code and last line
 * say what a strict load refuses. The line runs apply when plan exits 0 or 1, and stops on bad input (2).
 */

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const ckpt = (entries: KeyEntry[]): ResolvedSide => ({ file: 'ckpt.pt', kind: 'checkpoint', entries, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null });
const errorSide = (text: string): ResolvedSide => ({ file: 'err.txt', kind: 'error-text', entries: [], selected: null, selection: null, nonTensor: [], report: parseErrorText(text, 'err.txt'), checkpoint: null });
const NO_SOURCE = { file: 'ckpt.pt', size: 0, sha256: '', select: [] };
const names = ['enc.0.weight', 'enc.0.bias', 'enc.1.weight', 'enc.1.bias', 'head.weight', 'head.bias'];
const src = names.map((k) => e(`module.${k}`, k.endsWith('bias') ? [8] : [8, 8]));
const quoted = (keys: readonly string[]) => keys.map((k) => `"${k}"`).join(', ');

describe('the fix line runs apply after a plan that exits 1 (review 20 F7)', () => {
  it('a cut text: the plan is not complete (exit 1), and the line still reaches apply', () => {
    const text = `RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: ${quoted(names.slice(0, 3))}, ...\n`;
    const out = buildPlan(inferenceSides(ckpt(src), errorSide(text)), NO_SOURCE, 'err.txt');
    expect(out.complete).toBe(false);
    const line = planFixLine(out, null, null)!;
    expect(line).toContain('sdmatch apply');
    expect(line).not.toMatch(/-o plan\.json && sdmatch apply/);
    expect(line).toMatch(/-o plan\.json \|\| \[ \$\? -eq 1 \] && sdmatch apply/);
  });

  it('a complete plan keeps the plain `&&`', () => {
    const text = `RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: ${quoted(names)}. \n\tUnexpected key(s) in state_dict: ${quoted(names.map((k) => `module.${k}`))}. \n`;
    const out = buildPlan(inferenceSides(ckpt(src), errorSide(text)), NO_SOURCE, 'err.txt');
    expect(out.complete).toBe(true);
    expect(planFixLine(out, null, null)).toBe('sdmatch plan ckpt.pt err.txt -o plan.json && sdmatch apply ckpt.pt plan.json -o fixed.pt');
  });

  it('the shell form: apply after exit 0 or 1, not after 2', () => {
    expect(planThenApply('P', 'A', true)).toBe('P && A');
    expect(planThenApply('P', 'A', false)).toBe('P || [ $? -eq 1 ] && A');
  });
});
