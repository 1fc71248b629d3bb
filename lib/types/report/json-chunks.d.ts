/**
 * `inlineIntegers`: an array of integers only (shapes, paths of indices) on one line, `[3, 4]`, as
 * `sdmatch diff --json` has always written them (diff-json.ts).
 */
export declare function jsonChunks(value: unknown, batch?: number, inlineIntegers?: boolean): Generator<string>;
