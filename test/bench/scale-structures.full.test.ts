import { describe, expect, it } from 'vitest';
import { SCALE_STRUCTURES } from '../../bench/gen/scale-structures.js';

// Full tier: generating each layout at 100k keys takes a few seconds.
describe('scale structures (bench plan-structure)', () => {
  for (const s of SCALE_STRUCTURES) {
    it(`${s.name}: about 100,000 keys a side, a truth naming real keys on both sides`, () => {
      const l = s.make('100k');
      expect(l.source.length).toBeGreaterThan(90_000);
      expect(l.source.length).toBeLessThan(140_000);
      expect(l.target.length).toBeGreaterThan(90_000);
      const sources = new Set(l.source.map((e) => e.key));
      const targets = new Set(l.target.map((e) => e.key));
      expect(sources.size).toBe(l.source.length);
      expect(targets.size).toBe(l.target.length);
      for (const [k, v] of Object.entries(l.truth)) {
        expect(sources.has(k), k).toBe(true);
        for (const t of v === null ? [] : Array.isArray(v) ? v : [v]) expect(targets.has(t), `${k} → ${t}`).toBe(true);
      }
      expect(l.patterns).toBeGreaterThan(0);
    }, 120_000);
  }
});
