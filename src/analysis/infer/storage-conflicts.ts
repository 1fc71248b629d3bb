/**
 * A model that ties two of its keys (XGLM's `lm_head.weight` is `model.embed_tokens.weight`) shows it as one
 * storage under both names (ties.ts, TargetStorages): it holds one tensor there. Pairs that would load two
 * different checkpoint tensors into that one storage cannot both stand, whatever aligned them (fairseq XGLM
 * keeps `decoder.output_projection.weight` beside `decoder.embed_tokens.weight`; module alignment pairs it with
 * `lm_head`, which transformers' converter leaves to the tie and drops the projection). The surest pair of a
 * storage stands (highest confidence; on equal, the one into the key the target lists first); the others are
 * withdrawn: their target key is the tie's copy (ties.ts), their source key has no place in the model.
 * Source keys the source itself stores as one tensor (its own tie, `sourceStorages`) are one tensor, not
 * two: a tied source renamed onto the tied target fills the tie under both names (review 14 F5/F13).
 * A checkpoint that already holds every name of the tie (an untied model's head and embeddings, or a tied
 * one written without storages) loads strict=True as it is: its same-name pairs all stand, none is dropped
 * for a copy (review 16 F1: dropping the trained head and copying the embeddings over it lost a tensor under
 * a false "no counterpart"); what a tied model keeps of two such tensors is said (tiedApart). "Holds them itself"
 * is read after the plan's own prefix ops: `_orig_mod.lm_head.weight` and `_orig_mod.transformer.wte.weight` are
 * the tie's names behind a prefix, as `model.`/`module.` ones are (review 24 F1: compared literally, the prefixed
 * head was withdrawn, dropped as "no counterpart" and overwritten by the embeddings' copy, exit 0, "verified").
 */
import type { TargetStorages } from './ties.js';
import type { KeyPair, Located } from './types.js';

/**
 * The target's tied storages read once: each key's group, each source key's tensor (its source storage
 * group, else itself). correspond asks it for the pairs to withdraw, judge-shapes for the groups filled
 * apart; both stages of one inference get the same index (review 16: each walked the storages itself).
 */
interface TiedIndex {
  storages: readonly (readonly string[])[];
  target: ReadonlyMap<string, Located>;
  sourceStorages: TargetStorages;
  groupOf: Map<string, number>;
  tensorOf: Map<string, string>;
}

/** one index per target storages of an inference (the options object both stages read), while its sides are the same */
const indexes = new WeakMap<readonly (readonly string[])[], TiedIndex>();

function tiedIndex(storages: readonly (readonly string[])[], target: ReadonlyMap<string, Located>, sourceStorages: TargetStorages): TiedIndex {
  const known = indexes.get(storages);
  if (known && known.target === target && known.sourceStorages === sourceStorages) return known;
  const groupOf = new Map<string, number>();
  storages.forEach((g, i) => {
    for (const k of g) groupOf.set(k, i);
  });
  const tensorOf = new Map<string, string>();
  sourceStorages?.forEach((g, i) => {
    for (const k of g) tensorOf.set(k, `\u0000${i}`);
  });
  const index = { storages, target, sourceStorages, groupOf, tensorOf };
  indexes.set(storages, index);
  return index;
}

/**
 * How a pair renames its key as a prefix op would: the source's and the target's heads before the longest
 * tail of whole segments they share (`_orig_mod.` and `` for `_orig_mod.lm_head.weight` → `lm_head.weight`;
 * `` and `` for the same name).
 */
function prefixOp(p: KeyPair): string {
  const s = p.source.split('.');
  const t = p.target.split('.');
  let n = 0;
  while (n < s.length && n < t.length && s[s.length - 1 - n] === t[t.length - 1 - n]) n++;
  return `${s.slice(0, s.length - n).join('.')}\u0000${t.slice(0, t.length - n).join('.')}`;
}

/**
 * The pairs into one tie group that carry the checkpoint's own names for it: two or more that one prefix op (or
 * none) takes onto their targets. Two pairs into distinct keys with the same heads differ in their tails, so
 * their op is a prefix op, not a rename that happens to keep a leaf (`decoder.output_projection.weight` →
 * `lm_head.weight` shares no op with `decoder.embed_tokens.weight` → `model.embed_tokens.weight`). Empty when no two do.
 */
function heldByName(list: readonly KeyPair[]): KeyPair[] {
  const byOp = new Map<string, KeyPair[]>();
  for (const p of list) {
    const op = prefixOp(p);
    (byOp.get(op) ?? byOp.set(op, []).get(op)!).push(p);
  }
  let best: KeyPair[] = [];
  for (const held of byOp.values()) if (held.length > best.length) best = held;
  return best.length >= 2 ? best : [];
}

/** The pairs into each tie group of the target, by the group's number. */
function pairsByGroup(pairs: readonly KeyPair[], groupOf: ReadonlyMap<string, number>): Map<number, KeyPair[]> {
  const into = new Map<number, KeyPair[]>();
  for (const p of pairs) {
    const g = groupOf.get(p.target);
    if (g !== undefined) (into.get(g) ?? into.set(g, []).get(g)!).push(p);
  }
  return into;
}

/** The pairs to withdraw: every pair into a storage group of the target but the surest, where they come from several source keys. */
export function storageConflicts(pairs: readonly KeyPair[], storages: TargetStorages, target: ReadonlyMap<string, Located>, sourceStorages: TargetStorages = null): Set<KeyPair> {
  const out = new Set<KeyPair>();
  if (!storages || storages.length === 0) return out;
  const { groupOf, tensorOf } = tiedIndex(storages, target, sourceStorages);
  const into = pairsByGroup(pairs, groupOf);
  const tensor = (k: string) => tensorOf.get(k) ?? k;
  const pos = (k: string) => target.get(k)?.pos ?? Infinity;
  for (const list of into.values()) {
    if (new Set(list.map((p) => tensor(p.source))).size < 2) continue;
    // the checkpoint holds these names itself: they all stand, and pairs of other names into the group give way
    const same = new Set(heldByName(list));
    if (same.size >= 2) {
      for (const p of list) if (!same.has(p)) out.add(p);
      continue;
    }
    const best = list.reduce((a, b) => (b.confidence > a.confidence || (b.confidence === a.confidence && pos(b.target) < pos(a.target)) ? b : a));
    for (const p of list) if (tensor(p.source) !== tensor(best.source)) out.add(p);
  }
  return out;
}

/**
 * Storage groups of the target (one tensor under several names) that the checkpoint fills under their own
 * names from keys it does not show as one tensor: each group's names in the target's order. Torch copies
 * each name into the one tensor in the model's order, so the last name's values are what the model keeps.
 */
export function tiedApart(pairs: readonly KeyPair[], storages: TargetStorages, target: ReadonlyMap<string, Located>, sourceStorages: TargetStorages = null, equalValues: TargetStorages = null): string[][] {
  if (!storages || storages.length === 0) return [];
  const { groupOf, tensorOf } = tiedIndex(storages, target, sourceStorages);
  // one tensor in the source: both keys in one of its storage groups; or two whose bytes were compared equal
  // (review24 F4: the tie keeps the one value both hold, nothing is lost)
  const equal = new Map<string, number>();
  equalValues?.forEach((g, i) => g.forEach((k) => equal.set(k, i)));
  const one = (a: string, b: string) => (tensorOf.has(a) && tensorOf.get(a) === tensorOf.get(b)) || (equal.has(a) && equal.get(a) === equal.get(b));
  const into = pairsByGroup(pairs, groupOf);
  const out: string[][] = [];
  for (const [, list] of [...into].sort((a, b) => a[0] - b[0])) {
    const held = heldByName(list).sort((a, b) => (target.get(a.target)?.pos ?? 0) - (target.get(b.target)?.pos ?? 0));
    if (held.length >= 2 && !held.every((p) => one(p.source, held[0]!.source))) out.push(held.map((p) => p.target));
  }
  return out;
}
