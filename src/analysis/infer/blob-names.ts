/**
 * Stage 0, read names: checkpoints whose names are no PyTorch module paths, read as such before the
 * stages pair them. Caffe2 / Detectron blobs name every tensor with one underscore-joined word
 * (`res2_0_branch2a_bn_s`) where the model has a module path (`res2.0.conv1.norm.weight`); TensorFlow
 * names variables with `/` paths and zero-padded container suffixes (`encoder/block_000/…/kernel`).
 * Read as names, such keys match nothing structurally and every tensor becomes its own rename
 * (detectron2's `convert_basic_c2_names` starts by `_` → `.`, transformers' `load_tf_weights_in_*` by
 * splitting on `/`). Here they are read as module paths first (key-tokens.ts `blobSegments`,
 * `tfPathSegments`), their parameter names as PyTorch's, as a few leading ops; the stages then pair
 * `res2.0.branch2a.bn.weight` by structure like any dotted key.
 */
import type { KeyEntry } from '../../formats/keys.js';
import type { PlanOp } from '../op-vocabulary.js';
import { blobSegments, tfPathSegments } from '../key-tokens.js';
import { BLOB_LEAVES } from './synonyms.js';
import { CONFIDENCE } from './confidence.js';
import { escapeRegex } from './regex.js';

export interface BlobReading {
  /** the source entries under their module-path names, in the same order */
  entries: KeyEntry[];
  /** the rename ops that turn the blob names into those names (they run before every other op) */
  ops: PlanOp[];
  /** module-path name → the blob name it was read from */
  original: Map<string, string>;
  /** keys the leading ops drop (optimizer slots, step counters): no weight of the model */
  dropped: string[];
}

/** Below this share of a side's keys being blob names, the side is not a blob checkpoint. */
const MIN_BLOB_SHARE = 0.9;

/**
 * The source read as module paths, when it is a blob checkpoint and the model is not (a model whose
 * keys are blobs too matches them as they are); null otherwise. Dotless keys without an underscore
 * (`lr`) keep their names; no key may have a dot (the leaf renames could meet it).
 */
export function readBlobNames(source: readonly KeyEntry[], target: readonly KeyEntry[]): BlobReading | null {
  if (source.length === 0 || target.length === 0) return null;
  const segsOf = source.map((e) => blobSegments(e.key));
  const blobs = segsOf.filter((s) => s !== null).length;
  // a dotted key among them could meet the leaf renames below: only all-blob checkpoints are read
  if (blobs < MIN_BLOB_SHARE * source.length || source.some((e) => e.key.includes('.'))) return null;
  if (target.filter((e) => blobSegments(e.key) !== null).length >= MIN_BLOB_SHARE * target.length) return null;
  const original = new Map<string, string>();
  const counts = new Set<number>();
  const leaves = new Map<string, Set<string>>();
  const entries: KeyEntry[] = [];
  for (let i = 0; i < source.length; i++) {
    const e = source[i]!;
    const segs = segsOf[i];
    let name = e.key;
    if (segs) {
      counts.add(segs.length - 1);
      const leaf = BLOB_LEAVES[segs[segs.length - 1]!];
      if (leaf) (leaves.get(leaf) ?? leaves.set(leaf, new Set()).get(leaf)!).add(segs[segs.length - 1]!);
      name = segs.join('.');
      if (leaf) name = name.slice(0, name.lastIndexOf('.') + 1) + leaf;
    }
    // two blobs that read as one path (`conv_w` beside `conv_s`): the names cannot be read this way
    if (original.has(name)) return null;
    original.set(name, e.key);
    entries.push({ ...e, key: name });
  }
  const ops: PlanOp[] = [];
  const evidence = (what: string) => `${blobs} Caffe2-style blob names (underscore-joined, no dot) read as module paths: ${what}`;
  // one rename per number of underscores: a rename replaces its first match only
  ops.push(...separatorRenames('_', 'underscore', counts, evidence), ...leafRenames(leaves, evidence));
  return { entries, ops, original, dropped: [] };
}

/** One rename per number of separators a key has (a rename replaces its first match only): `a_b_c` → `a.b.c`. */
function separatorRenames(sep: '_' | '/', word: string, counts: ReadonlySet<number>, evidence: (what: string) => string): PlanOp[] {
  return [...counts].sort((a, b) => a - b).map((n) => ({
    op: 'rename',
    pattern: `^${Array.from({ length: n + 1 }, () => `([^${sep}.]+)`).join(sep)}$`,
    replacement: Array.from({ length: n + 1 }, (_, i) => `$${i + 1}`).join('.'),
    confidence: CONFIDENCE.blobNames,
    evidence: evidence(`${n} ${word}${n === 1 ? '' : word.endsWith('h') ? 'es' : 's'}`),
  }));
}

/** The parameter names read as PyTorch's, one rename per PyTorch name (`.w`/`.s` → `.weight`). */
function leafRenames(leaves: ReadonlyMap<string, ReadonlySet<string>>, evidence: (what: string) => string): PlanOp[] {
  return [...leaves].map(([leaf, names]) => {
    const alts = [...names].sort().map(escapeRegex);
    return { op: 'rename', pattern: `\\.${alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`}$`, replacement: `.${leaf}`, confidence: CONFIDENCE.blobNames, evidence: evidence(`${alts.join('/')} is ${leaf}`) };
  });
}

/** TensorFlow's parameter names, as PyTorch names them (transformers' `load_tf_weights_in_*`). */
const TF_LEAVES: Readonly<Record<string, string>> = { kernel: 'weight', scale: 'weight', embedding: 'weight', gamma: 'weight', beta: 'bias' };
/** Optimizer slots and counters TensorFlow saves beside the variables: state of training, no weight of the model. */
const TF_TRAINING_STATE = /(_slot_\w+|\/Adam(_\d+)?|\/Momentum|\/Adafactor\w*|\/ExponentialMovingAverage)$|^global_step$/;

/**
 * A TensorFlow checkpoint (every variable a `/` path, no dot) against a PyTorch model: the paths read
 * as module paths (`block_000` → `block.0`), `kernel`/`scale`/`embedding` as `weight`, optimizer slots
 * and `global_step` dropped, and every 2-D array but an embedding taken as TensorFlow stores a dense
 * kernel, [in, out] — transposed for PyTorch's [out, in], as the conversion scripts do whatever the
 * shape (a square q/k/v/o cannot show it). Null when the source is no TF checkpoint.
 */
export function readTfPaths(source: readonly KeyEntry[], target: readonly KeyEntry[]): BlobReading | null {
  if (source.length === 0 || target.length === 0 || source.some((e) => e.key.includes('.'))) return null;
  const paths = source.filter((e) => e.key.includes('/')).length;
  if (paths < MIN_BLOB_SHARE * source.length || target.filter((e) => e.key.includes('/')).length > 0) return null;
  const original = new Map<string, string>();
  const entries: KeyEntry[] = [];
  const dropped: string[] = [];
  const slashes = new Set<number>();
  const leaves = new Map<string, Set<string>>();
  const kernels = new Set<string>();
  const bare = new Set<string>();
  let numbered = 0;
  for (const e of source) {
    const segs = tfPathSegments(e.key);
    let name = e.key;
    let shape = e.shape;
    if (segs) {
      const raw = e.key.split('/');
      slashes.add(raw.length - 1);
      numbered = Math.max(numbered, segs.length - raw.length);
      const last = segs[segs.length - 1]!;
      const leaf = TF_LEAVES[last];
      if (leaf) (leaves.get(leaf) ?? leaves.set(leaf, new Set()).get(leaf)!).add(last);
      name = [...segs.slice(0, -1), leaf ?? last].join('.');
      // a variable that is a module's only array (`SelfAttention/q`, `relative_attention_bias`) is its weight
      if (!leaf && last !== 'bias' && !TF_TRAINING_STATE.test(e.key)) {
        bare.add(last);
        name += '.weight';
      }
    }
    if (TF_TRAINING_STATE.test(e.key)) {
      dropped.push(e.key);
      continue;
    }
    if (shape && shape.length === 2 && shape[0] !== undefined && !e.key.endsWith('embedding')) {
      kernels.add(e.key);
      shape = [shape[1]!, shape[0]!];
    }
    if (original.has(name)) return null;
    original.set(name, e.key);
    entries.push({ ...e, key: name, shape });
  }
  const ops: PlanOp[] = [];
  const evidence = (what: string) => `${paths} TensorFlow variable paths read as module paths: ${what}`;
  if (dropped.length > 0) ops.push({ op: 'drop', pattern: TF_TRAINING_STATE.source, reason: `${dropped.length} TensorFlow training-state variables (optimizer slots, the step counter): no weight of the model`, confidence: CONFIDENCE.drop });
  if (kernels.size > 0) {
    // one pattern over the variables' last segments, if it names exactly the kernels
    const lasts = [...new Set([...kernels].map((k) => k.slice(k.lastIndexOf('/') + 1)))].sort().map(escapeRegex);
    const pattern = `/(?:${lasts.join('|')})$`;
    const re = new RegExp(pattern);
    const exact = source.every((e) => dropped.includes(e.key) || re.test(e.key) === kernels.has(e.key));
    const what = 'a 2-D TensorFlow array is stored [in, out] (a dense kernel), PyTorch [out, in]: transposed whatever its shape, as the conversion scripts do';
    if (exact) ops.push({ op: 'transpose', pattern, dims: [1, 0], confidence: CONFIDENCE.blobNames, evidence: evidence(what) });
    else for (const k of kernels) ops.push({ op: 'transpose', key: k, dims: [1, 0], confidence: CONFIDENCE.blobNames, evidence: evidence(what) });
  }
  ops.push(...separatorRenames('/', 'slash', slashes, evidence));
  // a rename replaces its first match: one per numbered segment a key can have
  for (let i = 0; i < numbered; i++) {
    ops.push({ op: 'rename', pattern: '(^|\\.)([A-Za-z][A-Za-z_]*)_0*(\\d+)(\\.|$)', replacement: '$1$2.$3$4', confidence: CONFIDENCE.blobNames, evidence: evidence('a zero-padded suffix (`block_000`) is an index') });
  }
  ops.push(...leafRenames(leaves, evidence));
  if (bare.size > 0) {
    const alts = [...bare].sort().map(escapeRegex);
    ops.push({ op: 'rename', pattern: `\\.(${alts.join('|')})$`, replacement: '.$1.weight', confidence: CONFIDENCE.blobNames, evidence: evidence('a variable that is its module\'s only array is its weight') });
  }
  return { entries, ops, original, dropped };
}
