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
import type { BlobReading } from './blob-names.js';
import { CONFIDENCE } from './confidence.js';

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

/** `decoder/block_000/layer_001/SelfAttention/k` → `decoder.block.0.layer.1.SelfAttention.k` (the one tokenizer, key-tokens.ts) */
export function dottedScopePath(key: string): string {
  return tfPathSegments(key)?.join('.') ?? key;
}

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
  const dotted = new Map<string, string>();
  const original = new Map<string, string>();
  const layouts = new Map<string, number>();
  let outputIndexed = false;
  for (const { key } of source) {
    // only `/` paths get a rename op below, so only they are read as dot paths (a TF1 `Variable_1` stays itself)
    const name = key.includes('/') ? key.replace(OUTPUT_INDEX, '') : key;
    if (name !== key) outputIndexed = true;
    const d = key.includes('/') ? dottedScopePath(name) : key;
    const prior = original.get(d);
    if (prior !== undefined && prior !== key) return null;
    dotted.set(key, d);
    original.set(d, key);
    if (!key.includes('/')) continue;
    const kinds = name.split('/').map((s) => (INDEXED_SCOPE.test(s) ? 'i' : 'p')).join('');
    layouts.set(kinds, (layouts.get(kinds) ?? 0) + 1);
  }
  // a plain scope's pattern would match an indexed one too: the layouts with more indexed scopes go
  // first, so each key is renamed by its own layout's op (the earlier op leaves it without `/`)
  const order = [...layouts.keys()].sort((a, b) => count(b, 'i') - count(a, 'i') || b.length - a.length || (a < b ? -1 : 1));
  const ops: PlanOp[] = order.map((kinds) => {
    let group = 0;
    const parts: string[] = [];
    const repl: string[] = [];
    for (const k of kinds) {
      if (k === 'i') {
        parts.push(INDEXED_SCOPE_SOURCE);
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
  const setAside: { key: string; reason: string }[] = [];
  for (const { key } of source) {
    const rule = OPTIMIZER_STATE.find((r) => r.pattern.test(key));
    if (rule) setAside.push({ key: dotted.get(key)!, reason: `${rule.what}: ${rule.why}` });
  }
  const entries = source.map((e) => ({ ...e, key: dotted.get(e.key)! }));
  return { entries, dotted, original, ops, setAside, tfLayout: true };
}

function count(s: string, c: string): number {
  let n = 0;
  for (const x of s) if (x === c) n++;
  return n;
}
