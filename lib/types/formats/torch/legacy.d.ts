import type { PyValue } from '../pickle/values.js';
import type { StorageInfo } from '../tensor.js';
import { type PickleScan, type TorchFile } from './container.js';
import { type InterpretContext } from './interpret.js';
import { type Region } from './region.js';
/**
 * The stream torch.save wrote before 1.6 (and with `_use_new_zipfile_serialization=False`):
 *   pickle(MAGIC_NUMBER) pickle(PROTOCOL_VERSION) pickle(sys_info) pickle(obj, persistent ids)
 *   pickle(sorted storage keys) then, per key, an 8-byte little-endian element count and the raw bytes.
 * Storage offsets are found by reading only the counts and seeking over the bytes.
 */
export declare const LEGACY_MAGIC = 119547037146038801333356n;
export declare function isLegacyMagic(v: PyValue | undefined): boolean;
/**
 * Reads a legacy stream from `region`. Returns null when the first pickle is not the magic number
 * (a look-alike such as a magic pickle computed by a call: the caller treats it as plain pickles).
 */
export declare function readLegacy(region: Region, where?: string, depth?: number): (TorchFile & {
    storages: StorageInfo[];
}) | null;
/**
 * `torch.storage._load_from_bytes(b)` is how plain pickle saves a torch storage: `b` is a whole legacy
 * stream. Its pickles are scanned like the outer ones (the loader unpickles them too).
 */
/** InterpretContext.payloadNotRead for a reader that records its scans in `scans`. */
export declare function payloadGap(scans: PickleScan[], where: string): (what: string) => void;
export declare function nestedStorageLoader(region: Region, scans: PickleScan[], warn: (m: string) => void, where: string, depth: number): InterpretContext['loadFromBytes'];
