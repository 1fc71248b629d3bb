import type { ByteSource } from './byte-source.js';
export type DetectedKind = 'zip' | 'tar' | 'pickle' | 'legacy-torch' | 'safetensors' | 'shard-index' | 'npy' | 'gzip' | 'unknown';
/** What a file is by its content, never by its name. */
export declare function detectKind(src: ByteSource): DetectedKind;
