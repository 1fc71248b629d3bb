import type { Plan, PlanOp } from '../plan/types.js';
/** A plan replacement (`$1`, `$$`) as a Python `re.sub` replacement (`\g<1>`, `$`). */
export declare function pyReplacement(replacement: string): string;
/**
 * The Python condition under which a replacement's index arithmetic has a value, as apply's
 * evaluateArithmetic decides it: every group it reads captured 1 to 9 ASCII digits, and every result
 * is not negative. Null when the replacement does no arithmetic. `and` short-circuits, so int() never
 * sees a capture that is no index.
 */
export declare function pyArithmeticGuard(replacement: string): string | null;
/**
 * A Python callable for a replacement with index arithmetic (`${1//3}`): re.sub accepts a function of
 * the match, and Python's // and % on ints are the plan's. Where apply leaves a key as it is (the
 * capture is no index, or the value is negative) the callable gives back the match, so re.sub does too.
 */
export declare function pyReplacementLambda(replacement: string): string;
/**
 * The second argument of re.sub for a rename by index table: a callable that looks group 1's text up in
 * the table (a dict literal) and expands that row; a key the table does not list keeps its match, so
 * re.sub leaves it as it is, as apply does.
 */
export declare function pyTableLambda(table: Readonly<Record<string, string>>): string;
/** re.sub's second argument for a rename: its replacement (pySubArgument) or its table (pyTableLambda). */
export declare function pyRenameArgument(op: Extract<PlanOp, {
    op: 'rename';
}>): string;
/** The second argument of re.sub for a plan replacement: a string, or a callable when it does index arithmetic. */
export declare function pySubArgument(replacement: string): string;
/** A comment ends at a line break: one holding text from a file or a name (a path with a line break in it) says it on one line. */
export declare function oneCommentLine(line: string): string;
/** The first line of every emitted file (--emit python, hf, mmengine), on one line whatever the checkpoint's name. */
export declare function generatedByLine(plan: Plan): string;
/**
 * The fix to paste after a line that holds `state_dict`: the imports it needs, the remap function and its
 * call — no module scaffolding (no `__main__` block that would load argv when pasted into a script).
 */
export declare function emitPythonInline(plan: Plan): string;
/**
 * A Python module defining `select_state_dict(checkpoint)` and `remap_state_dict(state_dict)`, which
 * applies the plan's ops in order, and running both when executed: `python fix.py IN OUT`.
 */
export declare function emitPython(plan: Plan, functionName?: string, caveats?: readonly string[]): string;
/**
 * The fix as one line of Python over `state_dict`, when the plan is one strip/add/rename/drop;
 * null when it needs more (then the function from emitPython is the fix).
 */
export declare function emitPythonOneLiner(plan: Plan): string | null;
