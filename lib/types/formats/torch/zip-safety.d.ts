import { type ZipArchive } from '../zip/reader.js';
import { type PickleScan } from './container.js';
/**
 * Zip layouts that make loaders read different bytes than a scanner, as safety findings. Names listed
 * twice (miniz finds one by binary search, Python's zipfile keeps the last, sdmatch reads every copy)
 * and local headers naming another file than the central directory make the verdict at least
 * incomplete: which bytes a loader runs depends on the loader. End records that disagree are in
 * `ZipArchive.views` and reported by the caller that scans them.
 */
export declare function zipGapScans(zip: ZipArchive, where: string): PickleScan[];
