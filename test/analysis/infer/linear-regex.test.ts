import { describe, expect, it } from 'vitest';
import { LinearRegex, LinearRegexError } from '../../../src/analysis/infer/linear-regex.js';

/** What native RegExp.exec gives, as plain data. */
function native(pattern: string, s: string) {
  const m = new RegExp(pattern).exec(s);
  return m ? { index: m.index, groups: [...m] } : null;
}
function linear(pattern: string, s: string) {
  const m = new LinearRegex(pattern).exec(s);
  return m ? { index: m.index, groups: [...m] } : null;
}

const PATTERNS = [
  '^module\\.', '^layers\\.(\\d+)\\.', '^(.*denselayer\\d+\\.(?:norm|relu|conv))\\.((?:[12])\\.(?:weight|bias|running_mean|running_var))$',
  '(a|ab)(c|bcd)(d*)', 'a*?b', '(a+?)(a*)', '^(?:encoder|decoder)\\.mid\\.(?:q|k|v)\\.weight$', '[^.]+$', '\\bfoo\\b', '\\Bo', 'x{2,3}', 'x{2,}?', 'x{3}',
  '(a)|(b)', '((a)|b)+', '(z)((a+)?(b+)?(c))*', '[\\d.]+', '[a-c-]+', '\\.', '\\w+\\s?\\W', '$', '^', '', 'a|', '(|a)+?b', '[\\]]', '\\x41\\u0042',
  '^h\\.(\\d+)\\.attn\\.c_attn\\.(weight|bias)$', '(?:a|b)*c', '.*', '.+?x', 'a{0}', '[^]', '[]', 'b{',
];
const TEXTS = [
  '', 'module.features.0.weight', 'layers.12.attn.weight', 'features.denselayer1.norm.1.weight', 'abcd', 'aaab', 'aaa', 'encoder.mid.q.weight',
  'foo bar foo.', 'xxxx', 'zaacbbbcac', 'ab', 'a.b-c', 'h.3.attn.c_attn.bias', 'ccc', 'b{', 'AB', ']', 'x x\tx!', 'decoder.mid.v.weight.x',
];

describe('LinearRegex', () => {
  it('gives what RegExp.exec gives on the plan dialect', () => {
    for (const p of PATTERNS) for (const t of TEXTS) expect(linear(p, t), `/${p}/ on '${t}'`).toEqual(native(p, t));
  });

  it('agrees with RegExp on random keys and random patterns of the dialect', () => {
    let seed = 12345;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const atoms = ['a', 'b', '\\.', '\\d', '[ab]', '[^a]', '.', '(a|b)', '(?:ab|a)', '(a*)', '(b)?'];
    const quants = ['', '', '*', '+', '?', '{1,2}', '*?', '+?'];
    for (let k = 0; k < 600; k++) {
      const parts = Array.from({ length: 1 + rand(4) }, () => atoms[rand(atoms.length)]! + quants[rand(quants.length)]!);
      const p = (rand(3) === 0 ? '^' : '') + parts.join('') + (rand(3) === 0 ? '$' : '');
      try {
        new RegExp(p);
      } catch {
        expect(() => new LinearRegex(p), p).toThrow();
        continue;
      }
      for (let j = 0; j < 5; j++) {
        const t = Array.from({ length: rand(8) }, () => 'ab.1'[rand(4)]).join('');
        expect(linear(p, t), `/${p}/ on '${t}'`).toEqual(native(p, t));
      }
    }
  });

  it('runs a pattern built for catastrophic backtracking against a long key in linear time', () => {
    const key = `${'a'.repeat(100_000)}!`;
    for (const p of ['(a+)+$', '^(a|a)*$', '^(a|aa)+$', '.*.*.*.*.*x', '^(\\w+\\.?)+$', '(a*)*b']) {
      const t = Date.now();
      expect(new LinearRegex(p).test(key)).toBe(false);
      expect(Date.now() - t, p).toBeLessThan(5000);
    }
  });

  it('refuses what is not in the plan dialect', () => {
    for (const p of ['(?=a)', '(?!a)', '(?<=a)', '(?<n>a)', '(a)\\1', '\\k<n>', '\\p{L}', '*a', 'a**', '(a', '[a', `${'('.repeat(300)}a${')'.repeat(300)}`, 'a{99999}']) {
      expect(() => new LinearRegex(p), p).toThrow(LinearRegexError);
    }
  });
});
