import { type PickleScan } from '../../formats/torch/container.js';
import type { FileContents, FileRef } from '../contents.js';
/**
 * What a folder checkpoint's framework opens when it resumes from it, beyond the files sdmatch reads the
 * weights from (review 19 F2, F5):
 * - pickles its loader unpickles (DeepSpeed's optimizer moments and settings, Megatron's distrib_optim.pt):
 *   scanned here for the safety verdict alone — never executed, their values unused — so that a folder is
 *   called safe only when every pickle its loader would run was seen. One that cannot be read is a gap in
 *   what was seen (`incomplete`, naming it), not an error: the weights do not come from it.
 * - the small text files that point at the folder (DeepSpeed's `latest`, Megatron's tracker): no pickle, but
 *   inputs of the loader all the same, which `apply -o` must never write over.
 * Every path either kind names joins the checkpoint's `opened` list (FileContents).
 */
/** the member files a reader scans beside what it opens, and their safety scans */
export interface LoaderScan {
    pickles: PickleScan[];
    /** the files scanned (absolute as joined from the folder's path) */
    paths: string[];
    size: number;
}
/**
 * Scan `rels` (paths relative to `dir`) that the reader has not opened itself: their pickles, each
 * `where` prefixed with the file, as the readers name what they open.
 */
export declare function scanLoaderFiles(dir: FileRef, rels: readonly string[], readFile: (ref: FileRef) => FileContents): LoaderScan;
/** Names in `dir` (files only) that `keep` accepts, sorted; none when it cannot be listed. */
export declare function filesIn(dir: string, keep: (name: string) => boolean): string[];
/** The pointer files among `paths` that exist (`latest`, `latest_universal`, Megatron's tracker). */
export declare function pointerFiles(paths: readonly string[]): string[];
/**
 * The reader's result with the loader's other pickles scanned and every file it or the loader opens
 * listed in `opened`. `rels` are the files to scan (those the reader opened already are skipped).
 */
export declare function withLoaderFiles(c: FileContents, dir: FileRef, rels: readonly string[], pointers: readonly string[], readFile: (ref: FileRef) => FileContents): FileContents;
/** What a new file at `out` would be to the loader of a checkpoint that opened `opened`, or null when no loader lists it. */
export declare function listedByLoader(opened: readonly string[], out: string): string | null;
