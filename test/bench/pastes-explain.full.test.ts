import { describe, expect, it } from 'vitest';
import { explainPlan, MUTATIONS, pastes, visibleCases } from '../../bench/diagnosis/pastes.js';

// the full tier: explain on every visible text under every mutation that keeps its facts (~3,700 runs)
const cases = await visibleCases();


describe('explain on a pasted text decides as on the clean one (every lossless mutation)', () => {
  it('the same exit code, verdict and plan', async () => {
    const changed = new Map<string, string[]>();
    const want = new Map<string, string>();
    for (const { c, m, text } of pastes(cases, MUTATIONS.filter((x) => x.effect === 'same'))) {
      if (!want.has(c.id)) want.set(c.id, await explainPlan(c.text));
      if ((await explainPlan(text)) !== want.get(c.id)) changed.set(m.kind, [...(changed.get(m.kind) ?? []), c.id]);
    }
    for (const m of MUTATIONS.filter((x) => x.effect === 'same')) {
      const ids = changed.get(m.kind) ?? [];
      expect(ids, m.kind).toEqual([]);
    }
  });
});
