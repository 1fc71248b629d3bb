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
import { type BlobReading } from './blob-names.js';
/** A source read from scope paths: `entries` under their dot paths, `ops` (most indexed layouts first) renaming one into the other. */
export interface ScopePaths extends BlobReading {
    /** scope path → the dot path matching reads */
    dotted: Map<string, string>;
    /**
     * the checkpoint's optimizer slots and step counter (key-roles.ts OPTIMIZER_STATE), by dot path: set
     * aside before pairing, as the converters skip them
     */
    setAside: {
        key: string;
        reason: string;
    }[];
    /** a TF checkpoint stores dense kernels [in, out] (square ones are judged by the others) */
    tfLayout: true;
}
/**
 * `decoder/block_000/layer_001/SelfAttention/k` → `decoder.block.0.layer.1.SelfAttention.k` (the one tokenizer,
 * key-tokens.ts); a scope in `names` (one the model names a module, GPT-2's `ln_1`) stays whole.
 */
export declare function dottedScopePath(key: string, names?: ReadonlySet<string>): string;
/**
 * The source read as dot paths, when it is a TensorFlow checkpoint's scope paths: no source key has a
 * `.`, most have a `/`, and the target is dot paths (no `/`). Null otherwise, or when two variables
 * would read as the same dot path.
 */
export declare function readScopePaths(source: readonly KeyEntry[], target: readonly KeyEntry[]): ScopePaths | null;
