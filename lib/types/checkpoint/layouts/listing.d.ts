/** The entries of `dir` whose names `parse` accepts, with what it made of them (none when `dir` cannot be listed). */
export declare function parsedEntries<T extends object>(dir: string, parse: (name: string) => T | null): (T & {
    file: string;
})[];
/** The start of a small text file a layout points with (DeepSpeed's latest, Megatron's tracker), or null. */
export declare function pointerText(path: string, max?: number): string | null;
