import type { ByteSource } from '../byte-source.js';
import type { GlobalFinding } from '../pickle/safety.js';
import { FormatError } from '../errors.js';
import { type PickleAnomaly, type PickleOptions, type PickleResult } from '../pickle/machine.js';
import type { PyBytes, PyValue } from '../pickle/values.js';
import type { ByteLocation, StorageInfo } from '../tensor.js';
import type { InterpretContext } from './interpret.js';
import type { Region } from './region.js';
import type { StorageRef } from './storage-pid.js';
/** What the safety report needs from one pickle the file holds, without its (possibly large) value. */
export interface PickleScan {
    /** `archive/data.pkl`, `pickle #2`, `legacy data pickle` … */
    where: string;
    protocol: number;
    globals: PickleResult['globals'];
    anomalies: PickleAnomaly[];
    error: FormatError | null;
    /** how builtins.getattr is used (Enum members pickled by Python 3.11+), when it is */
    getattr?: PickleResult['getattr'];
    /** findings about the container rather than a pickle: a member not read, readers that disagree */
    extra?: GlobalFinding[];
}
/**
 * A gap in what was seen, as a scan of its own: bytes a loader would run that sdmatch did not read
 * (`incomplete`), or a container built to show scanners and loaders different bytes (`dangerous`).
 */
export declare function gapScan(where: string, what: string, reason: string, verdict?: 'incomplete' | 'dangerous'): PickleScan;
/**
 * What a loader tries on bytes that are probably not a pickle (torch.load's first pickle.load of any
 * file that is neither zip nor tar): it counts when it imported anything, or when one of sdmatch's
 * limits stopped it; a parse that stops at once with nothing imported ran nothing.
 */
export declare function probeScan(where: string, r: PickleResult): PickleScan | null;
export type TorchFormat = 'torch-zip' | 'legacy-torch' | 'torchscript' | 'pickle';
/** One torch-family file, read: its object tree after interpretation and every pickle seen on the way. */
export interface TorchFile {
    format: TorchFormat;
    detail: string[];
    /** null when the data pickle did not parse (then `error` says why; `pickles` still holds what was seen) */
    root: PyValue | null;
    error: FormatError | null;
    pickles: PickleScan[];
}
export declare function scanOf(where: string, r: PickleResult): PickleScan;
/** Reads one pickle and records it for the safety report. */
export declare function readScanned(src: ByteSource, offset: number, where: string, scans: PickleScan[], options?: PickleOptions): PickleResult;
/**
 * A Python 2 str that is not UTF-8: torch.load's default (encoding='utf-8') raises UnicodeDecodeError on it;
 * torch.load(..., encoding='latin1') reads it, as Latin-1 text. Which text the key was meant to be is the
 * user's call (Latin-1 is one guess), so the key read stops here, fail closed, saying both.
 */
export declare function py2NotUtf8Error(file: string, raw: Uint8Array): FormatError;
/** Where a pickled byte string's payload is: in the file if it was not copied, else in memory. */
export declare function bytesLocator(region: Region): (b: PyBytes) => ByteLocation | null;
/**
 * Storage lookup shared by the containers: one StorageInfo object per (key, dtype), created by `make`
 * the first time a key is seen, so tensors on the same storage share it (tied weights).
 */
export declare function storageTable(make: (ref: StorageRef, dtype: NonNullable<StorageRef['dtype']>) => StorageInfo): {
    /** every storage made, by id (the key; `key\0dtype` for untyped ones), in the order first met */
    readonly byKey: Map<string, StorageInfo>;
    lookup: InterpretContext['storage'];
};
/** The most digits a storage key read as a number has (9: below 2^31, no overflow). */
export declare const MAX_STORAGE_DIGITS = 9;
/**
 * The canonical decimal (no sign, no leading zero, at most MAX_STORAGE_DIGITS digits) that ends `s`
 * from `from`, or -1: how storage keys (`data/<n>` members, persistent ids) are read as numbers.
 */
export declare function storageKeyIndex(s: string, from?: number): number;
