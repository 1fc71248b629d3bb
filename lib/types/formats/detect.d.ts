import type { ByteSource } from './byte-source.js';
export type DetectedKind = 'zip' | 'tar' | 'pickle' | 'legacy-torch' | 'safetensors' | 'shard-index' | 'npy' | 'gzip' | 'unknown';
/** What a file is by its content, never by its name; `tar: false` for torch.load's reading after tarfile refused it. */
export declare function detectKind(src: ByteSource, opts?: {
    tar?: boolean;
}): DetectedKind;
