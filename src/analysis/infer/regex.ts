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
  const pick = (key: string): RegExp | LinearRegex => {
    if (bound(key.length) <= NATIVE_BUDGET) {
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

/** Why a replacement is not acceptable for a pattern with `groups` groups, or null. */
export function replacementProblem(replacement: string, groups: number): string | null {
  for (let i = 0; i < replacement.length; i++) {
    if (replacement[i] !== '$') continue;
    const next = replacement[i + 1];
    if (next === '$') {
      i++;
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

/** `$N` → group N (empty when it did not take part), `$$` → `$`. */
export function expandReplacement(replacement: string, match: RegExpExecArray): string {
  if (!replacement.includes('$')) return replacement;
  return replacement.replace(/\$(\$|\d{1,2})/g, (_, g: string) => (g === '$' ? '$' : (match[Number(g)] ?? '')));
}

export type Expander = (match: RegExpExecArray) => string;

/** expandReplacement compiled once for a replacement applied to many keys. */
export function compileReplacement(replacement: string): Expander {
  if (!replacement.includes('$')) return () => replacement;
  const parts: (string | number)[] = [];
  let literal = '';
  for (let i = 0; i < replacement.length; i++) {
    const m = replacement[i] === '$' ? /^(\$|\d{1,2})/.exec(replacement.slice(i + 1)) : null;
    if (!m) {
      literal += replacement[i];
      continue;
    }
    if (m[1] === '$') literal += '$';
    else {
      if (literal) parts.push(literal);
      literal = '';
      parts.push(Number(m[1]));
    }
    i += m[1]!.length;
  }
  if (literal) parts.push(literal);
  return (match) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : (match[p] ?? '');
    return out;
  };
}
