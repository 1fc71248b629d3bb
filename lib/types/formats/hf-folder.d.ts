/**
 * Which file of a Hugging Face model folder is its checkpoint, the way from_pretrained picks it: one table
 * for `hf://ORG/REPO` (src/remote/prefetch.ts, over the repository's file list) and for a folder on disk,
 * which sdmatch names instead of reading (review 14 F3: the same folder on disk was refused with only the
 * distributed layouts named).
 */
/** transformers' own names, in the order from_pretrained tries them (safetensors first) */
export declare const DEFAULT_FILES: string[];
/**
 * The checkpoint a repository holds when the user named none: transformers' index, then its single
 * file (safetensors before pickles), then the only *.safetensors, then the only pickle, at the
 * repository's top level (or under the folder named). More than one candidate is a question for the
 * user, not a guess.
 */
export declare function discoverCheckpoint(files: string[], folder: string, spec: string): string;
