import { describe, expect, it } from 'vitest';
import { NamePrefixIndex } from '../../src/analysis/name-prefix-index.js';

/** Every name that starts with the literal is among the candidates (a superset), or the index says "scan all". */
function covers(index: NamePrefixIndex<number>, names: Map<number, string>, literal: string): boolean {
  const got = index.candidates(literal);
  if (got === null) return true;
  const set = new Set(got);
  return [...names].every(([id, name]) => !name.startsWith(literal) || set.has(id));
}

describe('NamePrefixIndex', () => {
  const segs = ['blocks', 'stages', '0', '1', '12', 'attn', 'a', 'ab'];
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
  const randomName = () => Array.from({ length: 1 + rnd(4) }, () => segs[rnd(segs.length)]).join('.');

  it('candidates are a superset of the names a literal start matches, through renames and deletions', () => {
    const index = new NamePrefixIndex<number>();
    const names = new Map<number, string>();
    for (let i = 0; i < 400; i++) {
      const n = randomName();
      names.set(i, n);
      index.add(i, n);
    }
    const literals = ['blocks.', 'blocks.0.', 'blocks.0.attn.', 'stages.1', 'a.ab.', 'ab.', 'blocks', 'x.y.'];
    for (let round = 0; round < 5; round++) {
      for (const l of literals) expect(covers(index, names, l), `${l} (round ${round})`).toBe(true);
      // rename a third of the items, as ops do
      for (const [id, old] of [...names]) {
        if (rnd(3) !== 0) continue;
        const now = randomName();
        index.delete(id, old);
        index.add(id, now);
        names.set(id, now);
      }
    }
  });

  it('narrows: a two-segment literal gives only its group; a literal without a dot asks for a full scan', () => {
    const index = new NamePrefixIndex<string>();
    for (const n of ['blocks.0.attn.w', 'blocks.1.attn.w', 'head.w', 'cls']) index.add(n, n);
    expect(index.candidates('blocks.0.attn')).toEqual(['blocks.0.attn.w']);
    expect(index.candidates('blocks.')!.sort()).toEqual(['blocks.0.attn.w', 'blocks.1.attn.w']);
    expect(index.candidates('nope.')).toEqual([]);
    expect(index.candidates('blocks')).toBeNull();
    index.delete('blocks.1.attn.w', 'blocks.1.attn.w');
    expect(index.candidates('blocks.')).toEqual(['blocks.0.attn.w']);
  });
});
