import { commonPrefix, isDotSuffix } from '../analysis/key-tokens.js';
import { sameShape, type KeyEntry } from '../formats/keys.js';

/**
 * With the checkpoint beside a whole error text: a subtree of the file that is the model's missing subtree
 * under another prefix (`clip.visual.*` for the model's `model.clip.visual.*`, s22-mend5's leftover). The error
 * calls the model's keys missing and names none of the file's: a loader that filtered the state dict to the
 * model's keys dropped them, and the file's subtree "assumed matched" is the one the model misses.
 *
 * Found only when the pairing is whole and one to one: every missing key under one prefix has the file's key
 * under one other prefix with the same rest and the same shape (where both are known), the file holds no other
 * key under its prefix, the model none under its own that loaded, and exactly one file prefix does it. Anything
 * less stays a listed finding (build.ts's held-under-prefix note): a partial move would guess.
 */
export interface HeldSubtree {
  /** the file's prefix (`clip.visual.`) */
  from: string;
  /** the model's (`model.clip.visual.`) */
  to: string;
  /** the file's keys under `from`, in its order */
  keys: string[];
}

export function heldSubtree(source: readonly KeyEntry[], target: readonly KeyEntry[], missingKeys: readonly string[]): HeldSubtree | null {
  const inSource = new Map(source.map((e) => [e.key, e]));
  const missing = missingKeys.filter((k) => !inSource.has(k));
  if (missing.length === 0) return null;
  const to = commonPrefix(missing);
  if (to === '') return null;
  const missingSet = new Set(missing);
  // the model's subtree is missing whole: a key under it that loaded would make the move a partial one
  if (target.some((e) => e.key.startsWith(to) && !missingSet.has(e.key))) return null;
  const want = new Map(target.map((e) => [e.key, e.shape]));
  const rest0 = missing[0]!.slice(to.length);
  const found: HeldSubtree[] = [];
  for (const e of source) {
    if (!isDotSuffix(rest0, e.key)) continue;
    const from = e.key.slice(0, e.key.length - rest0.length);
    if (from === to) continue;
    const pairs = missing.every((k) => {
      const s = inSource.get(from + k.slice(to.length));
      const a = s?.shape;
      const b = want.get(k);
      return s !== undefined && (!a || !b || sameShape(a, b));
    });
    if (!pairs) continue;
    const keys = source.filter((x) => x.key.startsWith(from)).map((x) => x.key);
    if (keys.length === missing.length) found.push({ from, to, keys });
  }
  return found.length === 1 ? found[0]! : null;
}
