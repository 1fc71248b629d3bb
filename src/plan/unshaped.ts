/**
 * With a checkpoint and an error text that lists the model's keys by name only (missing/unexpected lines
 * give no shapes), the plan's names can be checked but not its shapes: a strict load may still refuse a
 * tensor of another size. What that leaves unknown, and the one place it usually bites: the checkpoint's
 * classifier head, whose class count the model side cannot confirm (issue 10's canonical #4: a DDP ViT
 * trained on ImageNet-21k, 21841 classes, loaded into a 6-class model: torch lists names, no size line).
 */
import { datasetOfCount, DEFAULT_CLASS_COUNTS, isOutputHead, isVocabulary } from '../analysis/key-roles.js';
import { moduleOf } from '../analysis/key-tokens.js';
import type { KeyEntry } from '../formats/keys.js';

export interface UnshapedHead {
  /** the head's module (`head`) and its keys in the model (`head.weight`, `head.bias`) */
  module: string;
  keys: string[];
  /** the checkpoint's own name of the head's weight (`head.weight` that the plan writes to the model's `lm_head.weight`): what "the checkpoint's" names (review 25 F13g) */
  checkpointKey: string;
  /** the checkpoint's weight shape: its first dim is the class count */
  shape: number[];
  /** the public dataset or library default with that class count (key-roles.ts CLASS_COUNT_ROWS), or null */
  known: string | null;
  /**
   * the public dataset with that class count (key-roles.ts datasetOfCount), or null: a head trained on a public
   * dataset (ImageNet-21k's 21841 classes) is a pretraining head, which a model built for classes of its own refuses
   */
  dataset: string | null;
  /** an LM's output over its vocabulary (`lm_head`): its rows are tokens, not classes (review24 F10) */
  vocabulary: boolean;
}

export interface UnshapedTargets {
  /** keys the plan writes whose shape in the model nothing gives */
  count: number;
  /** the checkpoint's classifier head among them, when it is one */
  head: UnshapedHead | null;
}

/**
 * `produced`: model key → the checkpoint entry the plan writes to it. Null when every written key's model
 * shape is known (nothing to say).
 */
export function unshapedTargets(target: readonly KeyEntry[], produced: ReadonlyMap<string, KeyEntry>): UnshapedTargets | null {
  const unknown = target.filter((e) => e.shape === null && produced.has(e.key));
  if (unknown.length === 0) return null;
  // a classifier is the last layer whatever it is called: the last 2-D weight the plan writes, if its name is a head's
  let last: KeyEntry | null = null;
  for (const e of target) {
    const from = produced.get(e.key);
    if (from?.shape && from.shape.length === 2 && e.key.endsWith('.weight')) last = e;
  }
  const unknownKeys = new Set(unknown.map((e) => e.key));
  const classes = (e: KeyEntry) => produced.get(e.key)!.shape![0]!;
  // a layer of a block (`blocks.3.mlp.fc2`) is no head, even when it is the last the plan writes (review24 F10)
  const lastHead = last !== null && unknownKeys.has(last.key) && isOutputHead(last.key) ? last : null;
  // a head with a public dataset's class count wherever it stands (s21-verify #3): a conv classifier (SqueezeNet's
  // `classifier.1`, a segmentation `conv_seg`), DeiT's `head` before `head_dist`, a head registered before another
  // Linear; a named output head (isOutputHead: a block's `mlp.fc1` is none), rank 2 or more, the first such
  const datasetHead = lastHead !== null && datasetOfCount(lastHead.key, classes(lastHead)) !== null ? lastHead : target.find((e) => {
    const shape = unknownKeys.has(e.key) && e.key.endsWith('.weight') ? produced.get(e.key)?.shape : null;
    return shape != null && shape.length >= 2 && isOutputHead(e.key) && datasetOfCount(e.key, shape[0]!) !== null;
  }) ?? null;
  const head = datasetHead ?? lastHead;
  if (head === null) return { count: unknown.length, head: null };
  const module = moduleOf(head.key);
  const shape = [...produced.get(head.key)!.shape!];
  const keys = target.filter((e) => moduleOf(e.key) === module && unknownKeys.has(e.key)).map((e) => e.key);
  const vocabulary = isVocabulary(head.key, [shape[0]]);
  return { count: unknown.length, head: { module, keys, checkpointKey: produced.get(head.key)!.key, shape, known: vocabulary ? null : DEFAULT_CLASS_COUNTS.get(shape[0]!) ?? null, dataset: vocabulary ? null : datasetOfCount(head.key, shape[0]!), vocabulary } };
}

/**
 * The head among the unshaped targets when its class count is a public dataset's (ImageNet-21k's 21841), or null:
 * a strict load is then not shown to succeed (a model built for classes of its own refuses it), so plan and
 * explain exit 1, as apply does on the output (apply-target.ts).
 */
export function unshapedDatasetHead(u: UnshapedTargets | null | undefined): { module: string; keys: string[]; classes: number; dataset: string } | null {
  const head = u?.head;
  if (!head?.dataset) return null;
  return { module: head.module, keys: head.keys, classes: head.shape[0]!, dataset: head.dataset };
}
