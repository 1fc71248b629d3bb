import { FormatError } from './errors.js';
import type { KeyEntry } from './keys.js';
/**
 * The expected-keys manifest: what a model's `state_dict()` holds, in its order, without weights.
 * Long form `{"format": "sdmatch-manifest", "version": 1, "tensors": {"k": {"shape": [..], "dtype": ".."}}}`
 * (documented in schemas/manifest.schema.json), short form `{"k": [..], ...}`.
 */
export declare const MANIFEST_FORMAT = "sdmatch-manifest";
export declare const MANIFEST_VERSION = 1;
/** Cheap sniff for format detection: a JSON object that names the format or maps a key to a shape. */
export declare function looksLikeManifest(text: string): boolean;
/** The error for a tensor named twice (manifest-scan.ts refuses it too). */
export declare function duplicateTensor(file: string, key: string): FormatError;
export declare const INTEGER_LIKE: RegExp;
export declare function parseManifest(text: string, file: string): KeyEntry[];
/** The long form, one tensor a line so that manifests diff well in review; order preserved. */
export declare function writeManifest(entries: readonly KeyEntry[]): string;
