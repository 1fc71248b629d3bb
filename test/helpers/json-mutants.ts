/**
 * Mutated JSON texts for comparing two readers of the same format (json-scan.test.ts,
 * inspect-safetensors.test.ts): deterministic, so a failure names a case that can be run again.
 */
import { writeFileSync } from 'node:fs';

/** header bytes as the reference writer lays them out (8-byte length, text, space padding) + data */
export function safetensorsFile(text: string, dataLength: number): Uint8Array {
  const h = new TextEncoder().encode(text + ' '.repeat((8 - (text.length % 8)) % 8));
  const out = new Uint8Array(8 + h.length + dataLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  return out;
}

/** a small deterministic generator */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const INTERESTING = ['"', '\\', ',', ':', '{', '}', '[', ']', '0', '1', '9', '-', '.', 'e', ' ', '\n', '\t', '\u0001', 'é', 'a', '__metadata__', '"dtype"', '"shape"'];

/** `count` texts of 1 to 3 edits each: a character deleted, a piece inserted or written over, a stretch repeated */
export function mutations(base: string, count: number, seed: number, pieces: readonly string[] = INTERESTING): string[] {
  const rnd = lcg(seed);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let t = base;
    const edits = 1 + Math.floor(rnd() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rnd() * t.length);
      const op = Math.floor(rnd() * 4);
      const piece = pieces[Math.floor(rnd() * pieces.length)]!;
      if (op === 0) t = t.slice(0, at) + t.slice(at + 1);
      else if (op === 1) t = t.slice(0, at) + piece + t.slice(at);
      else if (op === 2) t = t.slice(0, at) + piece + t.slice(at + 1);
      else {
        // a stretch of the text repeated: duplicated entries, keys and values
        const len = Math.floor(rnd() * 80);
        t = t.slice(0, at + len) + t.slice(at, at + len) + t.slice(at + len);
      }
    }
    out.push(t);
  }
  return out;
}

export const MUTATION_PIECES: readonly string[] = INTERESTING;

/** A safetensors file of the given tensors (F32 unless named; data all zeros) at `path`: keys and shapes are what a test needs. */
export function zeroSafetensors(path: string, tensors: readonly (readonly [string, readonly number[], string?])[]): string {
  let at = 0;
  const header: Record<string, unknown> = {};
  for (const [k, shape, dtype = 'F32'] of tensors) {
    const n = shape.reduce((a, b) => a * b, 1) * (dtype === 'I64' ? 8 : 4);
    header[k] = { dtype, shape, data_offsets: [at, at + n] };
    at += n;
  }
  writeFileSync(path, safetensorsFile(JSON.stringify(header), at));
  return path;
}
