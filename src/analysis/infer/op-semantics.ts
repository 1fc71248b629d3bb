/**
 * What the name-changing ops do to one key. This is the single definition of op semantics on names;
 * `src/plan/mapping.ts` builds the full execution (transpose/split/concat, shapes, errors) on it.
 *
 * - strip_prefix: keys starting with the prefix lose it; other keys are untouched.
 * - add_prefix: every key gets the prefix (a prefix on part of the keys is a `rename` with `^`).
 * - rename: the first match of the regex is replaced (`$1` = group 1, `${1+1}` index arithmetic on it);
 *   keys without a match are untouched, and so are keys whose arithmetic has no index to work on.
 * - drop: keys the regex matches are removed.
 * Ops see the keys as earlier ops left them (a pipeline).
 */
import type { PlanOp } from '../plan-ops.js';
import { compilePattern, compileReplacement } from './regex.js';

export type NameOp = Extract<PlanOp, { op: 'strip_prefix' | 'add_prefix' | 'rename' | 'drop' }>;

/** undefined: the op does not concern this key; null: the key is dropped; string: its new name. */
export type NameStep = (name: string) => string | null | undefined;

export function isNameOp(op: PlanOp): op is NameOp {
  return op.op === 'strip_prefix' || op.op === 'add_prefix' || op.op === 'rename' || op.op === 'drop';
}

/** Compile once, apply to many keys. Throws SyntaxError on an invalid regex (validate plans first). */
export function compileNameOp(op: NameOp): NameStep {
  switch (op.op) {
    case 'strip_prefix': {
      const p = op.prefix;
      return (name) => (name.startsWith(p) ? name.slice(p.length) : undefined);
    }
    case 'add_prefix': {
      const p = op.prefix;
      return (name) => p + name;
    }
    case 'rename': {
      const re = compilePattern(op.pattern);
      const expand = compileReplacement(op.replacement);
      const head = anchoredLiteral(op.pattern);
      return (name) => {
        // most keys fail the literal start of `^blocks\.3\.m\.`: no regex run for them
        if (head && !name.startsWith(head)) return undefined;
        const m = re.exec(name);
        if (!m) return undefined;
        const replaced = expand(m);
        // index arithmetic over a capture that is no index: the rename does not concern this key
        if (replaced === undefined) return undefined;
        return name.slice(0, m.index) + replaced + name.slice(m.index + m[0].length);
      };
    }
    case 'drop': {
      const re = compilePattern(op.pattern);
      const head = anchoredLiteral(op.pattern);
      return (name) => ((!head || name.startsWith(head)) && re.test(name) ? null : undefined);
    }
  }
}

/**
 * The text every match of `pattern` starts the key with: the literal run after a leading `^`
 * (`^blocks\.3\.m\.(\d+)` → `blocks.3.m.`), '' when there is none or when an alternation outside
 * any group could match without it. A test that spares a plan of 3,000 exact renames the regex on
 * every key for every op.
 */
export function anchoredLiteral(pattern: string): string {
  if (!pattern.startsWith('^') || hasTopLevelAlternation(pattern)) return '';
  let out = '';
  let i = 1;
  for (; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      // an escaped punctuation mark is itself; `\d`, `\w`, `\b`… are classes or assertions
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break;
      out += next;
      i++;
    } else if (/[\w\-:\/ ]/.test(c)) out += c;
    else break;
  }
  // a quantifier after the run applies to its last character, which may then be absent
  return /^[*+?{]/.test(pattern.slice(i)) ? out.slice(0, -1) : out;
}

function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

type SplitOp = Extract<PlanOp, { op: 'split' }>;
type StackOp = Extract<PlanOp, { op: 'stack' }>;

/**
 * A stack's groups among `names`: target → the names stacked into it, ordered by their index, or an
 * error when a group's indices are not 0, 1, …, n−1 (each once).
 */
export function stackGroups(op: StackOp, names: Iterable<string>): { groups: Map<string, string[]>; error: string | null } {
  const re = new RegExp(op.pattern);
  const expand = compileReplacement(op.target);
  const byTarget = new Map<string, [number, string][]>();
  for (const name of names) {
    const m = re.exec(name);
    if (!m) continue;
    const target = expand(m);
    const at = m[op.index];
    if (target === undefined || at === undefined || !/^\d{1,9}$/.test(at)) continue;
    (byTarget.get(target) ?? byTarget.set(target, []).get(target)!).push([Number(at), name]);
  }
  const groups = new Map<string, string[]>();
  for (const [target, members] of byTarget) {
    members.sort((a, b) => a[0] - b[0]);
    if (members.some(([i], j) => i !== j)) return { groups, error: `'${target}': the stacked indices are not 0..${members.length - 1} (${members.map(([i]) => i).slice(0, 6).join(', ')}${members.length > 6 ? ', …' : ''})` };
    groups.set(target, members.map(([, n]) => n));
  }
  return { groups, error: null };
}

/**
 * Which names a split cuts and into what: for a split by `key`, that key into `targets`; by `pattern`,
 * every name the regex matches into the targets expanded with its match. Compile once per op.
 */
export function compileSplit(op: SplitOp): (name: string) => string[] | null {
  if (op.key !== undefined) {
    const key = op.key;
    return (name) => (name === key ? op.targets : null);
  }
  const re = new RegExp(op.pattern);
  const expanders = op.targets.map(compileReplacement);
  return (name) => {
    const m = re.exec(name);
    if (!m) return null;
    const out: string[] = [];
    for (const e of expanders) {
      const t = e(m);
      if (t === undefined) return null;
      out.push(t);
    }
    return out;
  };
}

/** One-line description of an op for messages: `rename ^layers\.(\d+)\.`. */
export function describeOp(op: PlanOp): string {
  switch (op.op) {
    case 'strip_prefix':
    case 'add_prefix':
      return `${op.op} '${op.prefix}'`;
    case 'rename':
    case 'drop':
      return `${op.op} ${op.pattern}`;
    case 'transpose':
    case 'reshape':
      return op.key !== undefined ? `${op.op} ${op.key}` : `${op.op} ${op.pattern}`;
    case 'split':
      return `${op.op} ${op.key ?? op.pattern}`;
    case 'concat':
      return `concat → ${op.target}`;
    case 'copy':
      return `copy ${op.key} → ${op.target}`;
    case 'stack':
      return `stack ${op.pattern} → ${op.target}`;
  }
}

/**
 * The names ops give source keys (transpose/reshape/split/concat included, tensors not): source key → final
 * name, final names (split) or null (dropped). Ops that fail to apply are skipped here; the plan layer
 * reports them (src/plan/mapping.ts).
 */
export function simulateNames(ops: readonly PlanOp[], sources: readonly string[]): Map<string, string | string[] | null> {
  return new NameSimulation(sources).advance(ops).result();
}

/**
 * simulateNames for a list of ops that only grows (plan inference appends transposes, splits, ties…
 * and asks what the names are after each): `advance` applies only the ops not seen yet, so asking
 * again costs the new ops, not the whole pipeline over every key again.
 */
export class NameSimulation {
  // one slot per tensor: a source key's, or one a split/concat made; null once dropped or consumed
  private readonly names: (string | null)[];
  private readonly from: (number | number[])[];
  private slotOf: Map<string, number> | null = null;
  private applied = 0;

  constructor(private readonly sources: readonly string[]) {
    this.names = [...sources];
    this.from = sources.map((_, i) => i);
  }

  private findSlot(name: string): number | undefined {
    this.slotOf ??= new Map(this.names.flatMap((n, i) => (n === null ? [] : [[n, i] as const])).reverse());
    const i = this.slotOf.get(name);
    return i !== undefined && this.names[i] === name ? i : undefined;
  }

  private addSlot(name: string, origin: number | number[]): void {
    this.names.push(name);
    this.from.push(origin);
    this.slotOf?.set(name, this.names.length - 1);
  }

  /** Apply `ops` past the ones already applied (`ops` must extend the list given before). */
  advance(ops: readonly PlanOp[]): this {
    const { names, from } = this;
    for (; this.applied < ops.length; this.applied++) {
      const op = ops[this.applied]!;
      if (isNameOp(op)) {
        const step = compileNameOp(op);
        for (let i = 0; i < names.length; i++) {
          const n = names[i];
          if (n === null || n === undefined) continue;
          const r = step(n);
          if (r !== undefined) names[i] = r;
        }
        this.slotOf = null;
      } else if (op.op === 'split') {
        const cut = compileSplit(op);
        const n = names.length;
        for (let i = 0; i < n; i++) {
          const name = names[i];
          if (name === null || name === undefined) continue;
          const targets = cut(name);
          if (!targets) continue;
          names[i] = null;
          for (const t of targets) this.addSlot(t, from[i]!);
        }
        this.slotOf = null;
      } else if (op.op === 'concat') {
        const parts = op.keys.map((k) => this.findSlot(k));
        if (parts.some((p) => p === undefined)) continue;
        for (const p of parts) names[p!] = null;
        this.addSlot(op.target, parts.flatMap((p) => from[p!]!));
      } else if (op.op === 'copy') {
        const i = this.findSlot(op.key);
        if (i === undefined) continue;
        this.addSlot(op.target, from[i]!);
      } else if (op.op === 'stack') {
        const live = names.flatMap((n, i) => (n === null || n === undefined ? [] : [[n, i] as const]));
        const { groups, error } = stackGroups(op, live.map(([n]) => n));
        if (error) continue;
        const slot = new Map(live);
        for (const [target, members] of groups) {
          const parts = members.map((n) => slot.get(n)!);
          for (const p of parts) names[p] = null;
          this.addSlot(target, parts.flatMap((p) => from[p]!));
        }
        this.slotOf = null;
      }
    }
    return this;
  }

  /** source key → final name, final names (split) or null (dropped), after the ops applied so far */
  result(): Map<string, string | string[] | null> {
    const { sources, names, from } = this;
    const out = new Map<string, string | string[] | null>();
    const lists: (string[] | undefined)[] = new Array(sources.length);
    const single: (string | undefined)[] = new Array(sources.length);
    names.forEach((n, i) => {
      if (n === null) return;
      const f = from[i]!;
      const put = (s: number) => {
        if (single[s] === undefined) single[s] = n;
        else (lists[s] ??= [single[s]!]).push(n);
      };
      if (typeof f === 'number') put(f);
      else f.forEach(put);
    });
    sources.forEach((s, i) => out.set(s, lists[i] ?? single[i] ?? null));
    return out;
  }
}
