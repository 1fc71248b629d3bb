/**
 * The regex dialect of plans: the common subset of JavaScript and Python `re`, so a plan means the
 * same thing in `apply` and in the emitted Python. Replacements use `$1`…`$99` (and `$$` for `$`).
 * Generated patterns are anchored and use at most one unbounded quantifier per group level, so they
 * cannot backtrack catastrophically; user-edited patterns are checked for the usual culprits
 * (regexProblem, at plan validation: a clear error up front) and, whatever gets through, are matched
 * through compilePattern, which never lets a backtracking match run past a budget of steps fixed by the
 * pattern's shape and the key's length: beyond it the linear-time matcher answers. A wall-clock budget
 * was the alternative; it cannot stop a native match already running, so it bounds nothing.
 */
import { backtrackBound, LinearRegex, LinearRegexError } from './linear-regex.js';

export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Why a pattern is not acceptable in a plan, or null when it is. */
export function regexProblem(pattern: string): string | null {
  try {
    new RegExp(pattern);
  } catch (e) {
    return `invalid regex: ${(e as Error).message}`;
  }
  if (/\(\?<(?![=!])/.test(pattern)) return 'named groups are spelled differently in Python: use a plain group';
  if (/\\k</.test(pattern) || /\\[1-9]/.test(pattern)) return 'backreferences are not allowed';
  if (/\(\?<?[=!]/.test(pattern)) return 'lookaround is not allowed (plans are matched in linear time, which lookaround rules out)';
  if (hasNestedQuantifier(pattern)) return 'a quantified group contains a quantifier (catastrophic backtracking)';
  try {
    new LinearRegex(pattern);
  } catch (e) {
    if (e instanceof LinearRegexError) return `not in the plan regex dialect: ${e.message}`;
    throw e;
  }
  return null;
}

/** A plan pattern compiled for matching keys: RegExp's answers, never its worst case. */
export interface KeyPattern {
  readonly source: string;
  exec(key: string): RegExpExecArray | null;
  test(key: string): boolean;
}

/**
 * Paths a backtracking match may try before the linear matcher is used instead: far more than any
 * generated pattern needs on a real key (`^(.*)\.(\d+)\.(.*)$` on a 200-character key: ~8·10⁶),
 * far less than a second of work.
 */
const NATIVE_BUDGET = 1e7;

/**
 * Compile a plan pattern (one that regexProblem accepts). Each key is matched by the native RegExp when
 * the pattern's backtracking bound on a key of that length is small (every generated pattern on real
 * keys: native speed), else by the linear-time matcher (linear-regex.ts) — so a pattern crafted to
 * backtrack (`^(a|aa)+$`, `.*.*.*.*x`), or a key of thousands of segments, costs time linear in the key.
 * A pattern outside the dialect throws (LinearRegexError): validate plans first.
 */
export function compilePattern(pattern: string): KeyPattern {
  const native = new RegExp(pattern);
  const bound = backtrackBound(pattern);
  let linear: LinearRegex | null = null;
  // the bound only grows with the length: a length once found within budget needs no second look, nor
  // any shorter one (the bound was worked out per key, 100,000 keys per op at scale)
  let nativeUpToLength = -1;
  const pick = (key: string): RegExp | LinearRegex => {
    if (key.length <= nativeUpToLength || bound(key.length) <= NATIVE_BUDGET) {
      if (key.length > nativeUpToLength) nativeUpToLength = key.length;
      native.lastIndex = 0;
      return native;
    }
    return (linear ??= new LinearRegex(pattern));
  };
  return {
    source: pattern,
    exec: (key) => pick(key).exec(key),
    test: (key) => pick(key).test(key),
  };
}

/**
 * Does compilePattern match every key of at most `length` characters with the native RegExp? Then it
 * matches them exactly as `new RegExp(pattern)` does (the bound grows with the length).
 */
export function nativeUpTo(pattern: string, length: number): boolean {
  return backtrackBound(pattern)(length) <= NATIVE_BUDGET;
}

/** Scans for `( … + … )+`-like constructs: a repeated group whose body also repeats. */
function hasNestedQuantifier(pattern: string): boolean {
  const stack: boolean[] = [];
  let inClass = false;
  let lastGroupHadQuantifier = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i++;
      lastGroupHadQuantifier = false;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      lastGroupHadQuantifier = false;
      continue;
    }
    if (c === '(') {
      stack.push(false);
      continue;
    }
    const repeats = c === '*' || c === '+' || (c === '{' && /^\{\d*,\d*\}/.test(pattern.slice(i, i + 12)));
    if (c === ')') {
      lastGroupHadQuantifier = stack.pop() ?? false;
      const next = pattern[i + 1];
      if (lastGroupHadQuantifier && (next === '*' || next === '+' || next === '{')) return true;
      if (lastGroupHadQuantifier && stack.length) stack[stack.length - 1] = true;
      continue;
    }
    if (repeats && stack.length) stack[stack.length - 1] = true;
    lastGroupHadQuantifier = false;
  }
  return false;
}

/** Number of capture groups a (valid) pattern has. */
export function groupCount(pattern: string): number {
  const m = new RegExp(`${pattern}|`).exec('');
  return m ? m.length - 1 : 0;
}

/**
 * Index arithmetic in a replacement (plan version 2): `${G}` is group G; `${G+1}`, `${G-1}`, `${G*2}`,
 * `${G//3}`, `${G%3}` read group G as a decimal index and apply each `op K` in turn, left to right
 * (`${1-2//3}` is (g1 − 2) // 3). Floor division and a modulo that is never negative, as Python's.
 * So `blocks.(\d+).` → `stages.${1//3}.blocks.${1%3}.` regroups a flat list into stages of three.
 */
const ARITHMETIC = /^\$\{(\d{1,2})((?:(?:\+|-|\*|\/\/|%)\d{1,9})*)\}/;
const ARITH_STEP = /(\+|-|\*|\/\/|%)(\d{1,9})/g;

export type ArithmeticOp = '+' | '-' | '*' | '//' | '%';
export interface ArithmeticPart {
  group: number;
  steps: [ArithmeticOp, number][];
}

function parseArithmetic(text: string): { part: ArithmeticPart; length: number } | null {
  const m = ARITHMETIC.exec(text);
  if (!m) return null;
  const steps: [ArithmeticOp, number][] = [];
  for (const s of m[2]!.matchAll(ARITH_STEP)) steps.push([s[1] as ArithmeticOp, Number(s[2])]);
  return { part: { group: Number(m[1]), steps }, length: m[0].length };
}

/** The value of an arithmetic part for a captured index, or null when the capture is no index or the result is negative. */
export function evaluateArithmetic(part: ArithmeticPart, captured: string | undefined): number | null {
  // one to nine decimal digits (`^\d{1,9}$`), read in place: this runs once per key an arithmetic rename
  // is tried on, and a regex test and Number() per key were a tenth of a regrouping's rename search
  if (captured === undefined || captured.length === 0 || captured.length > 9) return null;
  let v = 0;
  for (let i = 0; i < captured.length; i++) {
    const c = captured.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  for (let i = 0; i < part.steps.length; i++) {
    const [op, k] = part.steps[i]!;
    if (op === '+') v += k;
    else if (op === '-') v -= k;
    else if (op === '*') v *= k;
    else if (op === '//') {
      if (k === 0) return null;
      v = Math.floor(v / k);
    } else {
      if (k === 0) return null;
      v = ((v % k) + k) % k;
    }
  }
  return v >= 0 ? v : null;
}

/** Does the replacement use index arithmetic (`${…}`, plan version 2)? */
export function hasArithmetic(replacement: string): boolean {
  return replacement.includes('${');
}

/** The pieces of a replacement: literal text, `$N` groups and `${…}` arithmetic, in order. */
export function replacementParts(replacement: string): (string | number | ArithmeticPart)[] {
  const parts: (string | number | ArithmeticPart)[] = [];
  let literal = '';
  for (let i = 0; i < replacement.length; i++) {
    if (replacement[i] !== '$') {
      literal += replacement[i];
      continue;
    }
    const rest = replacement.slice(i + 1);
    if (rest.startsWith('$')) {
      literal += '$';
      i++;
      continue;
    }
    const arith = parseArithmetic(replacement.slice(i));
    const plain = arith ? null : /^\d{1,2}/.exec(rest);
    if (!arith && !plain) {
      literal += '$';
      continue;
    }
    if (literal) parts.push(literal);
    literal = '';
    if (arith) {
      parts.push(arith.part);
      i += arith.length - 1;
    } else {
      parts.push(Number(plain![0]));
      i += plain![0].length;
    }
  }
  if (literal) parts.push(literal);
  return parts;
}

/** Why a replacement is not acceptable for a pattern with `groups` groups, or null. */
export function replacementProblem(replacement: string, groups: number): string | null {
  for (let i = 0; i < replacement.length; i++) {
    if (replacement[i] !== '$') continue;
    const next = replacement[i + 1];
    if (next === '$') {
      i++;
      continue;
    }
    if (next === '{') {
      const a = parseArithmetic(replacement.slice(i));
      if (!a) return `'\${' at ${i} must be index arithmetic like \${1+1}, \${1//3} or \${1%3} (or write '$$' for a literal '$')`;
      if (a.part.group < 1 || a.part.group > groups) return `\${${a.part.group}…} refers to group ${a.part.group} but the pattern has ${groups} group(s)`;
      if (a.part.steps.some(([op, k]) => (op === '//' || op === '%') && k === 0)) return `division by zero in ${replacement.slice(i, i + a.length)}`;
      i += a.length - 1;
      continue;
    }
    const m = /^\d{1,2}/.exec(replacement.slice(i + 1));
    if (!m) return `'$' at ${i} must be followed by a group number (or written '$$')`;
    const n = Number(m[0]);
    if (n < 1 || n > groups) return `$${n} refers to group ${n} but the pattern has ${groups} group(s)`;
    i += m[0].length;
  }
  return null;
}

/** `$N` → group N (empty when it did not take part), `$$` → `$`; arithmetic parts as compileReplacement. */
export function expandReplacement(replacement: string, match: RegExpExecArray): string {
  if (!replacement.includes('$')) return replacement;
  return compileReplacement(replacement)(match) ?? '';
}

/** The expanded replacement, or undefined when index arithmetic met a capture that is no index (or went negative): the rename then does not apply. */
export type Expander = (match: RegExpExecArray) => string | undefined;

/** expandReplacement compiled once for a replacement applied to many keys. */
export function compileReplacement(replacement: string): Expander {
  if (!replacement.includes('$')) return () => replacement;
  const parts = replacementParts(replacement);
  return (match) => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else if (typeof p === 'number') out += match[p] ?? '';
      else {
        const v = evaluateArithmetic(p, match[p.group]);
        if (v === null) return undefined;
        out += String(v);
      }
    }
    return out;
  };
}
