/**
 * What the name-changing ops do to one key. This is the single definition of op semantics on names;
 * `src/plan/mapping.ts` builds the full execution (transpose/split/concat, shapes, errors) on it.
 *
 * - strip_prefix: keys starting with the prefix lose it; other keys are untouched.
 * - add_prefix: every key gets the prefix (a prefix on part of the keys is a `rename` with `^`).
 * - rename: the first match of the regex is replaced (`$1` = group 1); keys without a match are untouched.
 * - drop: keys the regex matches are removed.
 * Ops see the keys as earlier ops left them (a pipeline).
 */
import type { PlanOp } from '../../plan/types.js';
import { expandReplacement } from './regex.js';

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
      const re = new RegExp(op.pattern);
      const replacement = op.replacement;
      return (name) => {
        const m = re.exec(name);
        if (!m) return undefined;
        return name.slice(0, m.index) + expandReplacement(replacement, m) + name.slice(m.index + m[0].length);
      };
    }
    case 'drop': {
      const re = new RegExp(op.pattern);
      return (name) => (re.test(name) ? null : undefined);
    }
  }
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
    case 'split':
      return `${op.op} ${op.key}`;
    case 'concat':
      return `concat → ${op.target}`;
  }
}

/**
 * The names ops give source keys (transpose/split/concat included, tensors not): source key → final
 * name, final names (split) or null (dropped). Ops that fail to apply are skipped here; the plan layer
 * reports them (src/plan/mapping.ts).
 */
export function simulateNames(ops: readonly PlanOp[], sources: readonly string[]): Map<string, string | string[] | null> {
  let items: { name: string; from: string[] }[] = sources.map((s) => ({ name: s, from: [s] }));
  for (const op of ops) {
    if (isNameOp(op)) {
      const step = compileNameOp(op);
      const next: typeof items = [];
      for (const it of items) {
        const r = step(it.name);
        if (r === null) continue;
        if (r !== undefined) it.name = r;
        next.push(it);
      }
      items = next;
    } else if (op.op === 'split') {
      const i = items.findIndex((it) => it.name === op.key);
      if (i < 0) continue;
      const [it] = items.splice(i, 1);
      for (const t of op.targets) items.push({ name: t, from: [...it!.from] });
    } else if (op.op === 'concat') {
      const parts = op.keys.map((k) => items.find((it) => it.name === k));
      if (parts.some((p) => !p)) continue;
      items = items.filter((it) => !parts.includes(it));
      items.push({ name: op.target, from: parts.flatMap((p) => p!.from) });
    }
  }
  const out = new Map<string, string | string[] | null>(sources.map((s) => [s, null]));
  const lists = new Map<string, string[]>();
  for (const it of items) for (const s of it.from) (lists.get(s) ?? lists.set(s, []).get(s)!).push(it.name);
  for (const [s, l] of lists) out.set(s, l.length === 1 ? l[0]! : l);
  return out;
}
