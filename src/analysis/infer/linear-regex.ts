/**
 * A regex matcher whose time is linear in the text: a Pike VM (Thompson's construction with capture
 * slots, threads kept in priority order) over the plan dialect — literals, escapes (`\d \w \s`, their
 * negations, `\b \B`), `.`, classes, groups (capturing and `(?:…)`), alternation, greedy and lazy
 * quantifiers, `^` and `$`. That is the part of JavaScript's RegExp a plan may use (no backreferences,
 * no lookaround), and within it the matches are JavaScript's: leftmost, then the first alternative
 * in priority order; captures inside a repeated group are reset at each iteration.
 *
 * Why not the native RegExp: it backtracks, so a crafted plan (`(a+)+$` against a long key, or
 * `.*.*.*.*x`) runs for hours on one key, and a running native match cannot be interrupted. Here each
 * character of the key costs at most one step per instruction of the pattern, whatever the pattern.
 */

/** A character class: sorted, disjoint UTF-16 code-unit ranges, inclusive. */
type Ranges = number[];

type Node =
  | { t: 'char'; ranges: Ranges }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'group'; index: number | null; body: Node }
  | { t: 'repeat'; body: Node; min: number; max: number; greedy: boolean }
  | { t: 'assert'; kind: '^' | '$' | 'b' | 'B' };

export class LinearRegexError extends Error {
  override readonly name = 'LinearRegexError';
}

const DIGIT: Ranges = [0x30, 0x39];
const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
// JavaScript's \s: WhiteSpace and LineTerminator
const SPACE: Ranges = [0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff];
// `.` matches anything but a line terminator
const DOT: Ranges = negate([0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029]);
const ESCAPED_CONTROL: Record<string, number> = { t: 0x09, n: 0x0a, r: 0x0d, f: 0x0c, v: 0x0b, '0': 0 };

function normalize(r: Ranges): Ranges {
  const pairs: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) pairs.push([r[i]!, r[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of pairs) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) out[n - 1] = Math.max(out[n - 1]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

function negate(r: Ranges): Ranges {
  const n = normalize(r);
  const out: Ranges = [];
  let next = 0;
  for (let i = 0; i < n.length; i += 2) {
    if (n[i]! > next) out.push(next, n[i]! - 1);
    next = n[i + 1]! + 1;
  }
  if (next <= 0xffff) out.push(next, 0xffff);
  return out;
}

/** Recursive-descent parser; nesting depth is bounded so a crafted pattern cannot overflow the stack. */
class Parser {
  private i = 0;
  groups = 0;
  private depth = 0;

  constructor(private readonly src: string) {}

  parse(): Node {
    const n = this.alternation();
    if (this.i < this.src.length) this.fail(`unexpected '${this.src[this.i]}'`);
    return n;
  }

  private fail(why: string): never {
    throw new LinearRegexError(`${why} at ${this.i}`);
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') items.push(this.quantified());
    return items.length === 1 ? items[0]! : { t: 'seq', items };
  }

  private quantified(): Node {
    const atom = this.atom();
    const c = this.src[this.i];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i, this.i + 24));
      if (!m) return atom; // a literal '{', as JavaScript reads it outside unicode mode
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (max < min) this.fail('numbers out of order in {} quantifier');
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (atom.t === 'assert') this.fail('nothing to repeat');
    let greedy = true;
    if (this.src[this.i] === '?') {
      greedy = false;
      this.i++;
    }
    const next = this.src[this.i];
    if (next === '*' || next === '+' || next === '?' || (next === '{' && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.i, this.i + 24)))) this.fail('nothing to repeat');
    return { t: 'repeat', body: atom, min, max, greedy };
  }

  private atom(): Node {
    const c = this.src[this.i]!;
    this.i++;
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return { t: 'char', ranges: this.charClass() };
      case '.':
        return { t: 'char', ranges: DOT };
      case '^':
        return { t: 'assert', kind: '^' };
      case '$':
        return { t: 'assert', kind: '$' };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        return this.fail('nothing to repeat');
      default: {
        const code = c.charCodeAt(0);
        return { t: 'char', ranges: [code, code] };
      }
    }
  }

  private group(): Node {
    if (++this.depth > MAX_DEPTH) this.fail(`groups nested deeper than ${MAX_DEPTH}`);
    let index: number | null = null;
    if (this.src[this.i] === '?') {
      if (this.src[this.i + 1] !== ':') this.fail('lookaround and named groups are not in the plan regex dialect');
      this.i += 2;
    } else index = ++this.groups;
    const body = this.alternation();
    if (this.src[this.i] !== ')') this.fail('unterminated group');
    this.i++;
    this.depth--;
    return { t: 'group', index, body };
  }

  private escape(): Node {
    const c = this.src[this.i++];
    if (c === undefined) this.fail('\\ at end of pattern');
    if (c === 'b' || c === 'B') return { t: 'assert', kind: c };
    const cls = this.classEscape(c);
    if (cls) return { t: 'char', ranges: cls };
    if (/[1-9]/.test(c)) this.fail('backreferences are not in the plan regex dialect');
    if (c === 'k') this.fail('named backreferences are not in the plan regex dialect');
    const code = this.codeEscape(c);
    return { t: 'char', ranges: [code, code] };
  }

  private classEscape(c: string): Ranges | null {
    switch (c) {
      case 'd': return DIGIT;
      case 'D': return negate(DIGIT);
      case 'w': return WORD;
      case 'W': return negate(WORD);
      case 's': return SPACE;
      case 'S': return negate(SPACE);
      default: return null;
    }
  }

  /** the code unit an escape stands for: a control escape, \xHH, \uHHHH, or the character itself */
  private codeEscape(c: string): number {
    if (c in ESCAPED_CONTROL) return ESCAPED_CONTROL[c]!;
    if (c === 'x' || c === 'u') {
      const n = c === 'x' ? 2 : 4;
      const hex = this.src.slice(this.i, this.i + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) this.fail(`bad \\${c} escape`);
      this.i += n;
      return parseInt(hex, 16);
    }
    if (/[a-zA-Z]/.test(c)) this.fail(`\\${c} is not in the plan regex dialect`);
    return c.charCodeAt(0);
  }

  private charClass(): Ranges {
    let negated = false;
    if (this.src[this.i] === '^') {
      negated = true;
      this.i++;
    }
    const ranges: Ranges = [];
    while (this.i < this.src.length && this.src[this.i] !== ']') {
      const lo = this.classAtom(ranges);
      if (lo === null) continue;
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        const hi = this.classAtom(ranges);
        if (hi === null) this.fail('a class escape cannot end a range');
        if (hi < lo) this.fail('range out of order in character class');
        ranges.push(lo, hi);
      } else ranges.push(lo, lo);
    }
    if (this.src[this.i] !== ']') this.fail('unterminated character class');
    this.i++;
    const set = normalize(ranges);
    return negated ? negate(set) : set;
  }

  /** one class member: a code unit, or null after adding a class escape (\d …) to `ranges` */
  private classAtom(ranges: Ranges): number | null {
    const c = this.src[this.i++]!;
    if (c !== '\\') return c.charCodeAt(0);
    const e = this.src[this.i++];
    if (e === undefined) this.fail('\\ at end of pattern');
    const cls = this.classEscape(e);
    if (cls) {
      ranges.push(...cls);
      return null;
    }
    if (e === 'b') return 0x08;
    return this.codeEscape(e);
  }
}

const MAX_DEPTH = 200;
/** instructions a pattern may compile to (counted repeats are expanded) */
const MAX_PROGRAM = 50_000;

const enum Op {
  Char,
  Split,
  Jmp,
  Save,
  Assert,
  Reset,
  Match,
}

interface Inst {
  op: Op;
  /** Char: ranges; Split: [x, y]; Jmp: [x]; Save: [slot]; Reset: [fromSlot, toSlot); Assert: kind */
  ranges?: Ranges;
  x?: number;
  y?: number;
  n?: number;
  m?: number;
  kind?: '^' | '$' | 'b' | 'B';
}

class Compiler {
  readonly prog: Inst[] = [];

  emit(i: Inst): number {
    if (this.prog.length >= MAX_PROGRAM) throw new LinearRegexError(`the pattern is too large (over ${MAX_PROGRAM} instructions once its counted repeats are spelled out)`);
    this.prog.push(i);
    return this.prog.length - 1;
  }

  /** compiled iteratively over the tree's width; depth is bounded by the parser */
  node(n: Node): void {
    switch (n.t) {
      case 'char':
        this.emit({ op: Op.Char, ranges: n.ranges });
        return;
      case 'assert':
        this.emit({ op: Op.Assert, kind: n.kind });
        return;
      case 'seq':
        for (const item of n.items) this.node(item);
        return;
      case 'group':
        if (n.index !== null) this.emit({ op: Op.Save, n: 2 * n.index });
        this.node(n.body);
        if (n.index !== null) this.emit({ op: Op.Save, n: 2 * n.index + 1 });
        return;
      case 'alt': {
        const jumps: number[] = [];
        for (let k = 0; k < n.options.length; k++) {
          if (k < n.options.length - 1) {
            const split = this.emit({ op: Op.Split });
            this.prog[split]!.x = this.prog.length;
            this.node(n.options[k]!);
            jumps.push(this.emit({ op: Op.Jmp }));
            this.prog[split]!.y = this.prog.length;
          } else this.node(n.options[k]!);
        }
        for (const j of jumps) this.prog[j]!.x = this.prog.length;
        return;
      }
      case 'repeat':
        this.repeat(n);
        return;
    }
  }

  private repeat(n: Extract<Node, { t: 'repeat' }>): void {
    const slots = groupSlots(n.body);
    const body = () => {
      if (slots) this.emit({ op: Op.Reset, n: slots[0], m: slots[1] });
      this.node(n.body);
    };
    for (let k = 0; k < n.min; k++) body();
    if (n.max === Infinity) {
      // L: split body, out; body; jmp L
      const split = this.emit({ op: Op.Split });
      const start = this.prog.length;
      body();
      this.emit({ op: Op.Jmp, x: split });
      const out = this.prog.length;
      Object.assign(this.prog[split]!, n.greedy ? { x: start, y: out } : { x: out, y: start });
      return;
    }
    const splits: number[] = [];
    for (let k = n.min; k < n.max; k++) {
      splits.push(this.emit({ op: Op.Split }));
      body();
    }
    const out = this.prog.length;
    for (const s of splits) Object.assign(this.prog[s]!, n.greedy ? { x: s + 1, y: out } : { x: out, y: s + 1 });
  }
}

/** [first, end) capture slots of the groups inside a node, or null when it has none */
function groupSlots(n: Node): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  const stack: Node[] = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.t === 'group') {
      if (x.index !== null) {
        lo = Math.min(lo, x.index);
        hi = Math.max(hi, x.index);
      }
      stack.push(x.body);
    } else if (x.t === 'seq') stack.push(...x.items);
    else if (x.t === 'alt') stack.push(...x.options);
    else if (x.t === 'repeat') stack.push(x.body);
  }
  return lo === Infinity ? null : [2 * lo, 2 * hi + 2];
}

function inRanges(r: Ranges, c: number): boolean {
  for (let i = 0; i < r.length; i += 2) {
    if (c < r[i]!) return false;
    if (c <= r[i + 1]!) return true;
  }
  return false;
}

function isWord(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  return inRanges(WORD, s.charCodeAt(i));
}

/**
 * An upper bound on the paths a backtracking engine can try for this pattern on a text of `n`
 * characters, as a function of n: every quantifier multiplies by the counts it may take, every
 * alternation by its options, an unanchored start by the n+1 start positions. Sound for patterns
 * whose repeated parts hold no quantifier or alternation of their own (a quantified group multiplies
 * per iteration: it is rated unbounded).
 */
export function backtrackBound(source: string): (n: number) => number {
  const tree = new Parser(source).parse();
  let nested = false;
  // factors: [fixed multiplier, power of (n + 1)]
  let fixed = 1;
  let power = 0;
  const stack: [Node, boolean][] = [[tree, false]];
  while (stack.length) {
    const [x, insideRepeat] = stack.pop()!;
    if (x.t === 'repeat') {
      if (insideRepeat || (x.body.t !== 'char' && x.body.t !== 'assert')) nested = true;
      if (x.max === Infinity) power++;
      else fixed *= x.max - x.min + 1;
      stack.push([x.body, true]);
    } else if (x.t === 'alt') {
      if (insideRepeat) nested = true;
      fixed *= x.options.length;
      for (const o of x.options) stack.push([o, insideRepeat]);
    } else if (x.t === 'seq') for (const i of x.items) stack.push([i, insideRepeat]);
    else if (x.t === 'group') stack.push([x.body, insideRepeat]);
  }
  const anchored = startsAnchored(tree);
  if (nested) return () => Infinity;
  return (n) => fixed * (n + 1) ** (power + (anchored ? 0 : 1));
}

/** Does every match have to start at position 0 (a leading `^` outside any alternation)? */
function startsAnchored(n: Node): boolean {
  for (let x: Node | undefined = n; x; ) {
    if (x.t === 'assert') return x.kind === '^';
    if (x.t === 'seq') x = x.items[0];
    else if (x.t === 'group') x = x.body;
    else return false;
  }
  return false;
}

/** A compiled pattern: exec gives RegExp.prototype.exec's answer (index, match, groups) in linear time. */
export class LinearRegex {
  private readonly prog: Inst[];
  readonly groups: number;
  private readonly slots: number;

  constructor(readonly source: string) {
    const p = new Parser(source);
    const tree = p.parse();
    this.groups = p.groups;
    this.slots = 2 * (p.groups + 1);
    const c = new Compiler();
    c.emit({ op: Op.Save, n: 0 });
    c.node(tree);
    c.emit({ op: Op.Save, n: 1 });
    c.emit({ op: Op.Match });
    this.prog = c.prog;
  }

  test(s: string): boolean {
    return this.run(s) !== null;
  }

  exec(s: string): RegExpExecArray | null {
    const caps = this.run(s);
    if (!caps) return null;
    const out: (string | undefined)[] = [];
    for (let g = 0; g <= this.groups; g++) {
      const a = caps[2 * g]!;
      const b = caps[2 * g + 1]!;
      out.push(a >= 0 && b >= 0 ? s.slice(a, b) : undefined);
    }
    return Object.assign(out, { index: caps[0]!, input: s, groups: undefined }) as unknown as RegExpExecArray;
  }

  /** capture slots of the leftmost-first match, or null */
  private run(s: string): Int32Array | null {
    const n = this.prog.length;
    let clist = new ThreadList(n);
    let nlist = new ThreadList(n);
    let matched: Int32Array | null = null;
    const init = new Int32Array(this.slots).fill(-1);
    for (let i = 0; i <= s.length; i++) {
      // a new thread starting here has the lowest priority; none once a match is known
      if (matched === null) this.add(clist, 0, init, s, i);
      else if (clist.size === 0) break;
      const c = i < s.length ? s.charCodeAt(i) : -1;
      nlist.clear();
      for (let k = 0; k < clist.size; k++) {
        const pc = clist.pcs[k]!;
        const inst = this.prog[pc]!;
        if (inst.op === Op.Match) {
          matched = clist.caps[k]!;
          break; // threads after this one have lower priority
        }
        if (inst.op === Op.Char && c >= 0 && inRanges(inst.ranges!, c)) this.add(nlist, pc + 1, clist.caps[k]!, s, i + 1);
      }
      [clist, nlist] = [nlist, clist];
    }
    // threads still alive at the end may reach Match without consuming
    for (let k = 0; k < clist.size; k++) {
      if (this.prog[clist.pcs[k]!]!.op === Op.Match) return clist.caps[k]!;
    }
    return matched;
  }

  /** Follow the epsilon closure of `pc` at position `i` (iteratively), adding threads in priority order. */
  private add(list: ThreadList, pc0: number, caps0: Int32Array, s: string, i: number): void {
    const stack: [number, Int32Array][] = [[pc0, caps0]];
    while (stack.length) {
      const [pc, caps] = stack.pop()!;
      if (list.has(pc)) continue;
      list.mark(pc);
      const inst = this.prog[pc]!;
      switch (inst.op) {
        case Op.Jmp:
          stack.push([inst.x!, caps]);
          break;
        case Op.Split:
          // pushed in reverse: x is explored (and so added) first
          stack.push([inst.y!, caps], [inst.x!, caps]);
          break;
        case Op.Save: {
          const next = caps.slice();
          next[inst.n!] = i;
          stack.push([pc + 1, next]);
          break;
        }
        case Op.Reset: {
          const next = caps.slice();
          next.fill(-1, inst.n!, inst.m!);
          stack.push([pc + 1, next]);
          break;
        }
        case Op.Assert:
          if (assertion(inst.kind!, s, i)) stack.push([pc + 1, caps]);
          break;
        default:
          list.push(pc, caps);
      }
    }
  }
}

function assertion(kind: '^' | '$' | 'b' | 'B', s: string, i: number): boolean {
  switch (kind) {
    case '^': return i === 0;
    case '$': return i === s.length;
    case 'b': return isWord(s, i - 1) !== isWord(s, i);
    case 'B': return isWord(s, i - 1) === isWord(s, i);
  }
}

/** Threads at one position, in priority order; a pc is taken once (sparse set, cleared in O(1)). */
class ThreadList {
  pcs: Int32Array;
  caps: Int32Array[] = [];
  size = 0;
  private readonly seen: Int32Array;
  private generation = 1;

  constructor(n: number) {
    this.pcs = new Int32Array(n);
    this.seen = new Int32Array(n);
  }

  has(pc: number): boolean {
    return this.seen[pc] === this.generation;
  }

  mark(pc: number): void {
    this.seen[pc] = this.generation;
  }

  push(pc: number, caps: Int32Array): void {
    this.pcs[this.size] = pc;
    this.caps[this.size] = caps;
    this.size++;
  }

  clear(): void {
    this.size = 0;
    this.generation++;
  }
}
