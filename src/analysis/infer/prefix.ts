/**
 * Step 2b: prefix changes found from the data. A rule "strip P, add Q" is supported by every source
 * key that, with its first k segments (P) removed, equals a target key with its first m segments (Q)
 * removed (names compared with synonyms applied). Rules are taken by support, so `module.` on part
 * of the keys, `_orig_mod.` or a `backbone.` → `encoder.` swap all come out without a fixed list.
 */
import { CONFIDENCE } from './confidence.js';
import { canonicalKey, isCanonical } from './synonyms.js';
import { dtypesCompatible, shapeRelation } from './shapes.js';
import { NameIndex, textHash } from './int-map.js';
import type { Ambiguity, KeyPair, Located, Pool } from './types.js';
import { moduleOf, splitKey } from '../key-tokens.js';

/** How many leading segments a prefix may span. */
const MAX_PREFIX_SEGMENTS = 3;
/** More targets than this sharing one suffix is no evidence for any of them. */
const MAX_FAN_OUT = 32;

export interface PrefixRule {
  /** removed from the start of source keys ('' for none), with its trailing dot */
  strip: string;
  /** put at the start instead ('' for none), with its trailing dot */
  add: string;
  pairs: KeyPair[];
}

/**
 * A candidate rule's pairs as two parallel lists of small integers: source key i of the pool (in its
 * order) with target key j — no object or string set per pair (a rule that pairs 100,000 keys made
 * 100,000 tuples and two sets of 100,000 names, most of finding prefix rules at scale, with the collector).
 */
interface Pairs {
  src: number[];
  tgt: number[];
}

interface Candidate extends Pairs {
  strip: string;
  add: string;
}

/** One side of the pool, read once: keys and entries in pool order (a pair's numbers index these). */
interface Side {
  keys: string[];
  entries: Located[];
}

function startsWithIndex(key: string, at: number): boolean {
  const c = key.charCodeAt(at);
  return c >= 48 && c <= 57;
}

function countSegments(key: string): number {
  let n = 1;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 46) n++;
  return n;
}

/** Offsets where the text after the first k segments starts, k = 0..max (while a segment remains). */
function segmentStarts(key: string, max: number): number[] {
  const starts = [0];
  let i = -1;
  while (starts.length <= max && (i = key.indexOf('.', i + 1)) >= 0) starts.push(i + 1);
  return starts;
}

/** segmentStarts(key, MAX_PREFIX_SEGMENTS) written into `out` (no array per key): how many there are. */
function segmentStartsInto(key: string, out: Int32Array): number {
  out[0] = 0;
  let n = 1;
  let i = -1;
  while (n <= MAX_PREFIX_SEGMENTS && (i = key.indexOf('.', i + 1)) >= 0) out[n++] = i + 1;
  return n;
}

/**
 * A polynomial hash of text.slice(at[k]) for each of the `count` ascending offsets, from one backward
 * pass, written into `out` (cut to 30 bits: small integers, which a Set hashes fast).
 */
function tailHashesInto(text: string, at: Int32Array, count: number, out: Int32Array): void {
  let h = 0;
  let next = count - 1;
  for (let i = text.length; i >= 0 && next >= 0; i--) {
    if (i < text.length) h = (text.charCodeAt(i) + Math.imul(h, 131)) | 0;
    while (next >= 0 && at[next] === i) out[next--] = h & 0x3fffffff;
  }
}

/** Above this many source keys, rules are discovered on an even sample and then applied to all. */
const SAMPLE_ABOVE = 4000;
const SAMPLE_SIZE = 2000;

/**
 * Candidate (strip, add) rules with their support among `sources`: each source's suffixes (after
 * dropping k leading segments) are looked up among every target's suffixes (after dropping m).
 */
function discover(sources: readonly string[], targets: readonly string[], targetCanon: readonly string[]): Map<string, { strip: string; add: string; votes: number }> {
  const bySuffix = new Map<string, { key: string; k: number; cut: number }[]>();
  for (const s of sources) {
    const canon = canonicalKey(s);
    const starts = segmentStarts(canon, MAX_PREFIX_SEGMENTS);
    const rawStarts = canon === s ? starts : segmentStarts(s, MAX_PREFIX_SEGMENTS);
    starts.forEach((at, k) => {
      const suffix = canon.slice(at);
      const list = bySuffix.get(suffix);
      if (!list) bySuffix.set(suffix, [{ key: s, k, cut: rawStarts[k]! }]);
      else if (list.length <= MAX_FAN_OUT) list.push({ key: s, k, cut: rawStarts[k]! });
    });
  }
  // the sample's suffixes by hash: a target's suffixes, most of which no sampled key has, are hashed in
  // one backward pass and sliced and looked up only on a hit (slicing and hashing each of every target's
  // suffixes was a third of finding prefix rules at 100,000 keys)
  const one = new Int32Array(1);
  const hash = new Int32Array(1);
  const hashes = new Set<number>();
  for (const suffix of bySuffix.keys()) {
    tailHashesInto(suffix, one, 1, hash);
    hashes.add(hash[0]!);
  }
  const starts = new Int32Array(MAX_PREFIX_SEGMENTS + 1);
  const rawStarts = new Int32Array(MAX_PREFIX_SEGMENTS + 1);
  const tails = new Int32Array(MAX_PREFIX_SEGMENTS + 1);
  const rules = new Map<string, { strip: string; add: string; votes: number }>();
  for (let j = 0; j < targets.length; j++) {
    const t = targets[j]!;
    const canon = targetCanon[j]!;
    const count = segmentStartsInto(canon, starts);
    tailHashesInto(canon, starts, count, tails);
    let hit = false;
    for (let m = 0; m < count && !hit; m++) hit = hashes.has(tails[m]!);
    if (!hit) continue;
    if (canon !== t) segmentStartsInto(t, rawStarts);
    const raw = canon === t ? starts : rawStarts;
    const segCount = countSegments(canon);
    for (let m = 0; m < count; m++) {
      if (!hashes.has(tails[m]!)) continue;
      const at = starts[m]!;
      const hits = bySuffix.get(canon.slice(at));
      if (!hits || hits.length > MAX_FAN_OUT) continue;
      for (const { key: s, k, cut } of hits) {
        if (k === 0 && m === 0 && s === t) continue;
        // Swapping one prefix for another needs more than a bare leaf (`weight`) in common, and
        // must not cut between a container and its index: `middle_block.` → `up_blocks.1.attentions.`
        // keeping `1.norm.weight` is a coincidence of numbering, not a rename.
        if (k > 0 && m > 0 && (segCount - m < 2 || startsWithIndex(canon, at))) continue;
        const strip = s.slice(0, cut);
        const add = t.slice(0, raw[m]!);
        if (strip === add) continue;
        const id = `${strip}\u0000${add}`;
        const r = rules.get(id);
        if (r) r.votes++;
        else rules.set(id, { strip, add, votes: 1 });
      }
    }
  }
  return rules;
}

/** The added prefix with its numbered segments as placeholders: `bbox_head.1.` → `bbox_head.#.`. */
function numberedTemplate(add: string): string {
  return splitKey(add).map((seg) => (/^\d+$/.test(seg) ? '#' : seg)).join('.');
}

/** Ids of candidates that add one of several numbered siblings to the same source keys. */
function tiedSiblingRules(candidates: readonly Candidate[], source: Side, target: Side, disagreeing: ReadonlyMap<Candidate, number>): string[] {
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const g = `${c.strip}\u0000${numberedTemplate(c.add)}`;
    if (g === `${c.strip}\u0000${c.add}`) continue;
    (groups.get(g) ?? groups.set(g, []).get(g)!).push(c);
  }
  const out: string[] = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const seen = new Map<number, number>();
    // a sibling only ties where its shapes could be the key's: Swin's `layers.0.` → `stages.0.` and
    // `stages.1.` share suffixes, not shapes. Where some sibling takes the subtree with every shape agreeing,
    // one that puts any of its keys on a shape it cannot have is no rival: that subtree is not there (a conv +
    // BN `bu_conv1.` under `downsamples.0.` and `.1.` of other widths ties only by its shapeless
    // `num_batches_tracked`, which fits every sibling). Only where that place is the subtree's alone: another
    // source subtree fitting it as wholly (an aliased copy, STDC's `x2.0.0.` beside `features.0.`) is a tie the
    // module alignment settles, as before.
    const whole = g.filter((c) => disagreeing.get(c) === 0);
    const twinned = whole.some((c) => candidates.some((d) => d.strip !== c.strip && d.add === c.add && d.src.length === c.src.length && disagreeing.get(d) === 0));
    for (const c of whole.length > 0 && !twinned ? whole : g) {
      for (let k = 0; k < c.src.length; k++) {
        const i = c.src[k]!;
        if (shapeRelation(source.entries[i]!.shape, target.entries[c.tgt[k]!]!.shape) !== 'different') seen.set(i, (seen.get(i) ?? 0) + 1);
      }
    }
    if ([...seen.values()].some((n) => n > 1)) for (const c of g) out.push(`${c.strip}\u0000${c.add}`);
  }
  return out;
}

export function findPrefixRules(pool: Pool): PrefixRule[] {
  return findPrefixRulesAndTies(pool).rules;
}

export interface PrefixFindings {
  rules: PrefixRule[];
  /** look-alike subtrees several renames fit equally well: listed, not renamed */
  ties: Ambiguity[];
  /** every key of those ties, both sides: no weaker step may pair them by a guess */
  withheld: string[];
  /** the pairs of renames refused for modules that cannot hold their keys: to stand where nothing else claims their keys */
  deferred: KeyPair[];
}

export function findPrefixRulesAndTies(pool: Pool): PrefixFindings {
  const source: Side = { keys: [...pool.source.keys()], entries: [...pool.source.values()] };
  const target: Side = { keys: [...pool.target.keys()], entries: [...pool.target.values()] };
  const all = source.keys;
  const step = all.length > SAMPLE_ABOVE ? all.length / SAMPLE_SIZE : 1;
  const sample = step === 1 ? all : Array.from({ length: SAMPLE_SIZE }, (_, i) => all[Math.floor(i * step)]!);
  // each target's canonical form, made once for the look-up and for discover() (the key itself, nearly always)
  const targetCanon = target.keys.map(canonicalKey);
  // canonical form → the first target that has it; made only when something is looked up in it
  let byCanonicalMade: NameIndex | null = null;
  const byCanonical = (): NameIndex => (byCanonicalMade ??= new NameIndex(targetCanon));
  const entries = source.entries;
  // every rule found on the sample, applied to every source key
  const candidates = new Map<string, Candidate>();
  // which source keys are canonical as they are: each rule joins its `add` to their segment-aligned
  // rest, which is then canonical too when `add` is (no synonym test per key per rule)
  const plain = all.map(isCanonical);
  for (const [id, r] of discover(sample, target.keys, targetCanon)) {
    const c: Candidate = { strip: r.strip, add: r.add, src: [], tgt: [] };
    const addPlain = isCanonical(r.add);
    const addHash = textHash(r.add, 0, 0);
    const canon = byCanonical();
    for (let i = 0; i < all.length; i++) {
      const s = all[i]!;
      if (!s.startsWith(r.strip)) continue;
      // a canonical key's rest joined to a canonical `add` is looked up in place; anything else as its canonical text
      const j = addPlain && plain[i] ? canon.findJoined(addHash, r.add, s, r.strip.length) : canon.find(canonicalKey(r.add + s.slice(r.strip.length)));
      if (j < 0) continue;
      const te = target.entries[j]!;
      if (te.key === s || !dtypesCompatible(entries[i]!.dtype, te.dtype)) continue;
      c.src.push(i);
      c.tgt.push(j);
    }
    if (c.src.length) candidates.set(id, c);
  }
  // the same path up to synonyms (Flax's `blocks.0.mlp.fc1.kernel` for `blocks.0.mlp.fc1.weight`) is the
  // identity rule: discover() never proposes it (strip and add are both empty), so without it a swap
  // of look-alike blocks (`blocks.1.` → `blocks.0.`), which the synonyms let agree just as well, would win
  const same: Candidate = { strip: '', add: '', src: [], tgt: [] };
  for (let i = 0; i < all.length; i++) {
    if (plain[i]) continue;
    const j = byCanonical().find(canonicalKey(all[i]!));
    if (j < 0) continue;
    const te = target.entries[j]!;
    if (te.key !== all[i] && dtypesCompatible(entries[i]!.dtype, te.dtype)) {
      same.src.push(i);
      same.tgt.push(j);
    }
  }
  if (same.src.length) candidates.set('\u0000', same);
  // the same keys fitting under several numbered siblings (`bbox_head.` → `bbox_head.0.`, `.1.`, `.2.`
  // of a cascade) name no one of them: only the order would choose, which is a guess
  // how many of each candidate's pairs have shapes that cannot correspond
  const disagreeing = new Map<Candidate, number>();
  for (const c of candidates.values()) disagreeing.set(c, shapeVotes(c, source, target).disagree);
  const tied = tiedSiblingRules([...candidates.values()], source, target, disagreeing);
  for (const id of tied) candidates.delete(id);
  // at equal support, a rename under which fewer shapes disagree goes first: the same source subtree (a
  // stride-2 conv + BN, `bu_conv2.`) fits several look-alike places by its key names, and the one whose
  // shapes all agree is the evidence; the length of a name is none (it only breaks what shapes leave tied)
  const ordered = [...candidates.values()].sort(
    (a, b) =>
      b.src.length - a.src.length ||
      disagreeing.get(a)! - disagreeing.get(b)! ||
      a.strip.length + a.add.length - (b.strip.length + b.add.length),
  );
  // which keys of each side a rule or tie took, by their number
  const usedS = new Uint8Array(all.length);
  const usedT = new Uint8Array(target.keys.length);
  const rules: PrefixRule[] = [];
  const ties: Ambiguity[] = [];
  const withheld: string[] = [];
  const done = new Set<Candidate>();
  const byStrip = new Map<string, Candidate[]>();
  const byAdd = new Map<string, Candidate[]>();
  for (const c of ordered) {
    if (c.strip === '' && c.add === '') continue; // the same path is evidence of its own
    (byStrip.get(c.strip) ?? byStrip.set(c.strip, []).get(c.strip)!).push(c);
    (byAdd.get(c.add) ?? byAdd.set(c.add, []).get(c.add)!).push(c);
  }
  // renames refused by fewModulesMisfit, with the pairs they would have made: deferred, never dropped (below)
  const misfits = new Map<Candidate, Pairs>();
  /** the pairs a candidate may still make, or null where it is no rename of a subtree */
  const usable = (c: Candidate): Pairs | null => {
    const free: Pairs = { src: [], tgt: [] };
    for (let k = 0; k < c.src.length; k++) {
      if (usedS[c.src[k]!] || usedT[c.tgt[k]!]) continue;
      free.src.push(c.src[k]!);
      free.tgt.push(c.tgt[k]!);
    }
    const pure = c.strip === '' || c.add === '';
    if (free.src.length < (pure ? 1 : 2)) return null;
    // Swapping one prefix for another on the keys of a single module (`block1.0.attn.` → `stages.0.`
    // keeping `norm.weight`, `norm.bias`) is a coincidence of two norms, not a rename of a subtree:
    // that module's place is for the structural alignment to find.
    if (!pure && suffixModules(c.strip, free, all) < 2) return null;
    const { agree, disagree } = shapeVotes(free, source, target);
    if (disagree > agree) return null;
    if (pure || disagree === 0 || !fewModulesMisfit(c, free)) return free;
    misfits.set(c, free);
    return null;
  };
  /**
   * Another model size shows as a module or two of another size among many (a head); a rename of a few modules, a
   * quarter or more of which cannot hold their keys, is not that subtree under another name (YOLOX: `C3_n4.` →
   * `stage4.1.` put a CSP block's conv1 / conv2 on the SPP block's conv1 / conv2, conv2 another width)
   */
  const fewModulesMisfit = (c: Candidate, free: Pairs): boolean => {
    const bad = new Set<string>();
    const modules = new Set<string>();
    for (let k = 0; k < free.src.length; k++) {
      const m = moduleOf(all[free.src[k]!]!.slice(c.strip.length));
      modules.add(m);
      if (shapeRelation(source.entries[free.src[k]!]!.shape, target.entries[free.tgt[k]!]!.shape) === 'different') bad.add(m);
    }
    return bad.size * 4 > modules.size;
  };
  for (const c of ordered) {
    if (done.has(c)) continue;
    const free = usable(c);
    if (!free) continue;
    // Look-alike subtrees (`tower_a.`, `tower_b.` against `query_model.`, `doc_model.`; a `student.` and a
    // `teacher.` against one model) fit several renames with the same support: nothing in the data singles
    // one out, and the length of a name is no evidence. All of them are listed, none is made.
    const tie = lookAlikeRivals(c, free, usable, byStrip, byAdd, done, source, target);
    if (tie.length > 1) {
      const keys = new Set<number>();
      const candidates = new Set<number>();
      for (const [d, pairs] of tie) {
        done.add(d);
        for (let k = 0; k < pairs.src.length; k++) {
          keys.add(pairs.src[k]!);
          candidates.add(pairs.tgt[k]!);
        }
      }
      for (const i of keys) usedS[i] = 1;
      for (const j of candidates) usedT[j] = 1;
      const keyNames = [...keys].map((i) => all[i]!);
      const candidateNames = [...candidates].map((j) => target.entries[j]!.key);
      withheld.push(...keyNames, ...candidateNames);
      const order = (side: ReadonlyMap<string, { pos: number }>) => (a: string, b: string) => side.get(a)!.pos - side.get(b)!.pos;
      // the prefixes in the order their subtrees come in each file
      const first = (pairs: Pairs, side: 0 | 1) =>
        Math.min(...(side === 0 ? pairs.src.map((i) => pool.source.get(all[i]!)!.pos) : pairs.tgt.map((j) => pool.target.get(target.entries[j]!.key)!.pos)));
      const froms = [...new Set([...tie].sort((a, b) => first(a[1], 0) - first(b[1], 0)).map(([d]) => `\`${d.strip}\``))].join(', ');
      const tos = [...new Set([...tie].sort((a, b) => first(a[1], 1) - first(b[1], 1)).map(([d]) => (d.add ? `\`${d.add}\`` : "the model's top level")))].join(', ');
      ties.push({
        keys: keyNames.sort(order(pool.source)).slice(0, 8),
        candidates: candidateNames.sort(order(pool.target)).slice(0, 8),
        held: Math.min(keys.size, candidates.size),
        reason: layeredTie(tie.map(([d]) => d))
          ? `the checkpoint has ${tie.length} look-alike numbered layers (${froms}) where the model has one (${tos}): a stack (an MLP, a Sequential) where the model builds a single layer is a config or code difference (the projector or head type, a depth), not a renaming; no key edit loads it: build the model as the checkpoint's was (picking one layer would load part of the stack)`
          : `look-alike subtrees (the same keys and shapes under ${froms}) fit ${tos} equally well: nothing says which is which (a name's length is no evidence), so none is renamed; choose one`,
      });
      continue;
    }
    const confidence = ruleConfidence(free, source, target);
    const pairs: KeyPair[] = [];
    const stage = c.strip === '' && c.add === '' ? 'canonical' : 'prefix';
    for (let k = 0; k < free.src.length; k++) {
      const i = free.src[k]!;
      const j = free.tgt[k]!;
      if (usedS[i] || usedT[j]) continue;
      usedS[i] = 1;
      usedT[j] = 1;
      pairs.push({ source: all[i]!, target: target.entries[j]!.key, stage, confidence });
    }
    rules.push({ strip: c.strip, add: c.add, pairs });
  }
  // A refused rename's pairs wait until structure has spoken and stand where nothing else claimed their keys (the
  // caller takes them last): a module the rename would have placed is never left over to be dropped as a head (the
  // backbone conv `fc` 3×3 → 1×1 under `backbone.` → `encoder.` stays a listed shape mismatch, another configuration)
  const deferred: KeyPair[] = [];
  for (const [c, free] of misfits) {
    if (done.has(c)) continue;
    const confidence = ruleConfidence(free, source, target);
    for (let k = 0; k < free.src.length; k++) {
      if (usedS[free.src[k]!] || usedT[free.tgt[k]!]) continue;
      deferred.push({ source: all[free.src[k]!]!, target: target.entries[free.tgt[k]!]!.key, stage: 'prefix', confidence });
    }
  }
  return { rules, ties, withheld, deferred };
}

/** a prefix rule's confidence: its support, scaled by the share of its pairs whose shapes agree */
function ruleConfidence(free: Pairs, source: Side, target: Side): number {
  const { agree, disagree } = shapeVotes(free, source, target);
  return Math.min(CONFIDENCE.prefixCap, CONFIDENCE.prefixBase + CONFIDENCE.prefixStep * Math.log2(1 + free.src.length)) * (agree + disagree ? CONFIDENCE.prefixShapeFloor + (CONFIDENCE.prefixShapeShare * agree) / (agree + disagree) : CONFIDENCE.prefixNoShapes);
}

/** how many pairs' shapes agree (the same or transposed) and how many cannot correspond */
function shapeVotes(pairs: Pairs, source: Side, target: Side): { agree: number; disagree: number } {
  let agree = 0;
  let disagree = 0;
  for (let k = 0; k < pairs.src.length; k++) {
    const rel = shapeRelation(source.entries[pairs.src[k]!]!.shape, target.entries[pairs.tgt[k]!]!.shape);
    if (rel === 'different') disagree++;
    else if (rel !== 'unknown') agree++;
  }
  return { agree, disagree };
}

/**
 * Look-alike subtrees that are numbered layers of one stack (`0.`, `2.`: a Sequential, the gaps its
 * activations) fitting one place of the model: the checkpoint's module is deeper than the model's (review13
 * F11: a 2-layer MLP projector where the model built one Linear).
 */
function layeredTie(renames: readonly { strip: string; add: string }[]): boolean {
  return renames.every((d) => /(?:^|\.)\d+\.$/.test(d.strip)) && new Set(renames.map((d) => d.add)).size === 1;
}

/** a key's shape and dtype, as compared between look-alike subtrees */
function shapeText(e: { shape?: readonly number[] | null; dtype?: string | null } | undefined): string {
  return `${e?.shape ? e.shape.join(',') : '?'}:${e?.dtype ?? ''}`;
}

/**
 * The candidates tied with `c`: those sharing its removed prefix (the same source keys put elsewhere) or
 * its added one (other source keys put in the same place), transitively, with as many pairs still free,
 * whose subtrees are look-alikes: the same keys below the prefix, with the same shapes.
 */
function lookAlikeRivals(
  c: Candidate,
  free: Pairs,
  usable: (c: Candidate) => Pairs | null,
  byStrip: ReadonlyMap<string, Candidate[]>,
  byAdd: ReadonlyMap<string, Candidate[]>,
  done: ReadonlySet<Candidate>,
  source: Side,
  target: Side,
): [Candidate, Pairs][] {
  const group: [Candidate, Pairs][] = [[c, free]];
  const seen = new Set<Candidate>([c]);
  // what a candidate puts where: from each source its target's shape, to each target its source's shape
  // (keys by their number on their side: one number per key)
  const bySource = (pairs: Pairs) => new Map(pairs.src.map((i, k) => [i, shapeText(target.entries[pairs.tgt[k]!])]));
  const byTarget = (pairs: Pairs) => new Map(pairs.tgt.map((j, k) => [j, shapeText(source.entries[pairs.src[k]!])]));
  const same = (a: ReadonlyMap<number, string>, b: ReadonlyMap<number, string>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  for (let i = 0; i < group.length; i++) {
    const [g, gFree] = group[i]!;
    for (const [rivals, view] of [
      [byStrip.get(g.strip) ?? [], bySource],
      [byAdd.get(g.add) ?? [], byTarget],
    ] as const) {
      for (const d of rivals) {
        if (seen.has(d) || done.has(d) || d.src.length !== c.src.length) continue;
        const dFree = usable(d);
        if (!dFree || dFree.src.length !== free.src.length || !same(view(gFree), view(dFree))) continue;
        seen.add(d);
        group.push([d, dFree]);
      }
    }
  }
  return group;
}

/** How many distinct modules the suffixes a rule keeps belong to (`norm.weight` and `norm.bias`: one). */
function suffixModules(strip: string, pairs: Pairs, keys: readonly string[]): number {
  const modules = new Set<string>();
  for (const i of pairs.src) {
    const rest = keys[i]!.slice(strip.length);
    modules.add(moduleOf(rest));
  }
  return modules.size;
}

/** The rules applied to one key, for steps that want to compare names "after the prefix change". */
export function applyPrefixRule(rule: { strip: string; add: string }, key: string): string | null {
  if (!key.startsWith(rule.strip)) return null;
  return rule.add + key.slice(rule.strip.length);
}

