export declare const DEFAULT_FILES: readonly string[];
/**
 * The checkpoint a repository holds when the user named none: transformers' own names in from_pretrained's
 * order (the single file before its index, safetensors before pickles), then the only *.safetensors, then the only pickle, at the
 * repository's top level (or under the folder named). More than one candidate is a question for the
 * user, not a guess.
 */
export declare function discoverCheckpoint(files: string[], folder: string, spec: string): string;
