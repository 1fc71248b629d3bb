import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { asciiSource } from '../../scripts/ascii-source.mjs';
import { repoRoot } from '../helpers/corpus.js';

/** what a snippet evaluates to, as JSON (a regular expression as what it matches) */
function value(src: string): unknown {
  const v = runInNewContext(src) as unknown;
  if (v instanceof RegExp || Object.prototype.toString.call(v) === '[object RegExp]') {
    const re = v as RegExp;
    return ['…', '...', 'x…', '→', 'a→b', '→→', '😀', 'ab'].map((s) => new RegExp(re.source, re.flags).test(s));
  }
  return JSON.stringify(v);
}

describe('asciiSource (the CLI bundle in ASCII, scripts/ascii-source.mjs)', () => {
  const snippets = [
    // a template's text, raw and cooked, nested templates, substitutions holding braces and strings
    'String.raw`a → b ${"c → d"} e ${`f ${{ g: "→" }.g} …`} \\n ▾`',
    '`plain → ${1 + 2} ▸ ${[`→`].join("")} \\u2192 …`',
    '(() => { const t = (s, ...v) => s.raw.join("|") + v.join("|"); return t`x${`→`}`; })()',
    // regular expressions, after the tokens that start one, a class holding `/`, flags
    '/^(.*?[^.])(\\.{2,}|…)$/',
    '(0, /[→/]+/u)',
    '(() => { if (true) return [/a→b/.test("a→b"), 4 / 2]; })()',
    '(() => { const x = 8, y = 2; return [x / y / 2, /→/g.test("→")]; })()',
    // strings and comments
    '/* → a comment */ "→ \\" …" + \'▾\' // →',
    '"😀".length + `😀`.length',
    '/😀/u',
  ];
  it('writes every snippet in ASCII, with the value it had', () => {
    for (const src of snippets) {
      const out = asciiSource(src);
      expect(/[^\x00-\x7f]/.test(out), out).toBe(false);
      expect(value(out), `${src} -> ${out}`).toEqual(value(src));
    }
  });

  it('keeps a text that is ASCII already as it is', () => {
    const src = 'const a = `x ${y} z` / 2; /* c */ const r = /[/]/g; // d\n';
    expect(asciiSource(src)).toBe(src);
  });

  it('refuses what it cannot follow rather than guess', () => {
    // another tag sees a template's strings and values apart: a substitution would change what it gets
    for (const src of ['"→', '`→', '/→', '/* →', 'a }', '`${ → `', 'const → = 1', 'tag`→`', 'x.String.raw`→`']) expect(() => asciiSource(src), src).toThrow(/asciiSource/);
  });

  it('made the committed CLI bundle, which is ASCII', () => {
    expect(/[^\x00-\x7f]/.test(readFileSync(join(repoRoot, 'lib/cli.cjs'), 'latin1'))).toBe(false);
  });
});
