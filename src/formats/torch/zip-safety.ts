import { zipAnomalies, type ZipArchive } from '../zip/reader.js';
import { gapScan, type PickleScan } from './container.js';

/**
 * Zip layouts that make loaders read different bytes than a scanner, as safety findings. Names listed
 * twice (miniz finds one by binary search, Python's zipfile keeps the last, sdmatch reads every copy)
 * and local headers naming another file than the central directory make the verdict at least
 * incomplete: which bytes a loader runs depends on the loader. End records that disagree are in
 * `ZipArchive.views` and reported by the caller that scans them.
 */
export function zipGapScans(zip: ZipArchive, where: string): PickleScan[] {
  const out: PickleScan[] = [];
  for (const a of zipAnomalies(zip)) {
    if (a.kind === 'duplicate-name') out.push(gapScan(where, 'duplicate member', `zip member "${a.entry}" is listed ${a.count} times: loaders differ in which copy they read (every copy was scanned)`));
    else if (a.kind === 'case-twin') out.push(gapScan(where, 'members differ only in case', `zip members "${a.entry}" and "${a.other}" differ only in case: torch's reader (miniz) ignores case in names and may read either (every copy was scanned)`));
    else if (a.kind === 'name-mismatch') out.push(gapScan(where, 'local header disagrees', `zip member "${a.entry}" is named "${a.localName}" in its local header: readers that walk local headers see another file`));
  }
  for (const v of zip.otherViews ?? []) {
    out.push(gapScan(where, 'zip views disagree', v));
  }
  return out;
}
