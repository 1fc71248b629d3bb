/**
 * A regex matcher whose time is linear in the text: a Pike VM (Thompson's construction with capture
 * slots, threads kept in priority order) over the plan dialect — literals, escapes (`\d \w \s`, their
 * negations, `\b \B`), `.`, classes, groups (capturing and `(?:…)`), alternation, greedy and lazy
 * quantifiers, `^` and `$`. That is the part of JavaScript's RegExp a plan may use (no backreferences,
 * no lookaround), and within it the matches are JavaScript's: leftmost, then the first alternative
 * in priority order; captures inside a repeated group are reset at each iteration.
 *
 * Why not the native RegExp: it backtracks, so a crafted plan (`(a+)+$` against a long key, or
 * `.*.*.*.*x`) runs for hours on one key, and a running native match cannot be interrupted. Here each
 * character of the key costs at most one step per instruction of the pattern, whatever the pattern.
 */
export declare class LinearRegexError extends Error {
    readonly name = "LinearRegexError";
}
/**
 * An upper bound on the paths a backtracking engine can try for this pattern on a text of `n`
 * characters, as a function of n: every quantifier multiplies by the counts it may take, every
 * alternation by its options, an unanchored start by the n+1 start positions. Sound for patterns
 * whose repeated parts hold no quantifier or alternation of their own (a quantified group multiplies
 * per iteration: it is rated unbounded).
 */
export declare function backtrackBound(source: string): (n: number) => number;
/** A compiled pattern: exec gives RegExp.prototype.exec's answer (index, match, groups) in linear time. */
export declare class LinearRegex {
    readonly source: string;
    private readonly prog;
    readonly groups: number;
    private readonly slots;
    constructor(source: string);
    test(s: string): boolean;
    exec(s: string): RegExpExecArray | null;
    /** capture slots of the leftmost-first match, or null */
    private run;
    /** Follow the epsilon closure of `pc` at position `i` (iteratively), adding threads in priority order. */
    private add;
}
