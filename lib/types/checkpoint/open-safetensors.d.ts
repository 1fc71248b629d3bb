import type { OpenOptions, SafetensorsCheckpoint } from './open.js';
/**
 * For a caller that only reports on the file (inspect), before openForReport: a safetensors file or a
 * sharded safetensors set (its shards read concurrently) in columns, or null for anything else and for
 * anything the tree reader would refuse (openForReport then reads it and says why).
 */
export declare function openSafetensorsForReport(path: string, opts?: Omit<OpenOptions, 'readOnly'>): Promise<SafetensorsCheckpoint | null>;
