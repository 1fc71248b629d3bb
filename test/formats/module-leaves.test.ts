import { describe, expect, it } from 'vitest';
import { MODULE_LEAF_ROWS, MODULE_LEAVES, NORM_BUFFERS, NORM_STATISTICS } from '../../src/formats/module-leaves.js';
import { PARAMETER_LEAVES } from '../../src/formats/error-text/leaves.js';
import { parametersOnlyCause } from '../../src/analysis/parameters-only.js';
import { leafKind } from '../../src/analysis/infer/template-score.js';
import { tensorKind } from '../../src/analysis/infer/modules.js';

describe('module leaves: one table of the names torch.nn layers give their tensors', () => {
  it('gives every row a reason and every leaf one row', () => {
    for (const r of MODULE_LEAF_ROWS) expect(r.why.length).toBeGreaterThan(20);
    expect(new Set(MODULE_LEAVES).size).toBe(MODULE_LEAF_ROWS.length);
  });
  it("splits BatchNorm's buffers into statistics and counter", () => {
    expect([...NORM_STATISTICS]).toEqual(['running_mean', 'running_var']);
    expect([...NORM_BUFFERS]).toEqual(['running_mean', 'running_var', 'num_batches_tracked']);
    expect(MODULE_LEAVES.filter((l) => !NORM_BUFFERS.includes(l))).toEqual(['weight', 'bias']);
  });
  it('is what its readers know: the error-text leaves, parameter kinds, a print without buffers', () => {
    for (const l of MODULE_LEAVES) {
      expect(PARAMETER_LEAVES).toContain(l);
      expect(leafKind(`bn1.${l}`)).toBe(l);
      expect(tensorKind({ key: `bn1.${l}`, shape: [4] } as Parameters<typeof tensorKind>[0], false)).toMatch(new RegExp(`/${l}$`));
    }
    const ckpt = new Set(['bn1.weight', 'bn1.bias', 'bn1.running_mean', 'bn1.running_var', 'bn1.num_batches_tracked']);
    expect(parametersOnlyCause(['bn1.weight', 'bn1.bias'], ckpt, 'model.txt')?.code).toBe('parameters_only');
    // any BatchNorm buffer in the list, the counter too, shows it is a state dict's print
    for (const b of NORM_BUFFERS) expect(parametersOnlyCause(['bn1.weight', 'bn1.bias', `bn1.${b}`], ckpt, 'model.txt')).toBeNull();
  });
});
