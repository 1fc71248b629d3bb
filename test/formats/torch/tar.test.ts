import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCheckpoint, scanSafety } from '../../../src/checkpoint/open.js';
import { nti } from '../../../src/formats/tar-header.js';
import { concat, enc, END, header, member, pax } from './tar-build.js';

/**
 * Review 21 F1–F3: a file is a tar exactly when CPython's tarfile opens it, and its members are the
 * ones tarfile lists; torch.load falls back to pickle.load from byte 0 when tarfile refuses it. Each
 * file here is built so that a reading other than tarfile's scans a benign pickle while torch runs
 * `posix.system`.
 */

const dir = mkdtempSync(join(tmpdir(), 'sdmatch-tar-'));
let n = 0;
const write = (bytes: Uint8Array): string => {
  const p = join(dir, `f${n++}.pt`);
  writeFileSync(p, bytes);
  return p;
};
const EVIL = enc('\x80\x02cposix\nsystem\nX\x01\x00\x00\x00x\x85R.');
const DICT_X7 = enc('\x80\x02}q\x00X\x01\x00\x00\x00xK\x07s.');
const STORAGES = enc('\x80\x02K\x00.\x80\x02].');
const TENSORS = enc('\x80\x02K\x00.');
/** the three members torch's legacy_load reads, `pickle` holding `last` */
const torchMembers = (last: Uint8Array): Uint8Array => concat(member('storages', STORAGES), member('tensors', TENSORS), member('pickle', last));
const verdict = (bytes: Uint8Array): string => scanSafety(write(bytes)).verdict;

describe("tarfile's header reading (F1)", () => {
  it('reads number fields as nti does: up to the first NUL, stripped, base 8 with Python int() forms, base-256', () => {
    const field = (s: string | number[]): Uint8Array => {
      const b = new Uint8Array(12);
      b.set(typeof s === 'string' ? enc(s) : s, 0);
      return b;
    };
    expect(nti(field('0002000\0'), 0, 12)).toBe(1024n);
    expect(nti(field('\x000002000'), 0, 12)).toBe(0n); // cut at the first NUL, not skipped
    expect(nti(field(' 17 '), 0, 12)).toBe(15n);
    expect(nti(field('0o_17'), 0, 12)).toBe(15n);
    expect(nti(field('-1_7'), 0, 12)).toBe(-15n);
    expect(nti(field('1__7'), 0, 12)).toBeNull();
    expect(nti(field('18'), 0, 12)).toBeNull();
    expect(nti(field([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0]), 0, 12)).toBe(1024n);
    expect(nti(field([0xff, ...new Array<number>(11).fill(0xff)]), 0, 12)).toBe(-1n);
  });

  it('takes a header whose checksum is the signed byte sum (tarfile accepts both)', () => {
    const benign = concat(member(enc('\x80\x02}.'), new Uint8Array(0), { chksum: 'signed' }), torchMembers(DICT_X7), END);
    expect(openCheckpoint(write(benign)).format).toBe('legacy-torch');
    expect(verdict(concat(member(enc('\x80\x02}.'), new Uint8Array(0), { chksum: 'signed' }), torchMembers(EVIL), END))).toBe('dangerous');
  });

  it('takes a first header whose name starts with NUL (tarfile refuses only an all-zero block)', () => {
    expect(verdict(concat(header('', 0, { type: '5' }), torchMembers(EVIL), END))).toBe('dangerous');
  });

  it('reads byte 0 as the pickle when the checksum field starts with NUL (tarfile reads checksum 0 and refuses)', () => {
    expect(verdict(concat(member(EVIL, new Uint8Array(0), { chksum: 'nul-led' }), torchMembers(DICT_X7), END))).toBe('dangerous');
  });

  it('reads a tar whose first name is a zip end record as a tar (torch wants PK\\3\\4 for a zip)', () => {
    expect(verdict(concat(member('PK\x05\x06', new Uint8Array(0)), torchMembers(EVIL), END))).toBe('dangerous');
  });

  it('reads byte 0 as the pickle when tarfile refuses the archive after its first header (a member past the end)', () => {
    expect(verdict(concat(header(EVIL, 4096), new Uint8Array(512)))).toBe('dangerous');
  });
});

describe('tar members of other types (F2)', () => {
  it('scans the target of a hard link named storages as storages', () => {
    const bytes = concat(member('blob', EVIL), member('tensors', TENSORS), member('pickle', DICT_X7), header('storages', 0, { type: '1', linkname: 'blob' }), END);
    const s = scanSafety(write(bytes));
    expect(s.verdict).toBe('dangerous');
    expect(s.globals.find((g) => g.verdict === 'dangerous')!.where).toMatch(/storages \(a link to blob\)/);
  });

  it('scans the target of a symlink named pickle', () => {
    expect(verdict(concat(member('storages', STORAGES), member('tensors', TENSORS), member('x', EVIL), header('pickle', 0, { type: '2', linkname: 'x' }), END))).toBe('dangerous');
  });

  it('calls a link out of the archive incomplete', () => {
    const s = scanSafety(write(concat(header('storages', 0, { type: '2', linkname: '/tmp/outside.pkl' }), member('tensors', TENSORS), member('pickle', DICT_X7), END)));
    expect(s.verdict).toBe('incomplete');
  });

  it('reads a member of a type tarfile does not know as a file', () => {
    expect(verdict(concat(member('storages', STORAGES), member('tensors', TENSORS), member('pickle', EVIL, { type: 'Z' }), END))).toBe('dangerous');
  });

  it('does not skip data after a link (tarfile skips data of regular and unknown types only)', () => {
    // the link claims 512 bytes of data; tarfile reads the next header right after it
    const bytes = concat(member('storages', STORAGES), member('tensors', TENSORS), header('l', 512, { type: '1', linkname: 'tensors' }), member('pickle', EVIL), END);
    expect(verdict(bytes)).toBe('dangerous');
  });
});

describe('member sizes as tarfile reads them (F3)', () => {
  it('applies a pax size= record and recomputes where the next header is', () => {
    const hidden = concat(member('pickle', enc('\x80\x02}q\x00.')), new Uint8Array(512));
    const bytes = concat(member('storages', STORAGES), member('tensors', TENSORS), pax(['size=1536']), header('skip', 0), hidden, member('pickle', EVIL), END);
    expect(verdict(bytes)).toBe('dangerous');
  });

  it('reads a size field that starts with NUL as 0', () => {
    const bytes = concat(header('skip', 0, { sizeField: '\x000002000\0\0\0\0' }), member('storages', EVIL), member('tensors', TENSORS), member('pickle', DICT_X7), END);
    expect(verdict(bytes)).toBe('dangerous');
  });

  it('refuses a global pax header that renames or resizes members (incomplete)', () => {
    const g = member('pax_global_header', enc('21 path=storages_real\n'), { type: 'g' });
    expect(verdict(concat(g, torchMembers(DICT_X7), END))).toBe('incomplete');
  });
});
