/**
 * TensorFlow checkpoints name variables by scope path (`decoder/block_000/layer_001/EncDecAttention/k`):
 * `/` between scopes, and a repeated layer's index glued to its name with `_` (Mesh TF's `block_000`,
 * Keras' `dense_1`). PyTorch's state_dict keys are dot paths with indices as segments. Every step
 * of plan inference reads dot paths (module trees, templates, index segments), so a source of scope
 * paths is read as the dot path the converters build (transformers' `load_tf_weights_in_*`: split on
 * `/`, `re.split(r"_(\d+)")` a scope that fullmatches `[A-Za-z]+_\d+`; letters with underscores before the
 * index too, key-tokens.ts TF_INDEXED_SCOPE), and the plan starts with the
 * renames that turn one into the other: one per layout of scope kinds, not one per key.
 */
import type { KeyEntry } from '../../formats/keys.js';
import type { PlanOp } from '../op-vocabulary.js';
import { OPTIMIZER_STATE } from '../key-roles.js';
import { TF_INDEXED_SCOPE, tfPathSegments } from '../key-tokens.js';
import { leafRenames, type BlobReading } from './blob-names.js';
import { CONFIDENCE } from './confidence.js';
import { escapeRegex } from './regex.js';
import { blobLeaf, SCOPE_LEAVES } from './synonyms.js';
import { ownRow } from '../../formats/own-row.js';

/** a scope that is a layer of a repeated kind and its index (`block_000`, `dense_1`): the tokenizer's rule, as an op pattern */
const INDEXED_SCOPE = TF_INDEXED_SCOPE;
const INDEXED_SCOPE_SOURCE = TF_INDEXED_SCOPE.source.slice(1, -1).replace('_(\\d+)', '_0*(\\d+)');
const PLAIN_SCOPE_SOURCE = '([^/]+)';
/**
 * TensorFlow's output index after a variable's name (`conv2d/kernel:0`, as Keras' `model.weights` and h5 dumps
 * spell them) is no part of the name: transformers' converters drop it (`tf_name.replace(":0", "")`), and so
 * does this reading, for every leaf alike (review 26 F9a: `kernel:0` was renamed to `weight`, `bias:0` never to `bias`)
 */
const OUTPUT_INDEX = /:\d+$/;
const OUTPUT_INDEX_SOURCE = '(?::\\d+)?';

/** A source read from scope paths: `entries` under their dot paths, `ops` (most indexed layouts first) renaming one into the other. */
export interface ScopePaths extends BlobReading {
  /** scope path → the dot path matching reads */
  dotted: Map<string, string>;
  /**
   * the checkpoint's optimizer slots and step counter (key-roles.ts OPTIMIZER_STATE), by dot path: set
   * aside before pairing, as the converters skip them
   */
  setAside: { key: string; reason: string }[];
  /** a TF checkpoint stores dense kernels [in, out] (square ones are judged by the others) */
  tfLayout: true;
}

/**
 * `decoder/block_000/layer_001/SelfAttention/k` → `decoder.block.0.layer.1.SelfAttention.k` (the one tokenizer,
 * key-tokens.ts); a scope in `names` (one the model names a module, GPT-2's `ln_1`) stays whole.
 */
export function dottedScopePath(key: string, names?: ReadonlySet<string>): string {
  return tfPathSegments(key, names)?.join('.') ?? key;
}

/** Below this share of the `/` keys ending in a Caffe2 blob suffix, the source is TensorFlow's, not blobs under a name scope. */
const MIN_SCOPED_BLOB_SHARE = 0.9;

/**
 * The source read as dot paths, when it is a TensorFlow checkpoint's scope paths: no source key has a
 * `.`, most have a `/`, and the target is dot paths (no `/`). Null otherwise, or when two variables
 * would read as the same dot path.
 */
export function readScopePaths(source: readonly KeyEntry[], target: readonly KeyEntry[]): ScopePaths | null {
  if (source.length === 0 || target.length === 0) return null;
  let slashed = 0;
  for (const e of source) {
    if (e.key.includes('.')) return null;
    if (e.key.includes('/')) slashed++;
  }
  if (slashed * 2 < source.length) return null;
  if (target.some((e) => e.key.includes('/')) || !target.some((e) => e.key.includes('.'))) return null;
  // Caffe2 blobs under a device scope (`gpu_0/res2_0_branch2a_bn_s`): the blob is the name, its suffix the leaf
  // (blob-names.ts reads one shared scope; under several, the keys are matched as they are and leafName reads them)
  if (scopedBlobs(source) >= MIN_SCOPED_BLOB_SHARE * slashed) return null;
  const names = modelNamedScopes(source, target);
  const leafOf = modelLeaves(target);
  const leaves = new Map<string, Set<string>>();
  const dotted = new Map<string, string>();
  const original = new Map<string, string>();
  const layouts = new Map<string, number>();
  let outputIndexed = false;
  for (const { key } of source) {
    // only `/` paths get a rename op below, so only they are read as dot paths (a TF1 `Variable_1` stays itself)
    const name = key.includes('/') ? key.replace(OUTPUT_INDEX, '') : key;
    if (name !== key) outputIndexed = true;
    let d = key.includes('/') ? dottedScopePath(name, names) : key;
    // GPT-2's one-letter variables (`…/ln_1/g`) read as torch's leaf, unless the model ends keys in them too
    const last = name.slice(name.lastIndexOf('/') + 1);
    const leaf = key.includes('/') && !leafOf.has(last) ? ownRow(SCOPE_LEAVES, last) : undefined;
    if (leaf) {
      d = d.slice(0, d.length - last.length) + leaf;
      (leaves.get(leaf) ?? leaves.set(leaf, new Set()).get(leaf)!).add(last);
    }
    const prior = original.get(d);
    if (prior !== undefined && prior !== key) return null;
    dotted.set(key, d);
    original.set(d, key);
    if (!key.includes('/')) continue;
    const kinds = name.split('/').map((s) => (INDEXED_SCOPE.test(s) && !names.has(s) ? 'i' : 'p')).join('');
    layouts.set(kinds, (layouts.get(kinds) ?? 0) + 1);
  }
  // a plain scope's pattern would match an indexed one too: the layouts with more indexed scopes go
  // first, so each key is renamed by its own layout's op (the earlier op leaves it without `/`)
  const order = [...layouts.keys()].sort((a, b) => count(b, 'i') - count(a, 'i') || b.length - a.length || (a < b ? -1 : 1));
  // an indexed scope's pattern must not take a scope the model names whole: where there are such names, it
  // lists the stems read as indexed (the plan dialect has no lookahead, linear-regex.ts), none of them a name's
  const indexed = names.size === 0 ? INDEXED_SCOPE_SOURCE : `(${indexedStems(source, names).map(escapeRegex).join('|')})_0*(\\d+)`;
  const ops: PlanOp[] = order.map((kinds) => {
    let group = 0;
    const parts: string[] = [];
    const repl: string[] = [];
    for (const k of kinds) {
      if (k === 'i') {
        parts.push(indexed);
        repl.push(`$${++group}.$${++group}`);
      } else {
        parts.push(PLAIN_SCOPE_SOURCE);
        repl.push(`$${++group}`);
      }
    }
    // the last scope stops at an output index, which is matched and dropped
    if (outputIndexed && kinds.endsWith('p')) parts[parts.length - 1] = '([^/:]+)';
    const n = layouts.get(kinds)!;
    return {
      op: 'rename',
      pattern: `^${parts.join('/')}${outputIndexed ? OUTPUT_INDEX_SOURCE : ''}$`,
      replacement: repl.join('.'),
      confidence: CONFIDENCE.scopePaths,
      evidence: `${n} TensorFlow scope path${n === 1 ? '' : 's'} of ${kinds.length} scopes read as a state_dict key: \`/\` → \`.\`, \`name_NNN\` → \`name.N\`${outputIndexed ? ', output index `:N` dropped' : ''}`,
    };
  });
  const paths = source.filter((e) => e.key.includes('/')).length;
  ops.push(...leafRenames(leaves, (what) => `${paths} TensorFlow scope paths read as state_dict keys: their variable ${what}`));
  const setAside: { key: string; reason: string }[] = [];
  for (const { key } of source) {
    const rule = OPTIMIZER_STATE.find((r) => r.pattern.test(key));
    if (rule) setAside.push({ key: dotted.get(key)!, reason: `${rule.what}: ${rule.why}` });
  }
  const entries = source.map((e) => ({ ...e, key: dotted.get(e.key)! }));
  return { entries, dotted, original, ops, setAside, tfLayout: true };
}

/** how many `/` keys end in a Caffe2 blob suffix (`gpu_0/res2_0_branch2a_bn_s`): blobs under a name scope */
function scopedBlobs(source: readonly KeyEntry[]): number {
  let n = 0;
  for (const { key } of source) {
    const slash = key.lastIndexOf('/');
    if (slash >= 0 && blobLeaf(key.slice(slash + 1)) !== undefined) n++;
  }
  return n;
}

/**
 * The source's scopes that read as a name and an index (`ln_1`) where the model's keys hold one of that stem's
 * scopes as a segment as it stands: the model names those modules so (GPT-2's HF port keeps `ln_1` and `ln_2`, as
 * its TF converter does; T5's `wi_0` / `wi_1`), so every scope of the stem is a name. Where the model has no
 * such segment (`layer_0` against `layer.0`), the index reading stands.
 */
function modelNamedScopes(source: readonly KeyEntry[], target: readonly KeyEntry[]): Set<string> {
  const looksIndexed = new Map<string, string>();
  for (const s of scopesOf(source)) {
    const m = INDEXED_SCOPE.exec(s);
    if (m) looksIndexed.set(s, m[1]!);
  }
  const names = new Set<string>();
  if (looksIndexed.size === 0) return names;
  const namedStems = new Set<string>();
  for (const { key } of target) {
    for (const s of key.split('.')) {
      const stem = looksIndexed.get(s);
      if (stem !== undefined) namedStems.add(stem);
    }
  }
  for (const [s, stem] of looksIndexed) if (namedStems.has(stem)) names.add(s);
  return names;
}

/** the stems of the source's scopes read as indexed (`layers` of `layers_0`), sorted: none is the stem of a scope in `names` */
function indexedStems(source: readonly KeyEntry[], names: ReadonlySet<string>): string[] {
  const stems = new Set<string>();
  for (const s of scopesOf(source)) {
    const m = names.has(s) ? null : INDEXED_SCOPE.exec(s);
    if (m) stems.add(m[1]!);
  }
  return [...stems].sort();
}

/** every distinct scope of the source's `/` keys */
function scopesOf(source: readonly KeyEntry[]): Set<string> {
  const out = new Set<string>();
  for (const { key } of source) if (key.includes('/')) for (const s of key.split('/')) out.add(s);
  return out;
}

/** the model's own leaf words: a TF spelling the model ends keys in too is kept as it is */
function modelLeaves(target: readonly KeyEntry[]): Set<string> {
  const out = new Set<string>();
  for (const { key } of target) out.add(key.slice(key.lastIndexOf('.') + 1));
  return out;
}

function count(s: string, c: string): number {
  let n = 0;
  for (const x of s) if (x === c) n++;
  return n;
}
