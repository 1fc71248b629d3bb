/**
 * Renames found where a side gives no shapes (keys named by an error text) rest on names and order
 * alone, so they must rest on names: each way the two names differ (a hunk, segment-diff.ts) must
 * read alike (`attn.q` → `attention.query`, `world_classifier` → `map_classifier`), or be the same
 * change another such pair makes beside a hunk that does (`layer` → `blocks` in
 * `encoder.layer.0.norm.weight` once `encoder.layer.0.attn.q.weight` is `encoder.blocks.0.attention.query.weight`).
 * Numbers alone never count: `features.15.weight` → `features.14.weight` (or `conv1` → `conv5`) is
 * renumbering by position, which is what another model depth looks like, not a rename.
 */
import { isIndexSegment, splitKey, templateOf, wordsOf } from '../key-tokens.js';
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
const WRAPPER_SEGMENTS: ReadonlySet<string> = new Set(WRAPPER_PREFIXES.flatMap((w) => splitKey(w.prefix).filter((x) => x !== '')));

const words = (segs: readonly string[]) => segs.filter((s) => !isIndexSegment(s)).flatMap(wordsOf);
const shape = (segs: readonly string[]) => segs.map((s) => (isIndexSegment(s) ? '{}' : s)).join('.');

function hunksOf(source: string, target: string): HunkText[] {
  const a = splitKey(source);
  const b = splitKey(target);
  return segmentHunks(a, b).map((h) => {
    const x = a.slice(h.from, h.to);
    const y = b.slice(h.tFrom, h.tTo);
    // names equal once their digits (and a wrapper's `module.`) are gone (`conv1` → `conv5`,
    // `module.layer_1` → `layer_3`) differ in a number alone
    const digitless = (segs: readonly string[]) => segs.filter((seg) => !WRAPPER_SEGMENTS.has(seg)).join('.').replace(/\d+/g, '#');
    return { id: `${shape(x)}\u0000${shape(y)}`, alike: wordSimilarity(words(x), words(y)) > 0 && digitless(x) !== digitless(y) };
  });
}

/**
 * Whether every entry of a side has a shape (no key of it named by an error text alone): pairs of keys such
 * sides hold are none of them shapeless, so requireNameEvidence keeps them all and refuses none.
 */
export function allShaped(side: ReadonlyMap<string, Located>): boolean {
  for (const e of side.values()) if (e.shape == null) return false;
  return true;
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

/**
 * Exact-name pairs that a regrouped sequence makes weak: the key sits in a numbered container that the
 * model holds fewer of (`layers.{0,1,2}` against `layers.{0}`) inside a module to which the model adds
 * children the checkpoint's lacks (`proj_in`, `proj_out`): the sequence was split into named ends and a
 * shorter middle (transformers' SamFeedForward: original `layers.0..2` are `proj_in`, `layers.0`,
 * `proj_out`), so `layers.0` is the same name for another tensor. Such pairs wait for structure, as
 * pairs whose shapes clash do (correspond.ts), and stand if nothing else claims their keys.
 */
export function regroupedExact(pairs: readonly KeyPair[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>): Set<KeyPair> {
  const out = new Set<KeyPair>();
  // a container the model holds fewer of leaves a checkpoint key of it without its exact name: when every
  // checkpoint key has one (or none has), nothing is regrouped, and no key need be read
  if (pairs.length === 0 || pairs.length === source.size) return out;
  // the numbered containers the pairs sit in (`…mlps.0.layers` of `…mlps.0.layers.0.weight`), by the module holding them
  const containers = new Map<string, string>();
  for (const p of pairs) {
    const segs = splitKey(p.source);
    for (let i = 1; i < segs.length; i++) if (isIndexSegment(segs[i]!)) containers.set(segs.slice(0, i).join('.'), segs.slice(0, i - 1).join('.'));
  }
  const parents = [...new Set(containers.values())];
  // read per key against each holding module: a few at most in real layouts; past that, left to shapes alone
  if (parents.length === 0 || parents.length > REGROUPED_MAX_PARENTS) return out;
  // per holding module, its child names; per container, the indices under it
  const read = (keys: Iterable<string>) => {
    const children = new Map<string, Set<string>>(parents.map((x) => [x, new Set<string>()]));
    const indices = new Map<string, Set<string>>();
    // the container (`parent.child`) the previous key of each parent was in: keys in state-dict order share it
    const last = parents.map(() => '');
    for (const k of keys) {
      for (const [n, parent] of parents.entries()) {
        const from = parent === '' ? 0 : parent.length + 1;
        if (parent !== '' && !(k.startsWith(parent) && k.charCodeAt(parent.length) === 46)) continue;
        const dot = k.indexOf('.', from);
        if (dot < 0) continue;
        let container = last[n]!;
        if (container.length !== dot || !k.startsWith(container)) {
          container = last[n] = k.slice(0, dot);
          children.get(parent)!.add(k.slice(from, dot));
        }
        if (!containers.has(container)) continue;
        const end = k.indexOf('.', dot + 1);
        const seg = k.slice(dot + 1, end < 0 ? k.length : end);
        if (isIndexSegment(seg)) (indices.get(container) ?? indices.set(container, new Set()).get(container)!).add(seg);
      }
    }
    return { children, indices };
  };
  const s = read(source.keys());
  const t = read(target.keys());
  const regrouped = new Set<string>();
  for (const [container, parent] of containers) {
    const sIdx = s.indices.get(container);
    const tIdx = t.indices.get(container);
    // the shorter middle is numbered afresh from 0 (SAM: `layers.0`); a model container that keeps some of
    // the checkpoint's own numbers past a gap (`ist.1`, `ist.2` without `ist.0`) is not a regrouped sequence
    if (!sIdx || !tIdx || tIdx.size >= sIdx.size || ![...tIdx].every((x) => sIdx.has(x) && Number(x) < tIdx.size)) continue;
    const mine = s.children.get(parent)!;
    if ([...t.children.get(parent)!].some((c) => !mine.has(c))) regrouped.add(container);
  }
  if (regrouped.size === 0) return out;
  for (const p of pairs) {
    const segs = splitKey(p.source);
    for (let i = 1; i < segs.length; i++) {
      if (isIndexSegment(segs[i]!) && regrouped.has(segs.slice(0, i).join('.'))) {
        out.add(p);
        break;
      }
    }
  }
  return out;
}

/** above this many modules holding the exact pairs' numbered containers, regroupedExact reads nothing */
const REGROUPED_MAX_PARENTS = 64;
