import { describe, expect, test } from 'vitest';
import { keyRoles, ROLE_CONVENTIONS, rolesOf } from '../../../src/analysis/infer/role-names.js';
import { SegmentWords } from '../../../src/analysis/infer/segment-words.js';

/**
 * keyRoles (issue 14, session 25) records under each module only the children a role convention names, where
 * it recorded every child of every prefix: rolesOf asks only whether those words are present. The reading
 * must be the same key for key, including keys with empty segments (`a..cv3.w`, a leading or trailing dot),
 * where a prefix written by slicing must equal the prefix joined from segments.
 */
function everyChildReference(keys: readonly string[]): (key: string) => string | null {
  const children = new Map<string, Set<string>>();
  for (const k of keys) {
    let parent = '';
    for (const s of k.split('.')) {
      let c = children.get(parent);
      if (!c) children.set(parent, (c = new Set()));
      c.add(s);
      parent = parent ? `${parent}.${s}` : s;
    }
  }
  // names every convention that has them gives one role (role-names.ts's ONE_ROLE)
  const roleOfName = new Map<string, Set<string>>();
  for (const c of ROLE_CONVENTIONS) for (const [n, r] of Object.entries(c.roles)) roleOfName.set(n, (roleOfName.get(n) ?? new Set()).add(r));
  const oneRole = (s: string) => roleOfName.get(s)?.size === 1;
  return (key) => {
    const segs = key.split('.');
    for (let i = segs.length - 2; i >= 0; i--) {
      if (!oneRole(segs[i]!)) continue;
      const roles = rolesOf([segs[i]!], children.get(segs.slice(0, i).join('.')) ?? new Set());
      if (roles) return roles[0]!;
    }
    return null;
  };
}

const CSP = ['cv1', 'cv2', 'cv3', 'm'];
const MM = ['main_conv', 'short_conv', 'final_conv', 'blocks'];
const KEYS = [
  ...CSP.map((c) => `model.4.${c}.conv.weight`),
  ...CSP.slice(0, 3).map((c) => `model.6.${c}.bn.weight`), // no `m`: no convention holds
  ...MM.map((c) => `backbone.stage2.1.${c}.conv.weight`),
  ...CSP.map((c) => `${c}.weight`), // the root's children
  ...CSP.map((c) => `a..${c}.w`), // an empty segment in the parent
  ...CSP.map((c) => `.${c}.w`), // a leading dot: the parent is the empty first segment
  ...CSP.map((c) => `x.${c}.`), // a trailing dot: the last segment is empty
  ...['q_proj', 'k_proj', 'v_proj', 'o_proj'].map((c) => `layers.0.self_attn.${c}.weight`),
  ...['ln_1', 'ln_2', 'attn', 'mlp'].map((c) => `h.0.${c}.weight`), // GPT-2's norms: a convention with words alongside
  ...['ln_1', 'ln_2', 'attn'].map((c) => `h.1.${c}.weight`), // without `mlp` it does not hold
  'layers.0.self_attn.q_proj', 'cv3', 'model.4.cv3', '', '.', '..',
];

describe('keyRoles reads only the words conventions name', () => {
  test('the same role for every key as recording every child of every prefix', () => {
    const fast = keyRoles(KEYS);
    const slow = everyChildReference(KEYS);
    const got = KEYS.map((k) => [k, fast(k)]);
    expect(got).toEqual(KEYS.map((k) => [k, slow(k)]));
    // the cases the comparison would pass vacuously without: roles are found, and withheld where a name is missing
    expect(fast('model.4.cv3.conv.weight')).not.toBeNull();
    expect(fast('a..cv3.w')).toBe(fast('model.4.cv3.conv.weight'));
    expect(fast('.cv3.w')).toBe(fast('model.4.cv3.conv.weight'));
    expect(fast('model.6.cv3.bn.weight')).toBeNull();
    expect(fast('backbone.stage2.1.short_conv.conv.weight')).not.toBeNull();
    expect(fast('h.0.ln_1.weight')).not.toBeNull();
    expect(fast('h.1.ln_1.weight')).toBeNull();
  });
});

// (session 26) keyRoles reads segments in place (segment-words.ts), not by split('.'): a word must be a whole
// segment, never a part of one, an empty segment none
describe('SegmentWords: a whole segment that is a word, read in place', () => {
  const words = new SegmentWords(['cv1', 'cv3', 'q_proj', 'm', 'cv1']);
  const at = (key: string) => {
    const out: (string | null)[] = [];
    for (let start = 0; ; ) {
      const dot = key.indexOf('.', start);
      const end = dot < 0 ? key.length : dot;
      out.push(words.at(key, start, end));
      if (dot < 0) break;
      start = dot + 1;
    }
    return out;
  };
  test('whole segments only, in any place, empty segments none', () => {
    expect(at('model.4.cv3.conv.weight')).toEqual([null, null, 'cv3', null, null]);
    expect(at('cv1')).toEqual(['cv1']);
    expect(at('xcv1.cv1x.cv1.m.mm')).toEqual([null, null, 'cv1', 'm', null]);
    expect(at('..q_proj.')).toEqual([null, null, 'q_proj', null]);
    expect(at('')).toEqual([null]);
  });

  test('the same roles as reading each key split into segments, on generated keys', () => {
    // keyRoles as session 25 wrote it (split, a set look-up per segment), the reading the in-place one must equal
    const conventionWords = new Set(ROLE_CONVENTIONS.flatMap((c) => [...Object.keys(c.roles), ...(c.alongside ?? [])]));
    const roleOfName = new Map<string, Set<string>>();
    for (const c of ROLE_CONVENTIONS) for (const [n, r] of Object.entries(c.roles)) roleOfName.set(n, (roleOfName.get(n) ?? new Set()).add(r));
    const bySplit = (keys: readonly string[]) => {
      const children = new Map<string, Set<string>>();
      for (const k of keys) {
        let at = 0;
        for (const s of k.split('.')) {
          if (conventionWords.has(s)) {
            const parent = at === 0 ? '' : k.slice(0, at - 1);
            (children.get(parent) ?? children.set(parent, new Set()).get(parent)!).add(s);
          }
          at += s.length + 1;
        }
      }
      return (key: string) => {
        const segs = key.split('.');
        let at = key.length - segs[segs.length - 1]!.length;
        for (let i = segs.length - 2; i >= 0; i--) {
          at -= segs[i]!.length + 1;
          if (roleOfName.get(segs[i]!)?.size !== 1) continue;
          const roles = rolesOf([segs[i]!], children.get(at === 0 ? '' : key.slice(0, at - 1)) ?? new Set());
          if (roles) return roles[0]!;
        }
        return null;
      };
    };
    const vocabulary = [...conventionWords, '0', '1', 'layers', 'conv', 'weight', '', 'cv', 'cv33', 'xq_proj', 'attn'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 20; round++) {
      const keys: string[] = [];
      const parents = Array.from({ length: 6 }, () => Array.from({ length: 1 + Math.floor(next() * 3) }, () => vocabulary[Math.floor(next() * vocabulary.length)]!).join('.'));
      for (let i = 0; i < 300; i++) {
        const parent = parents[Math.floor(next() * parents.length)]!;
        const child = vocabulary[Math.floor(next() * vocabulary.length)]!;
        keys.push(next() < 0.1 ? child : `${parent}.${child}.${next() < 0.5 ? 'weight' : ''}`);
      }
      const fast = keyRoles(keys);
      const slow = bySplit(keys);
      expect(keys.map((k) => [k, fast(k)])).toEqual(keys.map((k) => [k, slow(k)]));
      if (round === 0) expect(keys.some((k) => fast(k) !== null)).toBe(true);
    }
  });
});
