import { describe, expect, it } from 'vitest';
import { readShardIndex, scanShardIndexColumns } from '../../../src/formats/hf-index.js';
import { latin1, scanAnyForm, scanWriterForm, type SafetensorsColumns } from '../../../src/formats/safetensors/columns.js';
import { TextWindow } from '../../../src/formats/safetensors/text-window.js';
import { safetensorsFile } from '../../helpers/json-mutants.js';

/** A sticky expression tested on the whole text: what a window must agree with. */
function wholeMatch(re: RegExp, text: string, i: number): number {
  re.lastIndex = i;
  return re.test(text) ? re.lastIndex : -1;
}

/** Seeded random numbers (a test that fails must fail again). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('TextWindow', () => {
  // the shapes of the two expressions matched through windows: no anchor, no lookaround, each repeat
  // followed by a character it cannot take
  const expressions = [/"[a-z.]*":\{"n":\[(?:0|[1-9][0-9]{0,3})(?:,(?:0|[1-9][0-9]{0,3})){0,3}\]\}[,}]/y, /[ \n]*"[a-z]*"[ \n]*:[ \n]*"[a-z0-9-]*"[ \n]*[,}]/y];
  const alphabet = ['"', 'a', 'b', '.', ':', '{', '}', '[', ']', ',', '0', '1', '7', ' ', '\n', '"n":', '-'];

  it('matches at every position exactly where the whole text matches, for windows of 1 to 40 bytes', () => {
    const next = random(14);
    for (let round = 0; round < 100; round++) {
      const re = expressions[round % 2]!;
      const good = round % 2 === 0 ? '"ab.c":{"n":[1,20]},' : ' "ab" : "m-01" ,';
      let text = '';
      while (text.length < 120) text += next() < 0.6 ? good : alphabet[Math.floor(next() * alphabet.length)]!;
      const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
      for (const size of [1, 3, 8, 17, 40]) {
        const w = new TextWindow(bytes, size);
        w.moveTo(0);
        // positions in increasing order, as the scans ask
        for (let i = 0; i <= text.length; i++) {
          const want = wholeMatch(re, text, i);
          const got = w.matchAt(re, i) ? re.lastIndex + w.base : -1;
          expect(got, `${JSON.stringify(text)} at ${i}, window ${size}`).toBe(want);
          if (got >= 0) {
            // the window holds the whole match
            expect(w.base).toBeLessThanOrEqual(i);
            expect(w.base + w.text.length).toBeGreaterThanOrEqual(got);
          }
        }
      }
    }
  });
});

/** what a header walk read, in plain values */
function facts(c: SafetensorsColumns | null) {
  if (c === null) return null;
  const tensors = Array.from({ length: c.names.size }, (_, t) => [
    latin1(c.header, c.names.start[t]!, c.names.start[t]! + c.names.length[t]!),
    c.dtype[t],
    Array.from(c.dims.subarray(c.dimsAt[t]!, c.dimsAt[t]! + c.rank[t]!)),
    c.begin[t],
    c.end[t],
  ]);
  return { tensors, metadata: c.metadata && { ...c.metadata } };
}

function headerOf(text: string, dataLength: number): Uint8Array {
  const bytes = safetensorsFile(text, dataLength);
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return bytes.subarray(8, 8 + n);
}

describe('the writer-form walk of a header larger than a window (32 KB)', () => {
  // ~150 KB: entries cross several window ends; one name is longer than a window
  const entries: string[] = [];
  let at = 0;
  for (let k = 0; k < 2000; k++) {
    const name = k === 700 ? `long.${'x'.repeat(70_000)}` : `model.layers.${k}.mlp.weight`;
    entries.push(`"${name}":{"dtype":"F32","shape":[2,${1 + (k % 3)}],"data_offsets":[${at},${at + 8 * (1 + (k % 3))}]}`);
    at += 8 * (1 + (k % 3));
  }
  const text = `{"__metadata__":{"format":"pt"},${entries.join(',')}}`;

  it('reads what the general walk reads', () => {
    const h = headerOf(text, at);
    const fast = facts(scanWriterForm(h, at, Math.floor(h.length / 48) + 1));
    expect(fast).not.toBeNull();
    expect(fast!.tensors).toHaveLength(2000);
    expect(fast).toEqual(facts(scanAnyForm(h, at, Math.floor(h.length / 48) + 1)));
  });

  it('agrees with the general walk when a byte near a window\'s end is changed (and takes none it refuses)', () => {
    const ends = [32 * 1024, 128 * 1024];
    let taken = 0;
    for (const end of ends) {
      for (let p = end - 40; p < end + 40; p += 4) {
        for (const c of ['"', ',', '0', 'x']) {
          const mutant = text.slice(0, p) + c + text.slice(p + 1);
          const h = headerOf(mutant, at);
          const cap = Math.floor(h.length / 48) + 1;
          const fast = facts(scanWriterForm(h, at, cap));
          if (fast === null) continue;
          taken++;
          expect(fast, `${c} at ${p}`).toEqual(facts(scanAnyForm(h, at, cap)));
        }
      }
    }
    // the mutants that keep the header valid (a digit for a digit, a name's letter) are taken
    expect(taken).toBeGreaterThan(10);
  });
});

describe('the shard index scan of an index larger than a window (32 KB)', () => {
  // ~100 KB, as transformers writes it (indent 2, sorted keys), one key longer than a window
  const keys = Array.from({ length: 1500 }, (_, k) => (k === 400 ? `long.${'y'.repeat(40_000)}` : `model.layers.${k}.mlp.weight`)).sort();
  const map = Object.fromEntries(keys.map((k, i) => [k, `model-0000${1 + (i % 3)}-of-00003.safetensors`]));
  const text = JSON.stringify({ metadata: { total_size: 8 }, weight_map: map }, null, 2);
  const scanned = (t: string) => {
    const bytes = new TextEncoder().encode(t);
    const c = scanShardIndexColumns(bytes, 'i.json');
    return c && [...Array(c.keys.size).keys()].map((e) => [latin1(bytes, c.keys.start[e]!, c.keys.start[e]! + c.keys.length[e]!), c.shards[c.shardOf[e]!]]);
  };
  const exact = (t: string) => {
    try {
      return [...readShardIndex(t, 'i.json').weightMap];
    } catch (e) {
      return { error: (e as Error).message };
    }
  };

  it('reads what readShardIndex reads, and agrees with it when a byte near a window\'s end is changed', () => {
    expect(scanned(text)).toHaveLength(1500);
    expect(scanned(text)).toEqual(exact(text));
    let taken = 0;
    for (const end of [32 * 1024, 64 * 1024]) {
      for (let p = end - 40; p < end + 40; p += 4) {
        for (const c of ['"', ',', '}', 'x', ' ']) {
          const mutant = text.slice(0, p) + c + text.slice(p + 1);
          const got = scanned(mutant);
          if (got === null) continue;
          taken++;
          expect(got, `${c} at ${p}`).toEqual(exact(mutant));
        }
      }
    }
    expect(taken).toBeGreaterThan(10);
  });
});
