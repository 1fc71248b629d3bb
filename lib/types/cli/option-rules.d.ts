/**
 * Options a command line may not give together, and why: checked in the parse step (parse.ts settle) for
 * every command, and by apply's fast entry (apply-entry.ts), which leaves such a line to the CLI to refuse.
 * Review 22 F6: `apply SRC plan.json -o x.pt --in-place` wrote x.pt and silently ignored --in-place.
 * (An option given twice is the other half of that finding: every value-taking option that is not a list
 * is single-valued, which parse.ts reads off the options yargs was given, one table per command.)
 */
export declare const CONFLICTING_OPTIONS: readonly {
    options: readonly [string, string];
    said: string;
    why: string;
}[];
/** The usage error's line for the first pair of `CONFLICTING_OPTIONS` both given, or null. */
export declare function optionConflict(given: (name: string) => boolean): string | null;
