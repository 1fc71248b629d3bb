/**
 * A checkpoint deeper than the model, seen beside other differences. Torch lists a numbered block the
 * model lacks (`layers.2.blocks.4.*`) as unexpected and, since the lower-numbered blocks of the same
 * stack are in neither list, those loaded: the model has the stack, with fewer blocks. The checkpoint
 * was trained with another depth (a depth list, num_layers, another size of the model), and dropping
 * the extra block throws trained layers away while the model computes without them.
 *
 * error-hints.ts extraLayers reads this when every unexpected key is such a block and nothing is
 * missing. This reads it when the rest of the text is what a fine-tune also shows: the checkpoint's
 * own head unexpected (an ImageNet classifier the model does not use) and model parts missing outside
 * the stack (new output layers). Neither of those explains the extra block, which is then the one
 * difference no fine-tune makes: a strict=False load that skipped it silently computes with a
 * shallower network than the one trained (ChangeMamba#23: VMamba-tiny's `layers.2.blocks.4` unused
 * beside `classifier.*` and the new `outnorm*`, and the poster's accuracy collapsed).
 *
 * Not where the text holds a library loader's message (error-hints.ts LENIENT: transformers'
 * from_pretrained into fewer layers, mmcv's backbone init load part of a model by design), nor for a
 * cut text, which may have lost the lower-numbered blocks: torch's own strict error and the
 * `_IncompatibleKeys` repr of a strict=False load only.
 *
 * Pure: no I/O.
 */
import { isIndexSegment, modulePrefixOf, splitKey } from './key-tokens.js';

export interface Numbered {
  /** the stack's path (`layers.2.blocks`) */
  stack: string;
  index: number;
}

/** Every numbered segment of a key with its stack, outermost first. */
export function numbered(key: string): Numbered[] {
  const segs = splitKey(key);
  const out: Numbered[] = [];
  segs.forEach((seg, i) => {
    if (isIndexSegment(seg)) out.push({ stack: segs.slice(0, i).join('.'), index: Number(seg) });
  });
  return out;
}

/**
 * The unexpected keys of numbered blocks past the model's, when every other unexpected key is a head
 * (`isHead`) and no missing key lies in those stacks; at least one whole block (two keys or more).
 * Empty otherwise. `unexpected` and `missing` are the lists without buffers and counters.
 */
export function deeperBesideHeads(unexpected: readonly string[], missing: readonly string[], isHead: (k: string) => boolean): string[] {
  const lowest = new Map<string, number>();
  for (const k of [...unexpected, ...missing]) {
    for (const n of numbered(k)) lowest.set(n.stack, Math.min(lowest.get(n.stack) ?? Infinity, n.index));
  }
  const pastOf = (k: string) => numbered(k).find((n) => n.index > 0 && lowest.get(n.stack)! > 0) ?? null;
  const extra = unexpected.filter((k) => pastOf(k) !== null && !isHead(k));
  if (extra.length < 2) return [];
  if (unexpected.some((k) => !extra.includes(k) && !isHead(k))) return [];
  // the model's side of a stack in the missing list: the blocks may be renamed or renumbered, not extra;
  // so may a missing key beside the stack in its parent module (DenseNet's legacy `denselayer1.norm.1`
  // is the model's `denselayer1.norm1`): new parts lie elsewhere
  const stacks = new Set(extra.map((k) => pastOf(k)!.stack));
  if (missing.some((k) => numbered(k).some((n) => stacks.has(n.stack)))) return [];
  const parents = [...stacks].map((st) => modulePrefixOf(st)).filter((p) => p !== '');
  if (missing.some((k) => parents.some((p) => k.startsWith(p)))) return [];
  const blocks = new Map<string, number>();
  for (const k of extra) {
    const p = pastOf(k)!;
    const id = `${p.stack}.${p.index}`;
    blocks.set(id, (blocks.get(id) ?? 0) + 1);
  }
  return [...blocks.values()].some((n) => n >= 2) ? extra : [];
}
