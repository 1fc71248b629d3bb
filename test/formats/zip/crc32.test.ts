import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/formats/zip/crc32.js';

/** bit-at-a-time reference, independent of the table code */
function slowCrc(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

describe('crc32', () => {
  it('matches the standard check values', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    // zlib.crc32(b'The quick brown fox jumps over the lazy dog')
    expect(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('agrees with a bitwise reference on every length around the 8-byte stride', () => {
    const data = new Uint8Array(300);
    for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 7) & 0xff;
    for (let n = 0; n <= 40; n++) expect(crc32(data.subarray(0, n))).toBe(slowCrc(data.subarray(0, n)));
    expect(crc32(data)).toBe(slowCrc(data));
  });

  it('can be fed in chunks', () => {
    const data = new Uint8Array(10_007);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    let c = 0;
    for (let off = 0; off < data.length; off += 13) c = crc32(data.subarray(off, off + 13), c);
    expect(c).toBe(crc32(data));
    expect(c).toBe(slowCrc(data));
  });
});
