import type { ByteSource } from '../byte-source.js';
import { FormatError } from '../errors.js';
import type { ByteLocation } from '../tensor.js';

/**
 * Where a pickle's bytes live, so that offsets inside it (numpy payloads, nested legacy streams) can be
 * handed out as file locations: a range of the user's file when the bytes are stored plainly, or an
 * in-memory buffer when they had to be inflated.
 */
export interface Region {
  src: ByteSource;
  /** the location of `length` bytes at `offset` within `src` */
  locate(offset: number, length: number): ByteLocation;
}

/** A window onto part of another source: a stored zip entry or bytes embedded in a pickle, read in place. */
export class SliceSource implements ByteSource {
  constructor(
    private readonly base: ByteSource,
    private readonly start: number,
    readonly size: number,
    readonly name: string = base.name,
  ) {
    if (start < 0 || size < 0 || start + size > base.size) {
      throw new FormatError(base.name, `truncated: needs bytes ${start}..${start + size} but the file has ${base.size} bytes`);
    }
  }

  read(offset: number, length: number): Uint8Array {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + length} of a ${this.size}-byte range at ${this.start}`);
    }
    return this.base.read(this.start + offset, length);
  }

  close(): void {}
}

/** The whole user file (or a stored range of it at `base`): locations are raw file offsets. */
export function fileRegion(src: ByteSource, file: string, base = 0): Region {
  return { src, locate: (offset, length) => ({ kind: 'raw', file, offset: base + offset, length }) };
}

/** Bytes that exist only in memory (an inflated entry, a pickle-embedded byte string). */
export function memoryRegion(src: ByteSource & { bytes: Uint8Array }): Region {
  return { src, locate: (offset, length) => ({ kind: 'memory', bytes: src.bytes.subarray(offset, offset + length) }) };
}
