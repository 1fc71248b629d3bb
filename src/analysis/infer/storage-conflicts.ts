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
 */
import type { TargetStorages } from './ties.js';
import type { KeyPair, Located } from './types.js';

/** The pairs to withdraw: every pair into a storage group of the target but the surest, where they come from several source keys. */
export function storageConflicts(pairs: readonly KeyPair[], storages: TargetStorages, target: ReadonlyMap<string, Located>, sourceStorages: TargetStorages = null): Set<KeyPair> {
  const out = new Set<KeyPair>();
  if (!storages || storages.length === 0) return out;
  const groupOf = new Map<string, number>();
  storages.forEach((g, i) => {
    for (const k of g) groupOf.set(k, i);
  });
  const into = new Map<number, KeyPair[]>();
  for (const p of pairs) {
    const g = groupOf.get(p.target);
    if (g !== undefined) (into.get(g) ?? into.set(g, []).get(g)!).push(p);
  }
  // a source key's tensor: its source storage group where the source shows one, else the key itself
  const tensorOf = new Map<string, string>();
  sourceStorages?.forEach((g, i) => {
    for (const k of g) tensorOf.set(k, `\u0000${i}`);
  });
  const tensor = (k: string) => tensorOf.get(k) ?? k;
  const pos = (k: string) => target.get(k)?.pos ?? Infinity;
  for (const list of into.values()) {
    if (new Set(list.map((p) => tensor(p.source))).size < 2) continue;
    const best = list.reduce((a, b) => (b.confidence > a.confidence || (b.confidence === a.confidence && pos(b.target) < pos(a.target)) ? b : a));
    for (const p of list) if (tensor(p.source) !== tensor(best.source)) out.add(p);
  }
  return out;
}
