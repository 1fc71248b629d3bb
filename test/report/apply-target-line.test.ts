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
