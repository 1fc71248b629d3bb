export declare function jsonChunks(value: unknown, batch?: number): Generator<string>;
