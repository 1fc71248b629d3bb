import { describe, expect, it } from 'vitest';
import { DTYPES, TORCH_DTYPE_ALIAS_NAMES, type DType } from '../../src/formats/dtype.js';
import { classifyGlobal } from '../../src/formats/pickle/safety.js';

/** The copies that used to drift (the allowlist's dtype names, the safetensors writer's order) now come from this table. */
describe('the dtype table', () => {
  const rows = Object.entries(DTYPES) as [DType, (typeof DTYPES)[DType]][];

  it('gives every safetensors code a place in the enum, in increasing alignment', () => {
    const ranked = rows.filter(([, d]) => d.safetensors !== null).sort((a, b) => a[1].safetensorsRank! - b[1].safetensorsRank!);
    for (const [name, d] of ranked) expect(d.safetensorsRank, name).not.toBeNull();
    for (let i = 1; i < ranked.length; i++) expect(ranked[i]![1].itemsize).toBeGreaterThanOrEqual(ranked[i - 1]![1].itemsize);
    expect(new Set(ranked.map(([, d]) => d.safetensorsRank)).size).toBe(ranked.length);
  });

  it('puts every dtype, alias and storage class it knows on the weights-only allowlist', () => {
    for (const [name, d] of rows) {
      expect(classifyGlobal('torch', name), name).toBe('safe');
      expect(classifyGlobal('torch', d.storage), d.storage).toBe('safe');
    }
    for (const alias of TORCH_DTYPE_ALIAS_NAMES) expect(classifyGlobal('torch', alias), alias).toBe('safe');
  });
});
