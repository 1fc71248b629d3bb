export declare const DCP_GLOBALS: readonly (readonly [string, string])[];
/** The enums DCP pickles (by value before Python 3.11, as getattr(enum, member name) from 3.11). */
export declare const DCP_ENUMS: ReadonlyMap<string, readonly string[]>;
export declare const SAFE_GLOBALS: ReadonlySet<string>;
/** numpy ≥ 1.25 pickles dtypes by their class, e.g. numpy.dtypes.Float32DType */
export declare const SAFE_PATTERNS: readonly RegExp[];
/** [path, why]. Order does not matter: the longest matching path gives the reason. */
export declare const DANGEROUS_GLOBALS: readonly (readonly [string, string])[];
/**
 * Python 2 names as Python 3's unpickler maps them (Lib/_compat_pickle.py), so `__builtin__.eval`
 * and `builtins.eval` classify alike.
 */
export declare const PY2_MODULES: Readonly<Record<string, string>>;
export declare const PY2_NAMES: Readonly<Record<string, string>>;
/** A class a training framework pickles into its checkpoints, named so reports say what it is. */
export interface FrameworkGlobal {
    path: string;
    what: string;
    /** an Enum's member names: Python 3.11+ pickles a member as `getattr(Enum, 'member')` */
    members?: readonly string[];
}
/**
 * Framework classes found in DeepSpeed and Megatron-LM checkpoints. None is safe: loading imports the
 * framework (its package code runs) and calls the class, so each stays `unknown` — it needs trust in
 * that package, and torch.load(weights_only=True) refuses it unless it is passed to add_safe_globals —
 * but the report names it instead of calling it an unknown global.
 */
export declare const FRAMEWORK_GLOBALS: readonly FrameworkGlobal[];
