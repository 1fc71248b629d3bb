/**
 * Renames found where a side gives no shapes (keys named by an error text) rest on names and order
 * alone, so they must rest on names: each way the two names differ (a hunk, segment-diff.ts) must
 * read alike (`attn.q` → `attention.query`, `world_classifier` → `map_classifier`), or be the same
 * change another such pair makes beside a hunk that does (`layer` → `blocks` in
 * `encoder.layer.0.norm.weight` once `encoder.layer.0.attn.q.weight` is `encoder.blocks.0.attention.query.weight`).
 * Numbers alone never count: `features.15.weight` → `features.14.weight` (or `conv1` → `conv5`) is
 * renumbering by position, which is what another model depth looks like, not a rename.
 */
import { isIndexSegment, templateOf, wordsOf } from '../key-tokens.js';
import { segmentHunks } from './segment-diff.js';
import { WRAPPER_PREFIXES } from '../key-roles.js';
import { wordSimilarity } from './similarity.js';
import type { KeyPair, Located } from './types.js';

interface HunkText {
  /** the change with indices as placeholders: `layer→blocks` */
  id: string;
  /** the two sides' words (no indices) share a word */
  alike: boolean;
}

/** the segments wrappers add (`module`, `_orig_mod`): key-roles.ts's WRAPPER_PREFIXES, one segment each */
const WRAPPER_SEGMENTS: ReadonlySet<string> = new Set(WRAPPER_PREFIXES.flatMap((w) => w.prefix.split('.').filter((x) => x !== '')));

const words = (segs: readonly string[]) => segs.filter((s) => !isIndexSegment(s)).flatMap(wordsOf);
const shape = (segs: readonly string[]) => segs.map((s) => (isIndexSegment(s) ? '{}' : s)).join('.');

function hunksOf(source: string, target: string): HunkText[] {
  const a = source.split('.');
  const b = target.split('.');
  return segmentHunks(a, b).map((h) => {
    const x = a.slice(h.from, h.to);
    const y = b.slice(h.tFrom, h.tTo);
    // names equal once their digits (and a wrapper's `module.`) are gone (`conv1` → `conv5`,
    // `module.layer_1` → `layer_3`) differ in a number alone
    const digitless = (segs: readonly string[]) => segs.filter((seg) => !WRAPPER_SEGMENTS.has(seg)).join('.').replace(/\d+/g, '#');
    return { id: `${shape(x)}\u0000${shape(y)}`, alike: wordSimilarity(words(x), words(y)) > 0 && digitless(x) !== digitless(y) };
  });
}

const shapeless = (pair: KeyPair, source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>) =>
  source.get(pair.source)?.shape == null || target.get(pair.target)?.shape == null;

/**
 * The pairs that may stand: those with shapes on both sides as they are, the shapeless ones only when
 * their names bear them out. `refused` are the shapeless pairs names do not support.
 */
export function requireNameEvidence(
  pairs: readonly KeyPair[],
  source: ReadonlyMap<string, Located>,
  target: ReadonlyMap<string, Located>,
): { kept: KeyPair[]; refused: KeyPair[] } {
  const hunks = new Map<KeyPair, HunkText[]>();
  const corroborated = new Set<string>();
  for (const p of pairs) {
    if (!shapeless(p, source, target)) continue;
    const hs = hunksOf(p.source, p.target);
    hunks.set(p, hs);
    if (hs.some((h) => h.alike)) for (const h of hs) corroborated.add(h.id);
  }
  const kept: KeyPair[] = [];
  const refused: KeyPair[] = [];
  for (const p of pairs) {
    const hs = hunks.get(p);
    if (!hs || (hs.length > 0 && hs.every((h) => h.alike || corroborated.has(h.id)))) kept.push(p);
    else refused.push(p);
  }
  return { kept, refused };
}

/**
 * A source key and a target key equal but for their indices (`features.15.weight`,
 * `features.14.weight`), when such a pair is among what stays apart: the layers are numbered
 * otherwise — another depth or configuration — and pairing them by position would be a guess.
 */
export function renumberedPair(leftover: readonly string[], unmapped: readonly string[]): { source: string; target: string } | null {
  const byTemplate = new Map<string, string>();
  for (const t of unmapped) {
    const { template, indices } = templateOf(t);
    if (indices.length > 0 && !byTemplate.has(template)) byTemplate.set(template, t);
  }
  for (const s of leftover) {
    const t = byTemplate.get(templateOf(s).template);
    if (t !== undefined) return { source: s, target: t };
  }
  return null;
}
