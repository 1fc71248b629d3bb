/**
 * A checkpoint shallower than the model: the reverse of deeper-stack.ts. Torch lists as missing the model's
 * numbered blocks past the checkpoint's (`layer1.2.*`, `layer3.{2..5}.*`: resnet18's weights in a resnet34)
 * and nothing else; since the lower-numbered blocks of each of those stacks are in neither list, those
 * loaded. The checkpoint is another depth or size of the same model (2,2,2,2 blocks a stage against
 * 3,4,6,3), not "another file" where nothing loaded (review24 F6: 122 of 202 keys load), and no key transform
 * supplies the extra blocks: build the model at the checkpoint's depth, or get a checkpoint of the model's.
 *
 * Read per key at its deepest numbered segment whose stack lists no lower index (`features.1.1.block.0.0` is
 * block 1 of `features.1`: `block.0` and the last `0` are its own parts, listed at 0). Each stack's listed
 * block indices must run without a gap from the lowest to the highest, the lowest being the checkpoint's
 * block count. At least two missing blocks in all, one of them two keys or more: a single missing block may
 * as well be a part added to the model (a second head `heads.1`), which the other findings read.
 *
 * Pure: no I/O.
 */
import { numbered, type Numbered } from './deeper-stack.js';

export interface ShallowerStack {
  /** the stack's path (`layer3`, `features.1`) */
  stack: string;
  /** blocks the checkpoint has in it (its lowest missing index) */
  checkpoint: number;
  /** blocks the model has in it (its highest missing index + 1) */
  model: number;
}

/** Every numbered segment of a key, deepest first. */
const places = (key: string): Numbered[] => numbered(key).reverse();

/**
 * The stacks in which the model has more blocks than the checkpoint, when every key of `missing` (the
 * missing list without buffers and counters) is a block past the checkpoint's; null otherwise.
 */
export function shallowerStacks(missing: readonly string[]): ShallowerStack[] | null {
  if (missing.length < 2) return null;
  const lowest = new Map<string, number>();
  for (const k of missing) for (const p of places(k)) lowest.set(p.stack, Math.min(lowest.get(p.stack) ?? Infinity, p.index));
  const blocks = new Map<string, Map<number, number>>();
  for (const k of missing) {
    const past = places(k).find((p) => p.index > 0 && lowest.get(p.stack)! > 0);
    if (!past) return null;
    const inStack = blocks.get(past.stack) ?? new Map<number, number>();
    inStack.set(past.index, (inStack.get(past.index) ?? 0) + 1);
    blocks.set(past.stack, inStack);
  }
  const out: ShallowerStack[] = [];
  let count = 0;
  let whole = false;
  for (const [stack, inStack] of blocks) {
    const indices = [...inStack.keys()].sort((a, b) => a - b);
    const first = indices[0]!;
    const last = indices[indices.length - 1]!;
    // a gap (blocks 2 and 4 missing, 3 loaded) is no depth: some other difference
    if (last - first + 1 !== indices.length) return null;
    count += indices.length;
    if ([...inStack.values()].some((n) => n >= 2)) whole = true;
    out.push({ stack, checkpoint: first, model: last + 1 });
  }
  return count >= 2 && whole ? out : null;
}

/** `layer1`, `layer2` … with their counts, as one clause: "2, 2, 2, 2 blocks in `layer1` … ; the model 3, 4, 6, 3". */
export function shallowerMessage(stacks: readonly ShallowerStack[], examples: string): string {
  const shown = stacks.slice(0, 8);
  const more = stacks.length > shown.length ? ` (and ${stacks.length - shown.length} more stacks)` : '';
  const names = shown.map((s) => `\`${s.stack}\``).join(', ');
  const counts = (pick: (s: ShallowerStack) => number) => shown.map(pick).join(', ');
  return `the model has numbered blocks past the checkpoint's (${examples}; the lower-numbered blocks of the same stacks loaded, so the checkpoint has those): the checkpoint has ${counts((s) => s.checkpoint)} blocks in ${names}${more}, the model ${counts((s) => s.model)}: it is another depth or size of the same model (trained shallower), not this model's weights; no key transform supplies the extra blocks, and the model would run them at their initial values: build the model at the checkpoint's depth, or get a checkpoint of this model's size`;
}
