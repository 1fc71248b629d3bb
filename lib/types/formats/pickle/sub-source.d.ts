import type { ByteSource } from '../byte-source.js';
/**
 * A window [start, start+length) of another source, seen as a source of its own — for byte strings
 * inside a pickle that are pickles themselves, without copying them out of the file.
 */
export declare class SubSource implements ByteSource {
    private readonly parent;
    private readonly start;
    readonly size: number;
    readonly name: string;
    constructor(parent: ByteSource, start: number, size: number, name: string);
    read(offset: number, length: number): Uint8Array;
    close(): void;
}
