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
