/**
 * Python source spelled from data: string literals and the expression that reads a path out of a loaded
 * checkpoint. Every emitter and every message that shows Python uses these, so a key with a quote or a
 * control character is spelled one (correct) way everywhere.
 */
/** A Python string literal for any string: raw when that is exact and readable, escaped otherwise. */
export declare function pyStr(s: string): string;
/** Python that reads `path` out of a loaded `checkpoint`: `checkpoint['model'][0]`. */
export declare function pythonAccess(path: readonly (string | number)[]): string;
