import type { ByteSource } from '../byte-source.js';
import { type PickleScan } from './container.js';
/**
 * Scans bytes the way `torch.load(io.BytesIO(b))` (and `pickle.loads(b)`) would read them: a zip's
 * pickle members, or pickles back to back. Byte strings those pickles hand to a loader in turn are
 * followed, `depth` levels at most; what is not followed is a gap, so the verdict cannot be safe.
 */
export declare function scanNestedPayload(region: {
    src: ByteSource;
}, label: string, depth: number): PickleScan[];
/** Pickles back to back from offset 0 (both delimitations after a STOP in a FRAME), payloads followed. */
export declare function scanPickleBytes(src: ByteSource, label: string, depth: number, sniffed: boolean, start?: number): PickleScan[];
