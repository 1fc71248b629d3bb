import type { ByteSource } from '../byte-source.js';
import type { GlobalFinding } from '../pickle/safety.js';
import { FormatError } from '../errors.js';
import { pyBytesRepr, readPickle, type PickleAnomaly, type PickleOptions, type PickleResult } from '../pickle/machine.js';
import type { PyBytes, PyValue } from '../pickle/values.js';
import type { ByteLocation, StorageInfo } from '../tensor.js';
import type { InterpretContext, ResolvedStorage } from './interpret.js';
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
export function gapScan(where: string, what: string, reason: string, verdict: 'incomplete' | 'dangerous' = 'incomplete'): PickleScan {
  return { where, protocol: 0, globals: [], anomalies: [], error: null, extra: [{ module: '', name: what, verdict, where, reason }] };
}

/**
 * What a loader tries on bytes that are probably not a pickle (torch.load's first pickle.load of any
 * file that is neither zip nor tar): it counts when it imported anything, or when one of sdmatch's
 * limits stopped it; a parse that stops at once with nothing imported ran nothing.
 */
export function probeScan(where: string, r: PickleResult): PickleScan | null {
  if (r.globals.length === 0 && r.anomalies.length === 0 && !r.limited) return null;
  return scanOf(where, r);
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
  return { where, protocol: r.protocol, globals: r.globals, anomalies: r.anomalies, error: r.error, getattr: r.getattr };
}

/** Reads one pickle and records it for the safety report. */
export function readScanned(src: ByteSource, offset: number, where: string, scans: PickleScan[], options: PickleOptions = {}): PickleResult {
  // every pickle read here is one torch.load unpickles, with its encoding='utf-8'
  const r = readPickle(src, offset, { ...options, where, py2Utf8: true });
  scans.push(scanOf(where, r));
  // the safety scan above saw the whole pickle; the value is what torch.load's default cannot make
  if (r.error === null && r.py2NotUtf8 !== null) return { ...r, value: undefined, error: py2NotUtf8Error(src.name, r.py2NotUtf8) };
  return r;
}

/**
 * A Python 2 str that is not UTF-8: torch.load's default (encoding='utf-8') raises UnicodeDecodeError on it;
 * torch.load(..., encoding='latin1') reads it, as Latin-1 text. Which text the key was meant to be is the
 * user's call (Latin-1 is one guess), so the key read stops here, fail closed, saying both.
 */
export function py2NotUtf8Error(file: string, raw: Uint8Array): FormatError {
  return new FormatError(file, `a Python 2 str ${pyBytesRepr(raw)} is not valid UTF-8: torch.load's default (encoding='utf-8') fails on it with UnicodeDecodeError; torch.load(..., encoding='latin1') reads it as Latin-1 text, a guess sdmatch does not make`);
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
  /** every storage made, by id (the key; `key\0dtype` for untyped ones), in the order first met */
  readonly byKey: Map<string, StorageInfo>;
  lookup: InterpretContext['storage'];
} {
  // torch numbers storages 0, 1, 2 …: typed ones with such keys are found by index, without hashing
  // 100,000 fresh key strings; the others by id. byKey is only built when a container asks for it.
  // Each storage is held as its lookup result at offset 0, handed out as is for every tensor on it
  // that is not a legacy view (results are only read), so a lookup allocates nothing once it is made.
  const byIndex: (ResolvedStorage | undefined)[] = [];
  const byId = new Map<string, ResolvedStorage>();
  /** ids and storages made, in parallel, in the order made (byKey is built from them on demand) */
  const madeIds: string[] = [];
  const made: StorageInfo[] = [];
  let byKey: Map<string, StorageInfo> | null = null;
  /** a typed key went to byId (not an index, or too far ahead): a new index must look there too */
  let spilled = false;
  const create = (id: string, ref: StorageRef, dtype: NonNullable<StorageRef['dtype']>): ResolvedStorage => {
    const info = make(ref, dtype);
    madeIds.push(id);
    made.push(info);
    byKey?.set(id, info);
    return { info, offset: 0 };
  };
  const at = (r: ResolvedStorage, ref: StorageRef): ResolvedStorage => {
    const offset = ref.view?.offset ?? 0;
    return offset === 0 ? r : { info: r.info, offset };
  };
  const lookup: InterpretContext['storage'] = (ref, dtypeHint) => {
    const dtype = ref.dtype ?? dtypeHint;
    if (!dtype) return null;
    const index = ref.dtype ? denseIndex(ref.key, byIndex.length) : -1;
    if (index >= 0) {
      let r = byIndex[index];
      if (!r) {
        r = (spilled ? byId.get(ref.key) : undefined) ?? create(ref.key, ref, dtype);
        while (byIndex.length < index) byIndex.push(undefined);
        byIndex[index] = r;
      }
      return at(r, ref);
    }
    if (ref.dtype) spilled = true;
    const id = ref.dtype ? ref.key : `${ref.key}\u0000${dtype}`;
    let r = byId.get(id);
    if (!r) {
      r = create(id, ref, dtype);
      byId.set(id, r);
    }
    return at(r, ref);
  };
  return {
    get byKey() {
      if (byKey === null) {
        byKey = new Map();
        for (let i = 0; i < made.length; i++) byKey.set(madeIds[i]!, made[i]!);
      }
      return byKey;
    },
    lookup,
  };
}

/** The most digits a storage key read as a number has (9: below 2^31, no overflow). */
export const MAX_STORAGE_DIGITS = 9;

/**
 * The canonical decimal (no sign, no leading zero, at most MAX_STORAGE_DIGITS digits) that ends `s`
 * from `from`, or -1: how storage keys (`data/<n>` members, persistent ids) are read as numbers.
 */
export function storageKeyIndex(s: string, from = 0): number {
  const n = s.length - from;
  if (n <= 0 || n > MAX_STORAGE_DIGITS || (n > 1 && s.charCodeAt(from) === 48)) return -1;
  let v = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * The storage key as an array index: a canonical decimal at most a little past the indexes seen so
 * far, so a crafted key like "99999999" cannot make the array huge; -1 otherwise.
 */
function denseIndex(key: string, seen: number): number {
  const v = storageKeyIndex(key);
  return v >= 0 && v <= seen + 1024 ? v : -1;
}
