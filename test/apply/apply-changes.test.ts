import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planKeyChanges } from '../../src/apply/apply-changes.js';
import type { PlanOp } from '../../src/analysis/op-vocabulary.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { makePlan } from '../../src/plan/schema.js';
import { formatBytes } from '../../src/report/table.js';
import { runCli } from '../cli/capture-main.js';
import { tempDir } from '../helpers/torch.js';

/** Review 11 F8's minors: what apply and plan count and print. */

const e = (key: string, shape = [4, 2]): KeyEntry => ({ key, shape, dtype: 'float32' });
const plan = (ops: PlanOp[], source: string[]) =>
  makePlan({ file: 'a.pt', size: 1, sha256: '', select: [] }, { file: 'b.pt', keys: 3 }, { ops, mapping: Object.fromEntries(source.map((k) => [k, k])), unmapped: [] });

describe('apply counts a tie as a tie, not a rename', () => {
  it('a copy is a second name for a written tensor: the tensor it ties to is kept (or renamed), once', () => {
    const source = ['embed.weight', 'norm.weight'].map((k) => e(k));
    const c = planKeyChanges(plan([{ op: 'copy', key: 'embed.weight', target: 'lm_head.weight' }], ['embed.weight', 'norm.weight']), 'plan.json', source);
    expect(c.renamed).toEqual([]);
    expect(c.tied).toEqual([{ from: 'embed.weight', to: 'lm_head.weight' }]);
    expect(c.kept).toEqual(['embed.weight', 'norm.weight']);
    // renamed and then tied: one rename, one tie
    const r = planKeyChanges(plan([{ op: 'rename', pattern: '^embed\\.', replacement: 'wte.' }, { op: 'copy', key: 'wte.weight', target: 'lm_head.weight' }], ['embed.weight', 'norm.weight']), 'plan.json', source);
    expect(r.renamed).toEqual([{ from: 'embed.weight', to: 'wte.weight' }]);
    expect(r.tied).toEqual([{ from: 'wte.weight', to: 'lm_head.weight' }]);
    // a tie of a transposed tensor is not a second transpose
    const t = planKeyChanges(plan([{ op: 'transpose', key: 'embed.weight', dims: [1, 0] }, { op: 'copy', key: 'embed.weight', target: 'lm_head.weight' }], ['embed.weight', 'norm.weight']), 'plan.json', source);
    expect(t.transposed.map((x) => x.to)).toEqual(['embed.weight']);
    expect(t.tied).toEqual([{ from: 'embed.weight', to: 'lm_head.weight' }]);
  });
});

describe('a rate under 1 KiB/s is rounded like every other size', () => {
  it('977.0992366412213 B → 977 B', () => {
    expect(formatBytes(977.0992366412213)).toBe('977 B');
    expect(formatBytes(640)).toBe('640 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
  });
});

describe('plan: a drop finding names its keys once', () => {
  it('the keys, then why, without the keys again', async () => {
    const tmp = tempDir('dropnames');
    try {
      const src = join(tmp.dir, 'src.json');
      const tgt = join(tmp.dir, 'tgt.json');
      writeFileSync(src, JSON.stringify({ 'enc.weight': [4, 3], 'enc.bias': [4], 'aux_head.weight': [7, 4], 'aux_head.bias': [7] }));
      writeFileSync(tgt, JSON.stringify({ 'enc.weight': [4, 3], 'enc.bias': [4] }));
      const r = await runCli(['plan', src, tgt]);
      // trained weights with no place in the model are a decision (review 17 F0): said once, by module, with the flag that takes it
      const finding = r.stdout.split('\n').filter((l) => l.startsWith('  - ') && l.includes('aux_head'));
      expect(finding, r.stdout).toEqual([expect.stringMatching(/^ {2}- 2 trained weights of `aux_head` have no place in the model: .*--drop '\^aux_head\\\.'/)]);
      expect(finding[0]!.match(/aux_head\.weight/g) ?? []).toHaveLength(0);
      // a manifest source gets no fix line, so the answer does not point at one
      expect(r.stdout).not.toMatch(/^fix: /m);
      expect(r.stdout).not.toContain('the fix line below');
    } finally {
      tmp.cleanup();
    }
  });
});
