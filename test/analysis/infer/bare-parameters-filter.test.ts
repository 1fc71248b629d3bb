import { describe, expect, test } from 'vitest';
import { matchBareParameters } from '../../../src/analysis/infer/bare-parameters.js';
import { canCorrespond } from '../../../src/analysis/infer/shapes.js';
import { locate, type Located } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

// matchBareParameters skips, by a hash of last segments, the keys that cannot have a `.weight` twin (issue 14):
// it must pair exactly what the plain search pairs, also for keys with empty segments (`''`, `x.`, `.weight`)

/** the plain search, as it was before the hash filter */
function reference(source: Map<string, Located>, target: Map<string, Located>): { source: string; target: string }[] {
  const out: { source: string; target: string }[] = [];
  const pair = (bare: Map<string, Located>, layered: Map<string, Located>, sourceIsBare: boolean) => {
    for (const [k, e] of bare) {
      if (k.endsWith('.weight')) continue;
      const w = layered.get(`${k}.weight`);
      if (!w || layered.has(k) || !canCorrespond(e, w)) continue;
      out.push(sourceIsBare ? { source: k, target: `${k}.weight` } : { source: `${k}.weight`, target: k });
    }
  };
  pair(source, target, true);
  pair(target, source, false);
  return out;
}

function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('matchBareParameters at scale', () => {
  test('the hash filter pairs what the plain search pairs, edge keys included', () => {
    const segs = ['', 'text_projection', 'proj', 'weight', 'bias', 'visual', '0', 'x'];
    const rnd = lcg(5);
    const key = () => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => segs[Math.floor(rnd() * segs.length)]!).join('.');
    let pairs = 0;
    for (let round = 0; round < 300; round++) {
      const side = (): KeyEntry[] => {
        const seen = new Set<string>();
        const out: KeyEntry[] = [];
        for (let i = 0; i < 12; i++) {
          const k = rnd() < 0.3 ? `${key()}.weight` : key();
          if (seen.has(k)) continue;
          seen.add(k);
          out.push({ key: k, shape: [rnd() < 0.8 ? 4 : 5], dtype: 'float32' } as KeyEntry);
        }
        return out;
      };
      const source = locate(side());
      const target = locate(side());
      const got = matchBareParameters({ source, target }).map((p) => ({ source: p.source, target: p.target }));
      expect(got).toEqual(reference(source, target));
      pairs += got.length;
    }
    // the rounds hold pairs to find, not only misses
    expect(pairs).toBeGreaterThan(20);
  });

  test('a bare parameter and a layer weight of its name pair both ways, the empty name too', () => {
    const e = (key: string): KeyEntry => ({ key, shape: [8, 8], dtype: 'float32' }) as KeyEntry;
    const got = matchBareParameters({ source: locate([e('text_projection'), e('a.b.weight'), e('')]), target: locate([e('text_projection.weight'), e('a.b'), e('.weight')]) });
    expect(got.map((p) => [p.source, p.target])).toEqual([
      ['text_projection', 'text_projection.weight'],
      ['', '.weight'],
      ['a.b.weight', 'a.b'],
    ]);
  });
});
