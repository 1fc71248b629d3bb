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
/**
 * Bytes after the last thing a loader reads (a zip's data.pkl past its STOP; a legacy stream past its last
 * storage) that it never reaches: torch.load reads one pickle there and stops, so they leave the verdict as
 * it is, but a scanner that reads every stream (picklescan) reports what they import, and a file carrying
 * them was made that way on purpose (review 14 F12). One detail line, null when nothing follows. The
 * streams are read like the ones a loader reaches (scanFollowing), into scans of their own.
 */
export declare function unreachedTail(src: ByteSource, start: number, label: string, reader: string): string | null;
