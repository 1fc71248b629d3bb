import { describe, expect, it } from 'vitest';
import { renderTargetCheck } from '../../src/report/apply.js';

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
  it('a cut text is checked, never verified, and says the keys past the cut were not checked', () => {
    const line = renderTargetCheck({ color: false }, { ...clean, cut: true, guessedDrops: 0 });
    expect(line).not.toContain('verified against');
    expect(line).toMatch(/^checked, not verified: none of the keys error\.txt names is missing.*the text was cut, so the keys past the cut were not checked/);
  });
  it('guessed drops (--allow-guessed-drops) are named as guesses that strict=True may report missing', () => {
    const line = renderTargetCheck({ color: false }, { ...clean, cut: true, guessedDrops: 8 });
    expect(line).toMatch(/^checked, not verified: .*8 drops were a guess \(--allow-guessed-drops\): if the model has those keys, load_state_dict\(strict=True\) reports them missing$/);
  });
});
