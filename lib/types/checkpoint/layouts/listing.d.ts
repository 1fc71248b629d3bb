/** The entries of `dir` whose names `parse` accepts, with what it made of them (none when `dir` cannot be listed). */
export declare function parsedEntries<T extends object>(dir: string, parse: (name: string) => T | null): (T & {
    file: string;
})[];
/**
 * The pointer files (DeepSpeed's `latest`, `latest_universal`; Megatron's tracker) in the save folder that
 * holds checkpoint folder `dir`, those there: whichever tag they name, the library's loader reads them, so
 * they are the source's too (Checkpoint.pointers) and never an output.
 */
export declare function pointerFiles(dir: string, names: readonly string[]): string[];
/** The start of a small text file a layout points with (DeepSpeed's latest, Megatron's tracker), or null. */
export declare function pointerText(path: string, max?: number): string | null;
