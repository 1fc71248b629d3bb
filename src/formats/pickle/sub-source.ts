import type { ByteSource } from '../byte-source.js';
import { FormatError } from '../errors.js';

/**
 * A window [start, start+length) of another source, seen as a source of its own — for byte strings
 * inside a pickle that are pickles themselves, without copying them out of the file.
 */
export class SubSource implements ByteSource {
  constructor(
    private readonly parent: ByteSource,
    private readonly start: number,
    readonly size: number,
    readonly name: string,
  ) {
    if (start < 0 || size < 0 || start + size > parent.size) {
      throw new Error(`SubSource: ${start}+${size} outside ${parent.name} (${parent.size} bytes)`);
    }
  }

  read(offset: number, length: number): Uint8Array {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + length} but there are ${this.size}`);
    }
    return this.parent.read(this.start + offset, length);
  }

  close(): void {}
}
