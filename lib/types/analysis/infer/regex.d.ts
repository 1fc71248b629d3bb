export declare function escapeRegex(literal: string): string;
/** Why a pattern is not acceptable in a plan, or null when it is. */
export declare function regexProblem(pattern: string): string | null;
/** A plan pattern compiled for matching keys: RegExp's answers, never its worst case. */
export interface KeyPattern {
    readonly source: string;
    exec(key: string): RegExpExecArray | null;
    test(key: string): boolean;
}
/**
 * Compile a plan pattern (one that regexProblem accepts). Each key is matched by the native RegExp when
 * the pattern's backtracking bound on a key of that length is small (every generated pattern on real
 * keys: native speed), else by the linear-time matcher (linear-regex.ts) — so a pattern crafted to
 * backtrack (`^(a|aa)+$`, `.*.*.*.*x`), or a key of thousands of segments, costs time linear in the key.
 * A pattern outside the dialect throws (LinearRegexError): validate plans first.
 */
export declare function compilePattern(pattern: string): KeyPattern;
/**
 * Does compilePattern match every key of at most `length` characters with the native RegExp? Then it
 * matches them exactly as `new RegExp(pattern)` does (the bound grows with the length).
 */
export declare function nativeUpTo(pattern: string, length: number): boolean;
/** Number of capture groups a (valid) pattern has. */
export declare function groupCount(pattern: string): number;
export type ArithmeticOp = '+' | '-' | '*' | '//' | '%';
export interface ArithmeticPart {
    group: number;
    steps: [ArithmeticOp, number][];
}
/** The value of an arithmetic part for a captured index, or null when the capture is no index or the result is negative. */
export declare function evaluateArithmetic(part: ArithmeticPart, captured: string | undefined): number | null;
/** Does the replacement use index arithmetic (`${…}`, plan version 2)? */
export declare function hasArithmetic(replacement: string): boolean;
/** The pieces of a replacement: literal text, `$N` groups and `${…}` arithmetic, in order. */
export declare function replacementParts(replacement: string): (string | number | ArithmeticPart)[];
/** Why a replacement is not acceptable for a pattern with `groups` groups, or null. */
export declare function replacementProblem(replacement: string, groups: number): string | null;
/** `$N` → group N (empty when it did not take part), `$$` → `$`; arithmetic parts as compileReplacement. */
export declare function expandReplacement(replacement: string, match: RegExpExecArray): string;
/** The expanded replacement, or undefined when index arithmetic met a capture that is no index (or went negative): the rename then does not apply. */
export type Expander = (match: RegExpExecArray) => string | undefined;
/** expandReplacement compiled once for a replacement applied to many keys. */
export declare function compileReplacement(replacement: string): Expander;
