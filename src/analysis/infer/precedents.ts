/**
 * Look-alike siblings nothing in their own block tells apart, told apart by how the same names were paired
 * in another block. OpenAI Whisper's decoder block holds `attn` and `cross_attn` (and `attn_ln`,
 * `cross_attn_ln`, `mlp_ln`) where HF's holds `self_attn` and `encoder_attn`: equal shapes, names that share
 * only `attn`, and a side sorted by name, whose order is the alphabet's. But the encoder blocks, which hold
 * one attention each, paired `attn` with `self_attn` by their unique signatures: that pairing of the same
 * relative names is evidence for the decoder's, and the `cross_attn` left is then the `encoder_attn` left.
 * Module alignment (modules.ts) asks this once every block is aligned, for the groups it left open.
 */
import { indexSegmentAt, isIndexSegment, splitKey } from '../key-tokens.js';
import { singleOut } from './single-out.js';
import type { KeyPair } from './types.js';

/** a cost the precedent's pairs have, and one without: apart by more than any margin */
const WITHOUT = 1;

/**
 * What follows each index segment of a key (`decoder.blocks.0.attn.query.weight` → `attn.query.weight`;
 * `layer2.0.downsample.0.weight` → `downsample.0.weight`, `weight`): a block's units may hold a numbered
 * sequence of their own (a downsample's conv and norm), so the block's index need not be the last.
 */
function tailsAfterIndices(key: string): string[] {
  const out: string[] = [];
  for (let at = indexSegmentAt(key); at !== null; at = indexSegmentAt(key, at[1] + 1)) if (at[1] < key.length) out.push(key.slice(at[1] + 1));
  return out;
}

/** The pairs made so far, read as the tails of their two keys: each distinct pairing of tails once (blocks repeat them). */
export class Precedents {
  private tails: [string[], string[]][] | null = null;

  constructor(private readonly pairs: readonly KeyPair[]) {}

  /** Whether some pair made pairs a key whose tail starts with the relative name `a` with one whose tail starts with `b`. */
  has(a: string, b: string): boolean {
    if (this.tails === null) {
      const seen = new Set<string>();
      this.tails = [];
      for (const p of this.pairs) {
        const xs = tailsAfterIndices(p.source);
        const ys = tailsAfterIndices(p.target);
        if (xs.length === 0 || ys.length === 0) continue;
        const id = `${xs[0]}\u0000${ys[0]}`;
        if (seen.has(id)) continue;
        seen.add(id);
        this.tails.push([xs, ys]);
      }
    }
    const pa = `${a}.`;
    const pb = `${b}.`;
    return this.tails.some(([xs, ys]) => xs.some((x) => x.startsWith(pa)) && ys.some((y) => y.startsWith(pb)));
  }
}

/**
 * The units (relative names below their numbered blocks, `attn`, `cross_attn` against `self_attn`,
 * `encoder_attn`) paired one to one where precedents single them out, by elimination (single-out.ts): every
 * unit of both sides paired, at least one pair a precedent's, else null (then they stay listed). Where one
 * side holds more units (Caffe2's `branch1` and `branch2c` of one signature against mmdet's one
 * `downsample`: the conv3 and bn3 that `branch2c` becomes are no unit of their own there), each unit of the smaller
 * side must be a precedent's pair, singled out: the other side's units left over are no part of the group.
 */
export function byPrecedent(sRels: readonly string[], tRels: readonly string[], precedents: Precedents): [number, number][] | null {
  if (Math.max(sRels.length, tRels.length) < 2 || Math.min(sRels.length, tRels.length) < 1) return null;
  // a relative name holding an index (`mlp.0`) is not what follows a key's last index
  if ([...sRels, ...tRels].some((r) => splitKey(r).some(isIndexSegment))) return null;
  const cost = sRels.map((a) => tRels.map((b) => (precedents.has(a, b) ? 0 : WITHOUT)));
  if (!cost.some((row) => row.includes(0))) return null;
  const { pairs, rows, cols } = singleOut(cost, WITHOUT / 2);
  if (sRels.length === tRels.length) return rows.size === 0 ? pairs : null;
  // unequal counts: no elimination (a unit left over may be anything), every pair a precedent's
  const smallerDone = sRels.length < tRels.length ? rows.size === 0 : cols.size === 0;
  return smallerDone && pairs.every(([i, j]) => cost[i]![j] === 0) ? pairs : null;
}
