/**
 * Look-alike siblings nothing in their own block tells apart, told apart by how the same names were paired
 * in another block. OpenAI Whisper's decoder block holds `attn` and `cross_attn` (and `attn_ln`,
 * `cross_attn_ln`, `mlp_ln`) where HF's holds `self_attn` and `encoder_attn`: equal shapes, names that share
 * only `attn`, and a side sorted by name, whose order is the alphabet's. But the encoder blocks, which hold
 * one attention each, paired `attn` with `self_attn` by their unique signatures: that pairing of the same
 * relative names is evidence for the decoder's, and the `cross_attn` left is then the `encoder_attn` left.
 * Module alignment (modules.ts) asks this once every block is aligned, for the groups it left open.
 */
import { indexSegmentAt, isIndexSegment } from '../key-tokens.js';
import { singleOut } from './single-out.js';
import type { KeyPair } from './types.js';

/** a cost the precedent's pairs have, and one without: apart by more than any margin */
const WITHOUT = 1;

/** What follows a key's last index segment (`decoder.blocks.0.attn.query.weight` → `attn.query.weight`), null when it has none. */
function tailAfterIndex(key: string): string | null {
  let end = -1;
  for (let at = indexSegmentAt(key); at !== null; at = indexSegmentAt(key, at[1] + 1)) end = at[1];
  return end < 0 || end >= key.length ? null : key.slice(end + 1);
}

/** The pairs made so far, read as the tails of their two keys: each distinct pairing of tails once (blocks repeat them). */
export class Precedents {
  private tails: [string, string][] | null = null;

  constructor(private readonly pairs: readonly KeyPair[]) {}

  /** Whether some pair made pairs a key whose tail starts with the relative name `a` with one whose tail starts with `b`. */
  has(a: string, b: string): boolean {
    if (this.tails === null) {
      const seen = new Set<string>();
      this.tails = [];
      for (const p of this.pairs) {
        const x = tailAfterIndex(p.source);
        const y = tailAfterIndex(p.target);
        if (x === null || y === null || seen.has(`${x}\u0000${y}`)) continue;
        seen.add(`${x}\u0000${y}`);
        this.tails.push([x, y]);
      }
    }
    const pa = `${a}.`;
    const pb = `${b}.`;
    return this.tails.some(([x, y]) => x.startsWith(pa) && y.startsWith(pb));
  }
}

/**
 * The units (relative names below their numbered blocks, `attn`, `cross_attn` against `self_attn`,
 * `encoder_attn`) paired one to one where precedents single them out, by elimination (single-out.ts): every
 * unit of both sides paired, at least one pair a precedent's, else null (then they stay listed).
 */
export function byPrecedent(sRels: readonly string[], tRels: readonly string[], precedents: Precedents): [number, number][] | null {
  if (sRels.length < 2 || sRels.length !== tRels.length) return null;
  // a relative name holding an index (`mlp.0`) is not what follows a key's last index
  if ([...sRels, ...tRels].some((r) => r.split('.').some(isIndexSegment))) return null;
  const cost = sRels.map((a) => tRels.map((b) => (precedents.has(a, b) ? 0 : WITHOUT)));
  if (!cost.some((row) => row.includes(0))) return null;
  const { pairs, rows } = singleOut(cost, WITHOUT / 2);
  return rows.size === 0 ? pairs : null;
}
