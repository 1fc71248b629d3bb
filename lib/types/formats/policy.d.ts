/**
 * `.sdmatch.json`: a project's policy for `sdmatch check`, kept beside the lock file so that every
 * CI run and every developer checks against the same rules. Documented in schemas/policy.schema.json:
 *
 *   {"check": {"failOn": "breaking", "allow": ["added"], "ignore": ["\\.num_batches_tracked$"], "minConfidence": 0.8}}
 *
 * Every field is optional; what is absent falls back to the command's defaults, and a flag given on
 * the command line replaces the file's value for that setting. Unknown fields are errors rather than
 * ignored: a misspelt `failon` silently doing nothing would make a gate pass that should fail.
 */
export declare const POLICY_FILE_NAME = ".sdmatch.json";
/** The verdict from which `check` fails: `any` fails on any change the policy does not allow. */
export declare const FAIL_ON: readonly ['breaking', 'migratable', 'any'];
export type FailOn = (typeof FAIL_ON)[number];
/**
 * Change kinds a project may accept as compatible: added keys (old checkpoints then load only with
 * strict=False) and dtype changes (load_state_dict casts on copy, but precision changes).
 */
export declare const ALLOW_KINDS: readonly ['added', 'dtype'];
export type AllowKind = (typeof ALLOW_KINDS)[number];
/** Policy settings as a file or the flags state them: each one optional. */
export interface PolicySettings {
    failOn?: FailOn;
    allow?: AllowKind[];
    /** regular expressions searched anywhere in a key (JavaScript syntax; anchor with ^ and $) */
    ignore?: string[];
    /** 0..1: renames inferred with less confidence do not count as migratable */
    minConfidence?: number;
}
/** Why a string is not a usable ignore pattern, or null when it is. */
export declare function ignorePatternProblem(pattern: string): string | null;
/** Why a number is not a usable minimum confidence, or null when it is. */
export declare function minConfidenceProblem(value: number): string | null;
/** Reads `.sdmatch.json`'s text; every problem is one FormatError naming the field. */
export declare function parsePolicyFile(text: string, file: string): PolicySettings;
/**
 * A policy's settings checked field by field, wherever they come from: `.sdmatch.json`'s `check` object, or
 * the `policy` a library caller hands checkKeys / checkSources (review 22 F10: a plain-JS caller's misspelt
 * `failOn: "breakng"` made the gate pass a breaking change). Every problem is one FormatError naming the
 * field (`at.failOn`); a field given as `undefined` is absent, as a flag not given is.
 */
export declare function policySettings(c: unknown, at: string, file: string): PolicySettings;
