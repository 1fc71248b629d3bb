export declare function crc32(data: Uint8Array, prev?: number): number;
