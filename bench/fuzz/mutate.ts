import { Op } from '../../src/formats/pickle/opcodes.js';

/**
 * Seeded mutations of a fixture's bytes, the kinds a corrupt download, a truncated copy or a crafted
 * file produce: byte flips, truncations, insertions, edits of zip record fields (sizes, counts,
 * offsets, name lengths, methods), pickle opcode swaps inside the pickle stream, and edits of the
 * length, index or count argument after a pickle opcode (string lengths, memo indexes, frame sizes). The same
 * (fixture, seed) always gives the same mutant, so every finding can be replayed.
 */

export const MUTATION_KINDS = ['flip', 'truncate', 'insert', 'zip-field', 'pickle-opcode', 'pickle-argument'] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutant {
  bytes: Uint8Array;
  kind: MutationKind;
  /** what was done, for replaying a finding by eye */
  detail: string;
}

/** mulberry32: small, fast, good enough to pick offsets */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: () => number, n: number): number => Math.floor(r() * n);

/** record signature → [field offset, width] worth corrupting */
const ZIP_FIELDS: [number, [number, 2 | 4][]][] = [
  // local header: method, crc, compressed size, size, name length, extra length
  [0x04034b50, [[8, 2], [14, 4], [18, 4], [22, 4], [26, 2], [28, 2]]],
  // central header: flags, method, crc, compressed size, size, name/extra/comment lengths, local header offset
  [0x02014b50, [[8, 2], [10, 2], [16, 4], [20, 4], [24, 4], [28, 2], [30, 2], [32, 2], [42, 4]]],
  // end record: disk numbers, entry counts, directory size and offset, comment length
  [0x06054b50, [[4, 2], [8, 2], [10, 2], [12, 4], [16, 4], [20, 2]]],
  // zip64 end record (counts and offsets as low words) and its locator
  [0x06064b50, [[24, 4], [32, 4], [40, 4], [48, 4]]],
  [0x07064b50, [[8, 4], [16, 4]]],
];

const OPCODES = Object.values(Op);

/** opcodes followed by a little-endian length, index or count, and its width */
const ARGUMENT_OPCODES: ReadonlyMap<number, 1 | 4 | 8> = new Map([
  [Op.BINUNICODE, 4], [Op.BINSTRING, 4], [Op.BINBYTES, 4], [Op.LONG_BINGET, 4], [Op.LONG_BINPUT, 4], [Op.BININT, 4], [Op.LONG4, 4],
  [Op.SHORT_BINUNICODE, 1], [Op.SHORT_BINSTRING, 1], [Op.SHORT_BINBYTES, 1], [Op.BINGET, 1], [Op.BINPUT, 1], [Op.BININT1, 1], [Op.LONG1, 1], [Op.EXT1, 1],
  [Op.FRAME, 8], [Op.BINUNICODE8, 8], [Op.BINBYTES8, 8], [Op.BYTEARRAY8, 8],
]);

/** where pickle streams start: PROTO followed by a protocol number */
function pickleStarts(b: Uint8Array): number[] {
  const starts: number[] = [];
  for (let i = 0; i + 1 < b.length; i++) if (b[i] === Op.PROTO && b[i + 1]! <= 5) starts.push(i);
  return starts;
}

export function mutate(input: Uint8Array, seed: number, kind: MutationKind = MUTATION_KINDS[seed % MUTATION_KINDS.length]!): Mutant {
  const r = rng(seed);
  const b = new Uint8Array(input);
  const n = b.length;
  switch (kind) {
    case 'flip': {
      const count = 1 + int(r, 8);
      const at: number[] = [];
      for (let k = 0; k < count && n > 0; k++) {
        const i = int(r, n);
        b[i] = b[i]! ^ (1 + int(r, 255));
        at.push(i);
      }
      return { bytes: b, kind, detail: `flipped bytes at ${at.join(',')}` };
    }
    case 'truncate': {
      const keep = int(r, n);
      return { bytes: b.subarray(0, keep), kind, detail: `truncated to ${keep} of ${n} bytes` };
    }
    case 'insert': {
      const at = int(r, n + 1);
      const len = 1 + int(r, r() < 0.8 ? 16 : 4096);
      const extra = new Uint8Array(len);
      for (let k = 0; k < len; k++) extra[k] = int(r, 256);
      const out = new Uint8Array(n + len);
      out.set(b.subarray(0, at), 0);
      out.set(extra, at);
      out.set(b.subarray(at), at + len);
      return { bytes: out, kind, detail: `inserted ${len} bytes at ${at}` };
    }
    case 'zip-field': {
      const records: [number, [number, 2 | 4][]][] = [];
      for (let i = 0; i + 4 <= n; i++) {
        if (b[i] !== 0x50 || b[i + 1] !== 0x4b) continue;
        const sig = b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
        const fields = ZIP_FIELDS.find(([s]) => s === sig >>> 0);
        if (fields) records.push([i, fields[1]]);
      }
      if (records.length === 0) return mutate(input, seed, 'flip');
      const [at, fields] = records[int(r, records.length)]!;
      const [off, width] = fields[int(r, fields.length)]!;
      const pos = at + off;
      if (pos + width > n) return mutate(input, seed, 'truncate');
      const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const old = width === 2 ? view.getUint16(pos, true) : view.getUint32(pos, true);
      const max = width === 2 ? 0xffff : 0xffffffff;
      const choices = [0, 1, max, max - 1, old + 1, old - 1, old * 2, old >>> 1, int(r, max + 1), n, n - at];
      const value = (choices[int(r, choices.length)]! >>> 0) & max;
      if (width === 2) view.setUint16(pos, value, true);
      else view.setUint32(pos, value, true);
      return { bytes: b, kind, detail: `zip field at ${pos} (record at ${at} +${off}): ${old} -> ${value}` };
    }
    case 'pickle-opcode': {
      const starts = pickleStarts(b);
      if (starts.length === 0) return mutate(input, seed, 'flip');
      const start = starts[int(r, starts.length)]!;
      const span = Math.min(n - start, 4096);
      const edits: string[] = [];
      for (let k = 0, count = 1 + int(r, 3); k < count; k++) {
        const i = start + int(r, span);
        if (r() < 0.5 && i + 1 < n) {
          [b[i], b[i + 1]] = [b[i + 1]!, b[i]!];
          edits.push(`swapped ${i},${i + 1}`);
        } else {
          const op = OPCODES[int(r, OPCODES.length)]!;
          edits.push(`${i}: ${b[i]} -> opcode ${op}`);
          b[i] = op;
        }
      }
      return { bytes: b, kind, detail: `pickle at ${start}: ${edits.join('; ')}` };
    }
    case 'pickle-argument': {
      // bytes inside a pickle that look like an argument-taking opcode (some are data: that is fine)
      const sites: [number, 1 | 4 | 8][] = [];
      for (const start of pickleStarts(b)) {
        for (let i = start; i < Math.min(n, start + (1 << 16)); i++) {
          const width = ARGUMENT_OPCODES.get(b[i]!);
          if (width !== undefined && i + 1 + width <= n) sites.push([i, width]);
        }
      }
      if (sites.length === 0) return mutate(input, seed, 'flip');
      const [at, width] = sites[int(r, sites.length)]!;
      const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const choices = width === 1 ? [0, 1, 0x7f, 0x80, 0xff] : [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, n, n * 2];
      const value = choices[int(r, choices.length)]!;
      if (width === 1) b[at + 1] = value & 0xff;
      else if (width === 4) view.setUint32(at + 1, value >>> 0, true);
      else view.setBigUint64(at + 1, r() < 0.3 ? 0xffffffffffffffffn : BigInt(value >>> 0), true);
      return { bytes: b, kind, detail: `argument of opcode ${b[at]} at ${at} (${width} bytes) set to ${value}` };
    }
  }
}
