import type { ByteSource } from '../byte-source.js';
import type { FormatError } from '../errors.js';
import { readPickle, type PickleAnomaly, type PickleOptions, type PickleResult } from '../pickle/machine.js';
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
}

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

export function scanOf(where: string, r: PickleResult): PickleScan {
  return { where, protocol: r.protocol, globals: r.globals, anomalies: r.anomalies, error: r.error };
}

/** Reads one pickle and records it for the safety report. */
export function readScanned(src: ByteSource, offset: number, where: string, scans: PickleScan[], options: PickleOptions = {}): PickleResult {
  const r = readPickle(src, offset, { ...options, where });
  scans.push(scanOf(where, r));
  return r;
}

/** Where a pickled byte string's payload is: in the file if it was not copied, else in memory. */
export function bytesLocator(region: Region): (b: PyBytes) => ByteLocation | null {
  return (b) => {
    if (b.fileOffset !== null) return region.locate(b.fileOffset, b.length);
    if (b.data) return { kind: 'memory', bytes: b.data };
    return null;
  };
}

/**
 * Storage lookup shared by the containers: one StorageInfo object per (key, dtype), created by `make`
 * the first time a key is seen, so tensors on the same storage share it (tied weights).
 */
export function storageTable(make: (ref: StorageRef, dtype: NonNullable<StorageRef['dtype']>) => StorageInfo): {
  byKey: Map<string, StorageInfo>;
  lookup: InterpretContext['storage'];
} {
  const byKey = new Map<string, StorageInfo>();
  const lookup: InterpretContext['storage'] = (ref, dtypeHint) => {
    const dtype = ref.dtype ?? dtypeHint;
    if (!dtype) return null;
    const id = ref.dtype ? ref.key : `${ref.key}\u0000${dtype}`;
    let info = byKey.get(id);
    if (!info) {
      info = make(ref, dtype);
      byKey.set(id, info);
    }
    return { info, offset: ref.view?.offset ?? 0 };
  };
  return { byKey, lookup };
}
