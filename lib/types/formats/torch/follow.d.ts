import type { ByteSource } from '../byte-source.js';
import { type PickleScan } from './container.js';
/**
 * Every pickle a loader calling `load()` again and again could run from `starts` on. After a STOP the
 * next pickle starts right after it (a buffered file, a reused Unpickler) or, when the STOP was inside
 * a FRAME, after the whole frame (an unbuffered file or BytesIO: CPython reads a frame as a unit), so
 * both places are followed. Streams that fail with nothing imported ran nothing (raw tensor bytes after
 * the last pickle) and are dropped; the rest are scanned. Returns how many pickles parsed to a STOP.
 */
export declare function scanFollowing(src: ByteSource, starts: (number | null)[], label: string, scans: PickleScan[], budget: {
    left: number;
}): number;
