/**
 * Stage 0b: the shapes a checkpoint stored in Flax's layout would have in PyTorch's, for pairing only.
 * Flax names every Dense / Conv weight `kernel` and stores it [in, out] (a conv HWIO, an attention
 * DenseGeneral per head: q / k / v [D, H, Dh], output [H, Dh, D], biases [H, Dh]); correspondence
 * compares shapes (subtree signatures, shape classes), so such a checkpoint would align with nothing.
 * Correspond and fuse therefore see each kernel in the shape a torch.nn layer gives it; judging shapes
 * and the ops read the stored shapes again, and layout-fixes.ts decides each tensor's reshape and
 * permutation from the whole checkpoint. A 3-d kernel could be a conv1d's or a per-head one: the view
 * that some key the model expects has is taken, else the tensor is left as stored.
 */
import type { KeyEntry } from '../../formats/keys.js';
import { leafOf, modulePrefixOf } from '../key-tokens.js';

const KERNEL = /(^|\.)kernel$/;

/** the channels-last libraries' order, read back to PyTorch's: output dim i is stored dim ORDER[rank][i] */
const CHANNELS_LAST: Readonly<Record<number, readonly number[]>> = { 3: [2, 1, 0], 4: [3, 2, 0, 1], 5: [4, 3, 0, 1, 2] };
/**
 * TensorFlow's depthwise kernel [kh, kw, C, M] (tf.nn.depthwise_conv2d, TF-Slim's `depthwise_weights`) is
 * PyTorch's [C·M, 1, kh, kw] (a Conv2d with groups = C): for M = 1, [2, 3, 0, 1]. The HWIO reading gives
 * [1, C, kh, kw] there, which no model holds.
 */
const DEPTHWISE: readonly number[] = [2, 3, 0, 1];

/** a parameter class: its name and rank (`kernel` of rank 3), the unit every layout reading is decided for */
const classOf = (key: string, rank: number) => `${leafOf(key)}\u0000${rank}`;

/**
 * Votes per parameter class; a class is read in a layout when at least two of its tensors witness it and
 * none shows the opposite (never from one tensor).
 */
class ClassVotes {
  private readonly votes = new Map<string, { for: number; against: number }>();
  vote(id: string, witness: boolean): void {
    const v = this.votes.get(id) ?? this.votes.set(id, { for: 0, against: 0 }).get(id)!;
    if (witness) v.for++;
    else v.against++;
  }
  /** has any tensor of the class voted, either way */
  voted(id: string): boolean {
    return this.votes.has(id);
  }
  read(): Set<string> {
    return new Set([...this.votes].filter(([, v]) => v.for >= 2 && v.against === 0).map(([id]) => id));
  }
}

/** membership in the shapes `entries` hold, the set built on the first question */
function shapesHeld(entries: readonly KeyEntry[]): (shape: readonly number[]) => boolean {
  let held: Set<string> | null = null;
  return (shape) => (held ??= new Set(entries.map((e) => (e.shape ? e.shape.join('x') : '')))).has(shape.join('x'));
}

/**
 * Parameters stored channels-last under another name than `kernel` (a converter that copied TensorFlow
 * conv weights HWIO and kept PyTorch's `weight`, TF-Slim's `weights`, Haiku's `w`): per parameter name
 * and rank (≥ 3), the class is read so when at least two of its tensors are witnesses — the model has no
 * tensor of their stored shape but has one of the channels-last reading — and none shows the opposite
 * (stored shape in the model, the reading not). Never from one tensor; never for another model (its shapes
 * are not the model's either way). 2-d weights are not read so: [in, out] is also what a model of
 * another width shows (see judge-shapes.ts), and pairing them needs no view (their class is the same).
 */
function channelsLastClasses(source: readonly KeyEntry[], has: (s: readonly number[]) => boolean): Map<string, readonly number[]> {
  const votes = new ClassVotes();
  const depthwise = new ClassVotes();
  for (const e of source) {
    const order = e.shape ? CHANNELS_LAST[e.shape.length] : undefined;
    if (!order || KERNEL.test(e.key)) continue;
    const stored = has(e.shape!);
    const read = has(order.map((d) => e.shape![d]!));
    if (stored !== read) votes.vote(classOf(e.key, e.shape!.length), read);
    else if (!stored && e.shape!.length === 4 && has(DEPTHWISE.map((d) => e.shape![d]!))) depthwise.vote(classOf(e.key, 4), true);
    else if (stored && e.shape!.length === 4) depthwise.vote(classOf(e.key, 4), false);
  }
  const out = new Map<string, readonly number[]>();
  for (const id of votes.read()) out.set(id, CHANNELS_LAST[Number(id.slice(id.indexOf('\u0000') + 1))]!);
  // a class no tensor of which the HWIO reading fits: TensorFlow's depthwise reading (see DEPTHWISE)
  for (const id of depthwise.read()) if (!votes.voted(id)) out.set(id, DEPTHWISE);
  return out;
}

/** the source entries with PyTorch-layout shapes for their kernels, or null when none is a kernel or read as one */
export function pytorchLayoutView(source: readonly KeyEntry[], target: readonly KeyEntry[]): KeyEntry[] | null {
  const kernels = source.some((e) => KERNEL.test(e.key) && e.shape && e.shape.length >= 2);
  // (a PyTorch checkpoint of rank-≥3 tensors asks the model's shapes once per tensor: no view unless witnesses)
  const has = shapesHeld(target);
  const channelsLast = source.some((e) => e.shape && e.shape.length >= 3 && !KERNEL.test(e.key)) ? channelsLastClasses(source, has) : new Map<string, readonly number[]>();
  if (!kernels && channelsLast.size === 0) return null;
  if (!kernels) {
    return source.map((e) => {
      const order = e.shape && channelsLast.get(classOf(e.key, e.shape.length));
      return order ? { ...e, shape: order.map((d) => e.shape![d]!) } : e;
    });
  }
  // modules whose kernel is per head: their [H, Dh] bias is viewed flat too
  const perHead = new Set<string>();
  const viewOf = (shape: readonly number[]): number[] | null => {
    if (shape.length === 2) return [shape[1]!, shape[0]!];
    if (shape.length === 4) return [shape[3]!, shape[2]!, shape[0]!, shape[1]!];
    if (shape.length !== 3) return null;
    const [a, b, c] = shape as [number, number, number];
    const options = [
      [b * c, a], // q / k / v: [D, H, Dh] → [H·Dh, D]
      [c, a * b], // output: [H, Dh, D] → [D, H·Dh]
      [c, b, a], // conv1d: [k, I, O] → [O, I, k]
    ];
    return options.find(has) ?? null;
  };
  const out = source.map((e) => {
    if (!KERNEL.test(e.key) || !e.shape || e.shape.length < 2) return e;
    const shape = viewOf(e.shape);
    if (!shape) return e;
    if (e.shape.length === 3 && shape.length === 2) perHead.add(modulePrefixOf(e.key));
    return { ...e, shape };
  });
  return out.map((e) =>
    e.shape && e.shape.length === 2 && /(^|\.)bias$/.test(e.key) && perHead.has(modulePrefixOf(e.key)) ? { ...e, shape: [e.shape[0]! * e.shape[1]!] } : e,
  );
}

/**
 * One side's attention parameters kept per head (a q / k / v weight [H, Dh, D], its bias [H, Dh], an output
 * weight [D, H, Dh]), seen merged ([H·Dh, D], [H·Dh], [D, H·Dh]) as the other side holds them, for pairing
 * only (layout-fixes.ts reshapes them). Per parameter name and rank: at least two tensors whose stored
 * shape the other side lacks and whose one merge of neighbouring dims it has, none whose stored shape it
 * has. Null when nothing is read so.
 */
export function mergedHeadsView(side: readonly KeyEntry[], other: readonly KeyEntry[]): KeyEntry[] | null {
  const merges = (s: readonly number[]): number[][] => (s.length === 3 ? [[s[0]! * s[1]!, s[2]!], [s[0]!, s[1]! * s[2]!]] : s.length === 2 ? [[s[0]! * s[1]!]] : []);
  if (!side.some((e) => e.shape && (e.shape.length === 3 || (e.shape.length === 2 && /(^|\.)bias$/.test(e.key))))) return null;
  const has = shapesHeld(other);
  const votes = new ClassVotes();
  const merged = new Map<string, number[]>();
  for (const e of side) {
    if (!e.shape || KERNEL.test(e.key) || !(e.shape.length === 3 || (e.shape.length === 2 && /(^|\.)bias$/.test(e.key)))) continue;
    const id = classOf(e.key, e.shape.length);
    if (has(e.shape)) {
      votes.vote(id, false);
      continue;
    }
    const found = merges(e.shape).filter(has);
    if (found.length !== 1) continue;
    votes.vote(id, true);
    merged.set(e.key, found[0]!);
  }
  const read = votes.read();
  if (read.size === 0) return null;
  return side.map((e) => {
    const m = merged.get(e.key);
    return m && e.shape && read.has(classOf(e.key, e.shape.length)) ? { ...e, shape: m } : e;
  });
}
