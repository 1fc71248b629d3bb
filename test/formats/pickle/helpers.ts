import { BufferSource, type ByteSource } from '../../../src/formats/byte-source.js';
import { readPickle, type PickleOptions, type PickleResult } from '../../../src/formats/pickle/machine.js';

/** Bytes from a hex string (spaces ignored). */
export function hex(h: string): Uint8Array {
  const clean = h.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Bytes from a string whose characters are all ≤ 0xFF (protocol-0 text is easiest to write this way). */
export function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new Error(`latin1: char ${c} in test vector`);
    out[i] = c;
  }
  return out;
}

export function concat(...parts: (Uint8Array | string)[]): Uint8Array {
  const arrays = parts.map((p) => (typeof p === 'string' ? latin1(p) : p));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

export function u32le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

export function u64le(n: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, n, true);
  return b;
}

export function run(bytes: Uint8Array | string, options?: PickleOptions, offset = 0): PickleResult {
  const data = typeof bytes === 'string' ? latin1(bytes) : bytes;
  return readPickle(new BufferSource(data, 'test.pkl'), offset, options);
}

/** The value at STOP, failing the test with the machine's own message if there was none. */
export function value(bytes: Uint8Array | string, options?: PickleOptions): unknown {
  const r = run(bytes, options);
  if (r.error) throw r.error;
  return r.value;
}

/** A source that counts reads, to show the machine reads in windows rather than per byte. */
export class CountingSource implements ByteSource {
  reads = 0;
  readonly size: number;
  constructor(private readonly bytes: Uint8Array, readonly name = 'counting.pkl') {
    this.size = bytes.length;
  }
  read(offset: number, length: number): Uint8Array {
    this.reads++;
    if (offset < 0 || offset + length > this.size) throw new Error(`read past end: ${offset}+${length}`);
    return this.bytes.slice(offset, offset + length);
  }
  close(): void {}
}
