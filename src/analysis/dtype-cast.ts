/**
 * The words for tensors whose dtype differs between checkpoint and model, one place for `plan` and `diff`
 * (review 23 F6: plan said "the checkpoint already matches" of a float32 checkpoint into a half model while
 * diff said the dtypes differ). load_state_dict copies each tensor into the model's with `copy_`, which
 * casts: loading succeeds, but a cast to a narrower type (float32 → float16, a float to an integer, float16
 * ↔ bfloat16) rounds the values to the model's precision, silently.
 */
import { DTYPES, type DType } from '../formats/dtype.js';
import type { DTypeMismatch } from './diff.js';

const kind = (d: string) => (/^(b?float|complex)/.test(d) ? 'float' : /^u?int/.test(d) ? 'int' : 'other');
const size = (d: string) => (d in DTYPES ? DTYPES[d as DType].itemsize : 0);

/** Whether casting `from` to `to` can change values (rounds or cuts): a smaller type, a float to an integer, another 16-bit float. */
export function castNarrows(from: string, to: string): boolean {
  if (from === to) return false;
  if (kind(from) === 'float' && kind(to) !== 'float') return true;
  if (kind(from) === kind(to) && size(to) === size(from)) return kind(from) === 'float';
  return size(to) < size(from);
}

/** The casts `checkpoint → model` (`float32 → float16`) with how many tensors each, most frequent first. */
export function castPairs(mismatches: readonly DTypeMismatch[]): [string, number][] {
  const pairs = new Map<string, number>();
  for (const m of mismatches) pairs.set(`${m.source} → ${m.expected}`, (pairs.get(`${m.source} → ${m.expected}`) ?? 0) + 1);
  return [...pairs.entries()].sort((a, b) => b[1] - a[1]);
}

/** `N tensors differ in dtype (float32 → float16)`, the pairs most frequent first. */
export function dtypesDiffer(mismatches: readonly DTypeMismatch[]): string {
  const pairs = castPairs(mismatches);
  const shown = pairs.map(([p, n]) => (pairs.length === 1 ? p : `${p}: ${n}`));
  return `${mismatches.length} ${mismatches.length === 1 ? 'tensor differs' : 'tensors differ'} in dtype (checkpoint → model: ${shown.join(', ')})`;
}

/** What load_state_dict does with them: casts on copy; and which casts narrow the values. */
export function castOnLoad(mismatches: readonly DTypeMismatch[]): string {
  const narrow = [...new Set(mismatches.filter((m) => castNarrows(m.source, m.expected)).map((m) => `${m.source} → ${m.expected}`))];
  const base = 'load_state_dict casts on copy, so loading succeeds';
  return narrow.length === 0 ? base : `${base}; ${narrow.join(', ')} ${narrow.length === 1 ? 'narrows' : 'narrow'} the values to the model's precision (rounded, no error)`;
}
