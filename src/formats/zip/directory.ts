import { ByteStringSet } from '../byte-string-set.js';
import { decodeEntryName } from './names.js';

/**
 * An archive's central directory as columns (issue 14): one typed array per field and every name's
 * bytes in one pool, so a directory of 2,000,000 members costs ~50 bytes each instead of a ZipEntry
 * object, a name string and a map entry (~200 bytes). Names are decoded only when one is asked for
 * (`nameAt`); the questions a torch checkpoint's reading asks of every member (does its name start
 * with this folder, is it this record, could it be a pickle or an unsafe path) are answered on bytes.
 *
 * Byte questions and string questions agree exactly because every name is decoded byte for byte on
 * ASCII: in UTF-8 and in code page 437 an ASCII byte is the same character and a byte ≥ 0x80 never
 * decodes to an ASCII character, so an ASCII text is at the start, end or inside a decoded name exactly
 * where its bytes are in the name's bytes.
 */
export class ZipDirectory {
  count = 0;
  private pool: Uint8Array;
  private poolLength = 0;
  nameStart: Float64Array;
  nameLength: Uint16Array;
  flags: Uint16Array;
  method: Uint16Array;
  crc32: Uint32Array;
  compressedSize: Float64Array;
  size: Float64Array;
  localHeaderOffset: Float64Array;
  dataOffset: Float64Array;
  /** decoded local-header names, only for the members whose local name differs from the central one */
  readonly localNames = new Map<number, string>();

  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.pool = new Uint8Array(Math.max(1024, n * 24));
    this.nameStart = new Float64Array(n);
    this.nameLength = new Uint16Array(n);
    this.flags = new Uint16Array(n);
    this.method = new Uint16Array(n);
    this.crc32 = new Uint32Array(n);
    this.compressedSize = new Float64Array(n);
    this.size = new Float64Array(n);
    this.localHeaderOffset = new Float64Array(n);
    this.dataOffset = new Float64Array(n);
  }

  /** Appends a member (its name bytes are copied); returns its index. */
  push(name: Uint8Array, flags: number, method: number, crc: number, compressedSize: number, size: number, localHeaderOffset: number, dataOffset: number): number {
    const i = this.count;
    if (i === this.nameLength.length) this.grow();
    this.ascii = this.duplicates = null;
    while (this.poolLength + name.length > this.pool.length) {
      const next = new Uint8Array(this.pool.length * 2);
      next.set(this.pool.subarray(0, this.poolLength));
      this.pool = next;
    }
    this.pool.set(name, this.poolLength);
    this.nameStart[i] = this.poolLength;
    this.poolLength += name.length;
    this.nameLength[i] = name.length;
    this.flags[i] = flags;
    this.method[i] = method;
    this.crc32[i] = crc;
    this.compressedSize[i] = compressedSize;
    this.size[i] = size;
    this.localHeaderOffset[i] = localHeaderOffset;
    this.dataOffset[i] = dataOffset;
    this.count++;
    return i;
  }

  /** the name's raw bytes (a view into the pool: do not keep it past the directory) */
  nameBytes(i: number): Uint8Array {
    const s = this.nameStart[i]!;
    return this.pool.subarray(s, s + this.nameLength[i]!);
  }

  /** the central name, decoded as the loaders decode it */
  nameAt(i: number): string {
    return decodeEntryName(this.nameBytes(i), this.flags[i]!);
  }

  localNameAt(i: number): string {
    return this.localNames.get(i) ?? this.nameAt(i);
  }

  /** whether member i's name starts with `ascii` (an ASCII text, as bytes) */
  startsWith(i: number, ascii: Uint8Array): boolean {
    const n = ascii.length;
    if (this.nameLength[i]! < n) return false;
    const s = this.nameStart[i]!;
    const pool = this.pool;
    for (let k = 0; k < n; k++) if (pool[s + k] !== ascii[k]) return false;
    return true;
  }

  /** whether member i's name is exactly `ascii` */
  is(i: number, ascii: Uint8Array): boolean {
    return this.nameLength[i] === ascii.length && this.startsWith(i, ascii);
  }

  /** whether member i's name ends with `ascii` */
  endsWith(i: number, ascii: Uint8Array): boolean {
    const n = ascii.length;
    const len = this.nameLength[i]!;
    if (len < n) return false;
    const s = this.nameStart[i]! + len - n;
    const pool = this.pool;
    for (let k = 0; k < n; k++) if (pool[s + k] !== ascii[k]) return false;
    return true;
  }

  /** the byte at position k of member i's name (k may be negative: from the end), or -1 */
  byteAt(i: number, k: number): number {
    const len = this.nameLength[i]!;
    const at = k < 0 ? len + k : k;
    return at < 0 || at >= len ? -1 : this.pool[this.nameStart[i]! + at]!;
  }

  /** position of the first `byte` in member i's name from `from`, or -1 */
  indexOf(i: number, byte: number, from = 0): number {
    const s = this.nameStart[i]!;
    const len = this.nameLength[i]!;
    const pool = this.pool;
    for (let k = from; k < len; k++) if (pool[s + k] === byte) return k;
    return -1;
  }

  /** whether every name is ASCII (then names are equal exactly when their bytes are) */
  allAscii(): boolean {
    if (this.ascii === null) {
      const pool = this.pool;
      let any = 0;
      for (let k = 0; k < this.poolLength; k++) any |= pool[k]!;
      this.ascii = any < 0x80;
    }
    return this.ascii;
  }

  private ascii: boolean | null = null;

  /** Whether two members share a name, on bytes (exact when every name is ASCII; the caller asks nameAt otherwise); kept. */
  hasDuplicateAsciiNames(): boolean {
    if (this.duplicates === null) {
      const set = new ByteStringSet(this.count, () => this.pool, (i) => this.nameStart[i]!, (i) => this.nameLength[i]!);
      this.duplicates = false;
      for (let i = 0; i < this.count; i++) {
        const s = this.nameStart[i]!;
        if (!set.add(i, s, s + this.nameLength[i]!)) {
          this.duplicates = true;
          break;
        }
      }
    }
    return this.duplicates;
  }

  private duplicates: boolean | null = null;

  /** Whether two names are equal once ASCII A-Z are lowered (miniz's compare), on bytes; the same set as hasDuplicateAsciiNames when no name has a capital. */
  hasFoldedDuplicates(): boolean {
    const pool = this.pool;
    let capitals = false;
    for (let k = 0; k < this.poolLength && !capitals; k++) capitals = pool[k]! >= 0x41 && pool[k]! <= 0x5a;
    if (!capitals) return this.hasDuplicateAsciiNames();
    const folded = pool.slice(0, this.poolLength);
    for (let k = 0; k < folded.length; k++) if (folded[k]! >= 0x41 && folded[k]! <= 0x5a) folded[k] = folded[k]! | 0x20;
    const set = new ByteStringSet(this.count, () => folded, (i) => this.nameStart[i]!, (i) => this.nameLength[i]!);
    for (let i = 0; i < this.count; i++) {
      const s = this.nameStart[i]!;
      if (!set.add(i, s, s + this.nameLength[i]!)) return true;
    }
    return false;
  }

  /**
   * Views of the filled part (the columns were sized by the declared count, which an honest archive
   * gives exactly: a copy would cost ~140 MB of copying and a second set at 2,000,000 members).
   */
  trim(): void {
    const n = this.count;
    this.pool = this.pool.subarray(0, this.poolLength);
    this.nameStart = this.nameStart.subarray(0, n);
    this.nameLength = this.nameLength.subarray(0, n);
    this.flags = this.flags.subarray(0, n);
    this.method = this.method.subarray(0, n);
    this.crc32 = this.crc32.subarray(0, n);
    this.compressedSize = this.compressedSize.subarray(0, n);
    this.size = this.size.subarray(0, n);
    this.localHeaderOffset = this.localHeaderOffset.subarray(0, n);
    this.dataOffset = this.dataOffset.subarray(0, n);
  }

  private grow(): void {
    const n = this.nameLength.length * 2;
    const grown = <T extends Float64Array | Uint16Array | Uint32Array>(a: T, make: (k: number) => T): T => {
      const next = make(n);
      next.set(a);
      return next;
    };
    this.nameStart = grown(this.nameStart, (k) => new Float64Array(k));
    this.nameLength = grown(this.nameLength, (k) => new Uint16Array(k));
    this.flags = grown(this.flags, (k) => new Uint16Array(k));
    this.method = grown(this.method, (k) => new Uint16Array(k));
    this.crc32 = grown(this.crc32, (k) => new Uint32Array(k));
    this.compressedSize = grown(this.compressedSize, (k) => new Float64Array(k));
    this.size = grown(this.size, (k) => new Float64Array(k));
    this.localHeaderOffset = grown(this.localHeaderOffset, (k) => new Float64Array(k));
    this.dataOffset = grown(this.dataOffset, (k) => new Float64Array(k));
  }
}

/** An ASCII text as bytes, or null when it holds another character (it then matches no name's bytes exactly). */
export function asciiBytes(s: string): Uint8Array | null {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return null;
    out[i] = c;
  }
  return out;
}
