import { FormatError } from './errors.js';
import type { KeyEntry } from './keys.js';
/**
 * The expected-keys manifest: what a model's `state_dict()` holds, in its order, without weights.
 * Long form `{"format": "sdmatch-manifest", "version": 1, "tensors": {"k": {"shape": [..], "dtype": ".."}}}`
 * (documented in schemas/manifest.schema.json), short form `{"k": [..], ...}`.
 * The long form may add `"tied": [["embed.weight", "lm_head.weight"], …]`: the keys that view one storage
 * (a tied weight), as python/sdmatch_manifest.py reads them off the model. Without it a manifest cannot
 * show a tie, and plan inference leaves a tied head missing rather than guess it (side-facts.ts).
 * It may add `"modules": {"h.0.attn.c_attn": "Conv1D", …}`: the class of each module that holds tensors, as
 * python/sdmatch_manifest.py reads it off the model. Keys and shapes cannot show a square weight whose module
 * went from a Conv1D (stored [in, out]) to a Linear ([out, in]); the classes can (judge-shapes.ts, review 18 F6).
 * Absent: it cannot say.
 */
/** A manifest's tensors, and its storage groups: null when it does not say (no `tied` field, the short form). */
export interface ManifestContents {
    entries: KeyEntry[];
    tied: string[][] | null;
    /** the Megatron save's args a conversion needs (`megatron`): null when it does not say */
    megatron?: ManifestMegatron | null;
    /** each module's class (`modules`: module name → class name, `""` the root): null or absent when it does not say */
    modules?: ReadonlyMap<string, string> | null;
}
/**
 * What a Megatron (or Megatron-DeepSpeed) save says of its attention, kept in a manifest (`"megatron": {…}`) so
 * that a plan made from the manifest, or a key list's stand-in, knows the fused q/k/v rows' layout the way one
 * made from the checkpoint does (analysis/infer/megatron-qkv.ts reads exactly these): without them a rename
 * between layouts is withdrawn. `sdmatch manifest` writes them from the save's `args` and `checkpoint_version`.
 */
export interface ManifestMegatron {
    args: Map<string, number | boolean>;
    ckptVersion: number | null;
}
/**
 * The args of `megatron` (the Namespace's names), positive integers but `group_query_attention`, a boolean;
 * `tensor_model_parallel_size` is the ranks the tensors were joined from (megatron/names.ts JOINED_TP).
 */
export declare const MEGATRON_ARGS: readonly ['num_attention_heads', 'hidden_size', 'kv_channels', 'num_query_groups', 'group_query_attention', "tensor_model_parallel_size"];
export declare const MANIFEST_FORMAT = "sdmatch-manifest";
export declare const MANIFEST_VERSION = 1;
/** Cheap sniff for format detection: a JSON object that names the format or maps a key to a shape. */
export declare function looksLikeManifest(text: string): boolean;
/** The error for a tensor named twice (manifest-scan.ts refuses it too). */
export declare function duplicateTensor(file: string, key: string): FormatError;
export declare const INTEGER_LIKE: RegExp;
export declare function parseManifest(text: string, file: string): KeyEntry[];
/**
 * `tied` checked against the tensors: groups of two or more of its keys, no key in two groups (one
 * storage per key). A group naming a key the manifest lacks is refused: it would tie a key to nothing.
 */
export declare function checkTied(tied: unknown, entries: readonly KeyEntry[], file: string): string[][];
/**
 * `modules` checked: an object of module name → class name (a non-empty string), each name a module that
 * holds a tensor of the manifest (`""`, the root, holds the keys without a dot). A name no tensor is under
 * is refused, as `tied` refuses a key the manifest lacks: it would describe nothing.
 */
export declare function checkModules(v: unknown, entries: readonly KeyEntry[], file: string): Map<string, string>;
/** `megatron` checked: known names only, each of its type; `checkpoint_version` a number ≥ 0. */
export declare function checkMegatron(v: unknown, file: string): ManifestMegatron;
/** The tensors and the storage groups of a manifest's text (parseManifest's reading, `tied` too). */
export declare function parseManifestContents(text: string, file: string): ManifestContents;
/** The long form, one tensor a line so that manifests diff well in review; order preserved. */
export declare function writeManifest(entries: readonly KeyEntry[], tied?: readonly (readonly string[])[] | null, megatron?: ManifestMegatron | null, modules?: ReadonlyMap<string, string> | null): string;
