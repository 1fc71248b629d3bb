/**
 * When the two sides are partial — an error text alone names only the keys that differ — the real
 * checkpoint holds keys inference never saw: those both sides share, which load as they are. An op
 * general enough to reach them would break them (`drop (^|\.)weight$` generalised over `shared.weight`
 * and `lm_head.weight` drops every weight of the real checkpoint). So in that mode every op is
 * either exact (it names the keys it acts on) or scoped: anchored at the start of the key on a module
 * path the error shows only on the checkpoint's side (`^world_classifier\.`, `module.`). A module the
 * model has no key in, as far as the error shows, is assumed to hold no key the model shares; that
 * assumption is said with the plan.
 */
import type { PlanOp } from '../op-vocabulary.js';
import { escapeRegex } from './regex.js';
import { modulePrefixOf } from '../key-tokens.js';

/** The literal text every match of `pattern` starts with when it is anchored by `^`; null when not anchored. */
export function literalHead(pattern: string): string | null {
  if (!pattern.startsWith('^')) return null;
  let out = '';
  for (let i = 1; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      // `\.`, `\$`…: an escaped literal; `\d`, `\w`…: a class, where the literal head ends
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return out;
      out += next;
      i++;
      continue;
    }
    if ('.*+?()[]{}|$'.includes(c)) {
      // a quantifier makes the last character optional or repeated: it is not part of the head
      if ('*?{'.includes(c)) return out.slice(0, -1);
      return out;
    }
    out += c;
  }
  return out;
}

/** `^a\.b$` with nothing but literals: it names exactly one key. */
export function isExactPattern(pattern: string): boolean {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return false;
  const head = literalHead(pattern);
  return head !== null && `^${escapeRegex(head)}$` === pattern;
}

export class PartialScope {
  /** every module path (`a.`, `a.b.`) of a key the model side names */
  private readonly modelPaths = new Set<string>();

  constructor(modelKeys: Iterable<string>) {
    for (const k of modelKeys) {
      for (let i = k.indexOf('.'); i >= 0; i = k.indexOf('.', i + 1)) this.modelPaths.add(k.slice(0, i + 1));
    }
  }

  /**
   * A module path (`world_classifier.`, `encoder.layer.`) no model key starts with: the error shows it
   * on the checkpoint's side only. (Every dotted prefix of a model key is in the set, so a path some
   * model key starts with is in it too.)
   */
  checkpointOnly(path: string): boolean {
    return path.length > 1 && path.endsWith('.') && !this.modelPaths.has(path);
  }

  /**
   * The module path a regex op is scoped to: '' when it is exact, null when it could reach keys the
   * error did not name (not anchored on a checkpoint-only module).
   */
  scopeOfPattern(pattern: string): string | null {
    if (isExactPattern(pattern)) return '';
    const head = literalHead(pattern);
    if (head === null) return null;
    const path = modulePrefixOf(head);
    return this.checkpointOnly(path) ? path : null;
  }

  /** `strip_prefix` touches only keys that start with the prefix: scoped when that is a checkpoint-only module path. */
  scopeOfStrip(prefix: string): string | null {
    return this.checkpointOnly(prefix) ? prefix : null;
  }
}

/** What ops over partial key sets assume, in words: the module paths they are scoped to hold no key the model shares. */
export function scopeWarnings(ops: readonly PlanOp[], scope: PartialScope): string[] {
  const paths = new Set<string>();
  const added: string[] = [];
  for (const op of ops) {
    if (op.op === 'add_prefix') added.push(op.prefix);
    // (a stripped prefix is what every key the error shows carries: that needs no saying)
    const path = op.op === 'rename' || op.op === 'drop' ? scope.scopeOfPattern(op.pattern) : null;
    if (path) paths.add(path);
  }
  const out: string[] = [];
  if (paths.size > 0) {
    const list = [...paths].map((p) => `\`${p}\``).join(', ');
    out.push(`the error names only the keys that differ: ops reaching past them are scoped to ${list}, which the error shows on the checkpoint's side only; this assumes the model has no key there that the checkpoint shares`);
  }
  for (const p of added) out.push(`the error names only the keys that differ: \`add_prefix '${p}'\` renames every key, which assumes no checkpoint key already loads as it is`);
  return out;
}
