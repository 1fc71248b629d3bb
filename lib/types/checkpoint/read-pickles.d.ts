import type { Region } from '../formats/torch/region.js';
import type { FileContents } from './contents.js';
/**
 * A plain pickle file — possibly several pickles back to back (a loader that calls load() again runs
 * the next one, so all are scanned) — with the first one's value as the tree.
 */
export declare function readPickleFile(region: Region, size: number, lead?: string): FileContents;
