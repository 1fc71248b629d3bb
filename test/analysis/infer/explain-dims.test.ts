/**
 * The two models' sizes in words ("the checkpoint has 4 layers of width 16; the model 2 of width 8", dims.ts) are
 * counted only where a finding says them: beside another model or a size mismatch (explain.ts skips the
 * pass over both sides' keys elsewhere, issue 14). These hold the words where they are said, so a skip
 * that reached one of those findings would fail here.
 */
import { describe, expect, it } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

/** a stack of `layers` blocks of width `width`: a norm (1-d) and a square projection each */
const stack = (prefix: string, layers: number, width: number): KeyEntry[] =>
  Array.from({ length: layers }, (_, i) => [
    { key: `${prefix}.${i}.norm.weight`, shape: [width], dtype: 'float32' as const },
    { key: `${prefix}.${i}.proj.weight`, shape: [width, width], dtype: 'float32' as const },
    { key: `${prefix}.${i}.proj.bias`, shape: [width], dtype: 'float32' as const },
  ]).flat();

const messages = (r: ReturnType<typeof inferPlan>) => r.causes.map((c) => `${c.code}: ${c.message}`);

describe('the sizes in words, where a finding says them', () => {
  it('a size mismatch between two depths and widths carries both', () => {
    const r = inferPlan({ source: stack('layers', 4, 16), target: stack('layers', 2, 8) });
    const size = messages(r).find((m) => m.startsWith('size_mismatch'));
    expect(size).toContain('(the checkpoint has 4 layers of width 16; the model 2 of width 8)');
  });

  it('another model carries them', () => {
    const r = inferPlan({ source: stack('blocks', 6, 32), target: stack('encoder.layer', 3, 8) });
    const another = messages(r).find((m) => m.startsWith('another_model'));
    expect(another, JSON.stringify(r.causes)).toBeDefined();
    expect(another).toContain('(the checkpoint has width 32; the model width 8)');
  });

  it('a plan that fixes everything says none (nothing differs in size)', () => {
    const r = inferPlan({ source: stack('blocks', 3, 8), target: stack('layers', 3, 8) });
    expect(r.fixable).toBe(true);
    expect(messages(r).join('\n')).not.toMatch(/the checkpoint has/);
  });
});
