/**
 * Top-level modules renamed whole: a checkpoint container whose keys, once its first segment is taken
 * off, are exactly the keys of one model container with its first segment taken off (`encoder.0.conv.weight`
 * … → `backbone.0.conv.weight` …, `decoder.0.*` → `neck.0.*`), and no other container on either side
 * has that same set. Everything below the first segment agrees key for key, so the set is the
 * evidence; the renamed word itself need not read alike (`encoder` → `backbone`), which is why this
 * is not a similarity match and why error texts, which give no shapes, can rest on it. Two containers
 * with the same set on a side (a teacher and a student) leave both unpaired: nothing tells them apart.
 * Where both sides give shapes, every pair must correspond by shape too.
 */
import { CONFIDENCE } from './confidence.js';
import { canCorrespond } from './shapes.js';
import { isCounter } from '../key-roles.js';
import type { KeyPair, Located, Pool } from './types.js';
import { isDotSuffix, splitKey } from '../key-tokens.js';

/** BatchNorm counters may be on one side only (the model's are implied, or the checkpoint predates them). */
/** how deep a container may sit: a wrapper's `model.` above the renamed one is as deep as checkpoints go here */
const MAX_DEPTH = 2;

interface Container {
  /** remainder (after the first segment) → key */
  keys: Map<string, string>;
  /** the remainders, counters aside, sorted: what is compared */
  id: string;
}

/**
 * The containers one and two segments deep (`encoder`, and `model.encoder` under a wrapper the
 * checkpoint still carries), each with its keys by remainder; only those named in `only`.
 */
function containers(side: ReadonlyMap<string, Located>, only: ReadonlySet<string>): Map<string, Container> {
  const out = new Map<string, Container>();
  if (only.size === 0) return out;
  for (const key of side.keys()) {
    let dot = -1;
    for (let depth = 1; depth <= MAX_DEPTH; depth++) {
      dot = key.indexOf('.', dot + 1);
      if (dot <= 0) break;
      const top = key.slice(0, dot);
      if (!only.has(top)) continue;
      const c = out.get(top) ?? out.set(top, { keys: new Map(), id: '' }).get(top)!;
      c.keys.set(key.slice(dot + 1), key);
    }
  }
  for (const c of out.values()) c.id = [...c.keys.keys()].filter((r) => !isCounter(r)).sort().join('\n');
  return out;
}

/**
 * Each container's fingerprint, without building it: its number of non-counter remainders and the sum of
 * their hashes (equal ids, equal fingerprints). Only containers whose fingerprint the other side also
 * has can share an id with one there, so only those are built: a model of a million keys is two or three
 * containers of a million remainders each, and building, sorting and joining them all was the step's cost.
 */
function fingerprints(side: ReadonlyMap<string, Located>): Map<string, string> {
  const acc = new Map<string, { n: number; sum: number }>();
  // keys in order share their containers with the key before: those are compared, not sliced and looked up
  const lastTop = ['', ''];
  const lastAcc: { n: number; sum: number }[] = [];
  // the remainders' hashes after each container's dot, from one backward pass over the key
  const hashes = [0, 0];
  for (const key of side.keys()) {
    const counter = isCounter(key);
    const first = counter ? -1 : key.indexOf('.');
    if (first > 0) remainderHashes(key, first, key.indexOf('.', first + 1), hashes);
    let dot = -1;
    for (let depth = 1; depth <= MAX_DEPTH; depth++) {
      dot = key.indexOf('.', dot + 1);
      if (dot <= 0) break;
      let a: { n: number; sum: number };
      if (lastTop[depth - 1]!.length === dot && key.startsWith(lastTop[depth - 1]!)) a = lastAcc[depth - 1]!;
      else {
        const top = key.slice(0, dot);
        a = acc.get(top) ?? acc.set(top, { n: 0, sum: 0 }).get(top)!;
        lastTop[depth - 1] = top;
        lastAcc[depth - 1] = a;
      }
      // a counter's remainder is one too (`x.num_batches_tracked`): left out of the id, so of the print
      if (counter) continue;
      a.n++;
      a.sum += hashes[depth - 1]!;
    }
  }
  const out = new Map<string, string>();
  for (const [top, a] of acc) out.set(top, `${a.n}:${a.sum}`);
  return out;
}

/**
 * A polynomial hash of key.slice(first + 1) into out[0] and, where `second` > 0, of key.slice(second + 1) into
 * out[1], from one backward pass (the remainder under the second container is a tail of the first's); each
 * 0..2^32, so a sum of a million stays an exact double. Which hash does not matter: equal remainder sets have
 * equal prints under any, and a print only decides which containers are built and compared by their ids.
 */
function remainderHashes(key: string, first: number, second: number, out: number[]): void {
  let h = 0;
  for (let i = key.length - 1; i > first; i--) {
    if (i === second) out[1] = h >>> 0;
    h = (key.charCodeAt(i) + Math.imul(h, 131)) | 0;
  }
  out[0] = h >>> 0;
}

/** The tops of each side whose fingerprint the other side shares. */
function comparable(source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>): [Set<string>, Set<string>] {
  const fs = fingerprints(source);
  const ft = fingerprints(target);
  const prints = new Set(fs.values());
  const shared = new Set<string>();
  for (const p of ft.values()) if (prints.has(p)) shared.add(p);
  const tops = (f: Map<string, string>) => new Set([...f].filter(([, p]) => shared.has(p)).map(([top]) => top));
  return [tops(fs), tops(ft)];
}

/** Containers by their id, each id kept only when one container on the side has it. */
function uniqueById(cs: Map<string, Container>): Map<string, [string, Container]> {
  const byId = new Map<string, [string, Container] | null>();
  for (const [top, c] of cs) {
    // a lone layer's parameters (`weight`, `bias`) are what every linear or conv has: too little to
    // tell a rename from two different layers; a container with submodules has a structure to compare
    if (![...c.keys.keys()].some((r) => r.includes('.'))) continue;
    byId.set(c.id, byId.has(c.id) ? null : [top, c]);
  }
  const out = new Map<string, [string, Container]>();
  for (const [id, v] of byId) if (v) out.set(id, v);
  return out;
}

/** `module.features` and `features`: one name is the other with leading segments added */
function sameUnderWrapper(a: string, b: string): boolean {
  return isDotSuffix(b, a) || isDotSuffix(a, b);
}

export function matchContainerSwaps(pool: Pool): KeyPair[] {
  const [sourceTops, targetTops] = comparable(pool.source, pool.target);
  const source = containers(pool.source, sourceTops);
  const target = containers(pool.target, targetTops);
  const targets = uniqueById(target);
  const pairs: KeyPair[] = [];
  const wrappers = new Set<string>();
  for (const [id, [top, from]] of uniqueById(source)) {
    const hit = targets.get(id);
    // the same name on both sides is not a rename (exact matching had its say); nor is the same name
    // under a wrapper on one side only (`module.features` ↔ `features`): that is a prefix, and prefix.ts
    // judges it by how many keys it explains (a clean DDP `module.` is a rule read off every key)
    if (!hit || hit[0] === top || sameUnderWrapper(top, hit[0])) continue;
    const to = hit[1];
    const found: KeyPair[] = [];
    let fits = true;
    for (const [rest, key] of from.keys) {
      const t = to.keys.get(rest);
      if (t === undefined) continue; // a counter on this side only
      if (!canCorrespond(pool.source.get(key)!, pool.target.get(t)!)) {
        fits = false;
        break;
      }
      found.push({ source: key, target: t, stage: 'prefix', confidence: CONFIDENCE.containerSwap });
    }
    if (fits) {
      pairs.push(...found);
      if (splitKey(top).length > splitKey(hit[0]).length) wrappers.add(top.slice(0, top.indexOf('.') + 1));
    }
  }
  // a container found one level deeper than the model's (`model.encoder` → `backbone`) sits under a
  // wrapper the checkpoint still carries: its other keys take the model's names without it (`model.head.*`
  // → `head.*`, shapes judged later: a head of another size is dropped, not left to land by accident)
  const taken = new Set(pairs.map((p) => p.source));
  const claimed = new Set(pairs.map((p) => p.target));
  for (const w of wrappers) {
    for (const key of pool.source.keys()) {
      if (!key.startsWith(w) || taken.has(key)) continue;
      const rest = key.slice(w.length);
      if (!pool.target.has(rest) || claimed.has(rest)) continue;
      claimed.add(rest);
      pairs.push({ source: key, target: rest, stage: 'prefix', confidence: CONFIDENCE.containerSwap });
    }
  }
  return pairs;
}
