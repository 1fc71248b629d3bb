/**
 * A buffer reading of a key an error text lists (key-roles.ts NON_WEIGHT_BUFFERS), checked against the
 * other keys of the text: a name alone is not enough where a trained tensor has it too. review19 F2: a
 * model whose attention is `attn = nn.Linear(…)` has a trained `attn.bias`, which the causal-mask row
 * names; renamed `blocks.` → `layers.`, explain dropped both biases as masks ("nothing trained is lost").
 * - its module's `weight` listed beside a `bias` (either side, or a size line) makes it that module's bias;
 * - a rename that covers the key outranks the reading: the other side lists it under another prefix that
 *   other keys of the text share (`layers.0.attn.bias` ↔ `blocks.0.attn.bias` where `layers.0.ln.weight` ↔
 *   `blocks.0.ln.weight`), so it is a tensor the rename carries, as those are.
 */
import type { ErrorReport } from '../formats/error-text.js';
import { bufferRule, bufferRuleSeen, type BufferRule } from './key-roles.js';
import { splitKey } from './key-tokens.js';

/** For each side of the text: the buffer reading of one of its keys, or null where the text refutes it. */
export function listedBufferReading(report: ErrorReport): { unexpected: (k: string) => BufferRule | null; missing: (k: string) => BufferRule | null } {
  let all: Set<string> | null = null;
  const has = (k: string) => (all ??= new Set([...report.missing, ...report.unexpected, ...report.sizeMismatch.map((m) => m.key)])).has(k);
  const cover = (same: readonly string[], other: readonly string[]) => {
    let covers: ((k: string) => boolean) | null = null;
    return (k: string): BufferRule | null => {
      const r = bufferRuleSeen(k, null, null, has);
      if (!r) return null;
      covers ??= renameCovers(same, other);
      return covers(k) ? null : r;
    };
  };
  return { unexpected: cover(report.unexpected, report.missing), missing: cover(report.missing, report.unexpected) };
}

/**
 * Does a prefix rename other keys share carry `k` to a key of `other`? Tried at every split of `k` that
 * keeps two segments or more after it (the buffer's module and leaf); a pair of prefixes counts when a key
 * of `same` that is no buffer (`x`) is in `other` as `q + x` without `p`. Indexes are built once, on first use.
 */
function renameCovers(same: readonly string[], other: readonly string[]): (k: string) => boolean {
  // other's keys by every tail of two segments or more: tail → the prefixes it comes after
  const byTail = new Map<string, string[]>();
  for (const o of other) {
    const segs = splitKey(o);
    for (let i = 1; i <= segs.length - 2; i++) {
      const tail = segs.slice(i).join('.');
      const list = byTail.get(tail);
      const prefix = segs.slice(0, i).join('.');
      if (list) list.push(prefix);
      else byTail.set(tail, [prefix]);
    }
  }
  const otherSet = new Set(other);
  const shared = new Map<string, boolean>();
  const pairHolds = (p: string, q: string) => {
    const id = `${p}\u0000${q}`;
    let v = shared.get(id);
    if (v === undefined) {
      v = same.some((x) => x.startsWith(`${p}.`) && bufferRule(x) === null && otherSet.has(`${q}${x.slice(p.length)}`));
      shared.set(id, v);
    }
    return v;
  };
  return (k) => {
    const segs = splitKey(k);
    for (let i = 1; i <= segs.length - 2; i++) {
      const p = segs.slice(0, i).join('.');
      for (const q of byTail.get(segs.slice(i).join('.')) ?? []) if (q !== p && pairHolds(p, q)) return true;
    }
    return false;
  };
}
