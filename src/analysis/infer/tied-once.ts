/**
 * A tie the checkpoint stores once, hidden from pairing (review 18 F8). A model that ties two keys
 * (`lm_head.weight = embed_tokens.weight`) lists one tensor under both names; safetensors and
 * save_pretrained store it once. Where the target shows the tie (its storages: a torch-written checkpoint, a
 * manifest's `tied`) and the checkpoint holds none of the tie's names, pairing saw two look-alike model keys
 * for one checkpoint tensor (`wte.weight` → embed_tokens | lm_head) and listed a choice that is none: both
 * names are that one tensor. Pairing then sees the tie once, under one of its names (pairedName); the
 * others are the tie's copies (ties.ts), made after pairing where that name is produced.
 * Only where the checkpoint has no more keys of the tie's shape than the model has tensors of it (a group
 * counted once): a checkpoint that holds the head apart (an untied save) or writes a tie under both names (a
 * torch save of a tied model) pairs every name as before (storage-conflicts.ts keeps one of them).
 */
import { sameShape } from '../../formats/keys.js';
import { isOneTensor, type TargetStorages } from './ties.js';
import type { Located } from './types.js';

/** The target keys pairing leaves to a tie's copy: every name of a shown tie but one, where the checkpoint stores the tie once. */
export function tieCopiesStoredOnce(source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, storages: TargetStorages): Set<string> {
  const hidden = new Set<string>();
  if (!storages || storages.length === 0) return hidden;
  for (const group of storages) {
    if (group.length < 2 || !isOneTensor(group, target) || group.some((k) => source.has(k))) continue;
    const shape = target.get(group[0]!)!.shape;
    if (shape === null) continue;
    // keys on the source's side, each name it stores (a tied source written under both names holds the tie's every name)
    const sources = sourceOfShape(source, shape);
    if (sources.length > tensorsOfShape(target, shape, storages)) continue;
    const kept = pairedName(group, target, sources);
    for (const k of group) if (k !== kept) hidden.add(k);
  }
  return hidden;
}

/**
 * The name of the tie pairing sees: the one sharing most name tokens with a checkpoint key of its shape (SAM's
 * `prompt_encoder.pe_layer.…` is the prompt encoder's `shared_embedding`, the name the converter writes), on
 * equal the one the model lists first (the module that owns it: the embedding before the head).
 */
function pairedName(group: readonly string[], target: ReadonlyMap<string, Located>, sources: readonly string[]): string {
  const tokens = (k: string) => new Set(k.split(/[._]/));
  const sourceTokens = sources.map(tokens);
  const score = (k: string) => {
    const mine = tokens(k);
    let best = 0;
    for (const t of sourceTokens) {
      let n = 0;
      for (const x of mine) if (t.has(x)) n++;
      best = Math.max(best, n);
    }
    return best;
  };
  const ranked = group.map((k) => ({ k, score: score(k), pos: target.get(k)!.pos }));
  ranked.sort((a, b) => b.score - a.score || a.pos - b.pos);
  return ranked[0]!.k;
}

function sourceOfShape(source: ReadonlyMap<string, Located>, shape: readonly number[]): string[] {
  const out: string[] = [];
  for (const e of source.values()) if (e.shape !== null && sameShape(e.shape, shape)) out.push(e.key);
  return out;
}

/** How many tensors of this shape a side holds: its keys of the shape, a storage group of several counted once. */
function tensorsOfShape(side: ReadonlyMap<string, Located>, shape: readonly number[], storages: TargetStorages): number {
  let n = 0;
  for (const e of side.values()) if (e.shape !== null && sameShape(e.shape, shape)) n++;
  for (const g of storages ?? []) {
    const held = g.filter((k) => {
      const e = side.get(k);
      return e !== undefined && e.shape !== null && sameShape(e.shape, shape);
    });
    if (held.length > 1) n -= held.length - 1;
  }
  return n;
}
