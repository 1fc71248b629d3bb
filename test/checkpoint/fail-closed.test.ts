import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openCheckpoint, scanSafety } from '../../src/checkpoint/open.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { INFLATE_FLOOR, INFLATE_RATIO } from '../../src/formats/torch/zip-members.js';
import { buildZip } from '../formats/zip/build-zip.js';

/**
 * Container-level fail-closed rules, on files built here (the hostile corpus proves them against the
 * real loaders): the end record loaders take, every member swept, gaps as `incomplete` with exit 2,
 * deflate bombs refused, tar files scanned.
 */

const dir = mkdtempSync(join(tmpdir(), 'sdmatch-fail-closed-'));
const write = (name: string, bytes: Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
/** `{}` protocol 2 */
const BENIGN = enc('\x80\x02}q\x00.');
/** posix.system('x') */
const EVIL = enc('\x80\x02cposix\nsystem\nX\x01\x00\x00\x00x\x85R.');
/** an npy header for dtype `descr`, then `payload` */
function npy(descr: string, payload: Uint8Array): Uint8Array {
  const header = `{'descr': ${descr}, 'fortran_order': False, 'shape': (1,), }`;
  const h = header + ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  return new Uint8Array([0x93, ...Buffer.from('NUMPY'), 1, 0, h.length & 0xff, h.length >> 8, ...Buffer.from(h, 'latin1'), ...payload]);
}

describe('zip end records', () => {
  it('takes the last end record, as miniz and zipfile do, and scans the other reading too', () => {
    // benign archive whose end-record comment is exactly an evil archive's directory + end record
    const evil = buildZip([{ name: 'archive/data.pkl', data: EVIL }]);
    const benign = buildZip([{ name: 'archive/data.pkl', data: BENIGN }]);
    const eEnd = evil.length - 22;
    const eCdOff = new DataView(evil.buffer).getUint32(eEnd + 16, true);
    const eCd = evil.subarray(eCdOff, eEnd);
    const shiftBy = eCdOff; // benign members go after the evil ones
    const b = new Uint8Array(benign);
    const bEnd = b.length - 22;
    const bCdOff = new DataView(b.buffer).getUint32(bEnd + 16, true);
    const bCd = b.slice(bCdOff, bEnd);
    const dv = new DataView(bCd.buffer);
    dv.setUint32(42, dv.getUint32(42, true) + shiftBy, true);
    const bEndRec = b.slice(bEnd);
    new DataView(bEndRec.buffer).setUint32(16, shiftBy + bCdOff, true);
    new DataView(bEndRec.buffer).setUint16(20, eCd.length + 22, true);
    const eEndRec = evil.slice(eEnd);
    const eCdAt = shiftBy + bCdOff + bCd.length + 22;
    new DataView(eEndRec.buffer).setUint32(16, eCdAt, true);
    new DataView(eEndRec.buffer).setUint16(20, 40, true); // runs past the end of the file
    const file = new Uint8Array([...evil.subarray(0, eCdOff), ...b.subarray(0, bCdOff), ...bCd, ...bEndRec, ...eCd, ...eEndRec]);
    const c = openCheckpoint(write('two-ends.pt', file));
    expect(c.safety.verdict).toBe('dangerous');
    expect(c.safety.globals.some((g) => g.name === 'zip views disagree')).toBe(true);
    expect(c.detail.join('\n')).toMatch(/another end record/);
  });
});

describe('members', () => {
  it('scans npy object payloads in any member, whatever its name, and stray pickles in an npz', () => {
    const named = buildZip([{ name: 'a.npy', data: npy("'<f4'", new Uint8Array(4)) }, { name: 'config.txt', data: npy("'object_'", EVIL) }]);
    expect(scanSafety(write('named.npz', named)).verdict).toBe('dangerous');
    const stray = buildZip([{ name: 'a.npy', data: npy("'<f4'", new Uint8Array(4)) }, { name: 'meta.pkl', data: EVIL }]);
    expect(scanSafety(write('stray.npz', stray)).verdict).toBe('dangerous');
  });

  it('a member it cannot inflate makes the verdict incomplete, and inspect exits 2 with the reason', async () => {
    const z = buildZip([{ name: 'archive/data.pkl', data: BENIGN }, { name: 'archive/extra.bin', data: new Uint8Array(8) }]);
    // rewrite extra.bin's method to 14 (lzma) in both headers
    const bytes = new Uint8Array(z);
    const text = Buffer.from(bytes).toString('latin1');
    for (let at = text.indexOf('archive/extra.bin'); at >= 0; at = text.indexOf('archive/extra.bin', at + 1)) {
      const local = text.lastIndexOf('PK\x03\x04', at);
      const central = text.lastIndexOf('PK\x01\x02', at);
      if (central >= 0 && at - central === 46) new DataView(bytes.buffer).setUint16(central + 10, 14, true);
      else if (at - local === 30) new DataView(bytes.buffer).setUint16(local + 8, 14, true);
    }
    const p = write('lzma-member.pt', bytes);
    expect(scanSafety(p).verdict).toBe('incomplete');
    const r = await runCli(['inspect', p], memoryIO());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/safety verdict incomplete: .*compression method 14/);
    expect(r.stderr.split('\n')).toHaveLength(1);
  });

  it('refuses a deflate bomb without inflating it, and says so as a gap', () => {
    const zeros = new Uint8Array(INFLATE_FLOOR + (1 << 20)); // just over the size below which no ratio is refused
    const packed = deflateSync(zeros, { level: 9 });
    expect(zeros.length / packed.length).toBeGreaterThan(INFLATE_RATIO);
    const z = buildZip([{ name: 'bomb/data.pkl', data: zeros, method: 8 }]);
    const started = process.hrtime.bigint();
    const c = openCheckpoint(write('bomb.pt', z));
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(30); // a hang guard, not a timing
    expect(c.safety.verdict).toBe('incomplete');
    expect(c.safety.globals.find((g) => g.verdict === 'incomplete')!.reason).toMatch(/deflate bomb/);
  });
});

describe('streams torch.load reads', () => {
  it('reads a pickle that starts with an opcode pickles rarely start with', () => {
    expect(scanSafety(write('newtrue.pkl', new Uint8Array([0x88, 0x30, ...EVIL.subarray(2)]))).verdict).toBe('dangerous');
  });

  it('scans a pickle glued in front of a zip, and the zip', () => {
    const z = buildZip([{ name: 'archive/data.pkl', data: EVIL }]);
    const c = openCheckpoint(write('glued.pt', new Uint8Array([...BENIGN, ...z])));
    expect(c.safety.verdict).toBe('dangerous');
    expect(c.detail.join('\n')).toMatch(/also a zip archive/);
  });

  it('scans the pickle members of a tar-format torch file', () => {
    const member = (name: string, data: Uint8Array): Uint8Array => {
      const h = new Uint8Array(512);
      h.set(enc(name), 0);
      h.set(enc('0000644\0'), 100);
      h.set(enc(data.length.toString(8).padStart(11, '0') + '\0'), 124);
      h[156] = 0x30;
      h.set(enc('ustar\x0000'), 257);
      h.fill(0x20, 148, 156);
      const sum = h.reduce((a, b) => a + b, 0);
      h.set(enc(sum.toString(8).padStart(6, '0') + '\0 '), 148);
      const pad = new Uint8Array((512 - (data.length % 512)) % 512);
      return new Uint8Array([...h, ...data, ...pad]);
    };
    const tar = new Uint8Array([...member('storages', enc('\x80\x02K\x00.\x80\x02].')), ...member('tensors', enc('\x80\x02K\x00.')), ...member('pickle', EVIL), ...new Uint8Array(1024)]);
    const c = openCheckpoint(write('old.tar', tar));
    expect(c.format).toBe('legacy-torch');
    expect(c.safety.verdict).toBe('dangerous');
    expect(c.safety.globals.find((g) => g.verdict === 'dangerous')!.where).toBe('pickle');
  });
});

describe('nested loaders whose payload is not found (review 21 F8)', () => {
  it('calls a torch.storage._load_from_bytes of a value that is not bytes incomplete, naming the loader', () => {
    // _load_from_bytes([]): io.BytesIO takes any buffer (an ndarray of pickle bytes in the review's probe)
    const s = scanSafety(write('lfb.pkl', enc('\x80\x02ctorch.storage\n_load_from_bytes\n]\x85R.')));
    expect(s.verdict).toBe('incomplete');
    expect(JSON.stringify(s)).toMatch(/torch\.storage\._load_from_bytes of a list, not a byte string in the file/);
  });
});
