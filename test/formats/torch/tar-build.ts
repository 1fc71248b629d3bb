import { concat, latin1 as enc } from '../pickle/helpers.js';

export { concat, enc };

/** Tar bytes built field by field, for the tests of tarfile's reading (review 21 F1–F3); nothing here is read from disk. */

export interface HeaderOpts {
  type?: string;
  linkname?: string;
  /** raw bytes for the size field (12 bytes at 124), instead of the octal of the data length */
  sizeField?: string;
  /** how the checksum field is written: octal of the unsigned sum (tar's own), of the signed sum, or led by a NUL */
  chksum?: 'unsigned' | 'signed' | 'nul-led';
}

/** One 512-byte header block for a member of `size` bytes. */
export function header(name: string | Uint8Array, size: number, o: HeaderOpts = {}): Uint8Array {
  const h = new Uint8Array(512);
  h.set(typeof name === 'string' ? enc(name) : name, 0);
  h.set(enc('0000644\0'), 100);
  h.set(enc(o.sizeField ?? `${size.toString(8).padStart(11, '0')}\0`), 124);
  h[156] = (o.type ?? '0').charCodeAt(0);
  if (o.linkname) h.set(enc(o.linkname), 157);
  h.set(enc('ustar\x0000'), 257);
  let unsigned = 256;
  let signed = 256;
  for (let i = 0; i < 512; i++) {
    if (i >= 148 && i < 156) continue;
    unsigned += h[i]!;
    signed += h[i]! > 127 ? h[i]! - 256 : h[i]!;
  }
  const sum = o.chksum === 'signed' ? signed : unsigned;
  h.set(enc(o.chksum === 'nul-led' ? `\0${sum.toString(8).padStart(6, '0')}` : `${sum.toString(8).padStart(6, '0')}\0 `), 148);
  return h;
}

/** A header, its data and the padding to the next block. */
export function member(name: string | Uint8Array, data: Uint8Array, o: HeaderOpts = {}): Uint8Array {
  return concat(header(name, data.length, o), data, new Uint8Array((512 - (data.length % 512)) % 512));
}

/** A pax extended header (`x`) holding `records` ("key=value"), for the member after it. */
export function pax(records: string[]): Uint8Array {
  const body = records
    .map((r) => {
      let n = r.length + 3;
      while (`${n} ${r}\n`.length !== n) n = `${n} ${r}\n`.length;
      return `${n} ${r}\n`;
    })
    .join('');
  return member('././@PaxHeader', enc(body), { type: 'x' });
}

/** the two zero blocks that end an archive */
export const END = new Uint8Array(1024);
