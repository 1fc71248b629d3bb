/**
 * The one key tokenizer of the project: the diff, the grouping, the diagnosis, plan inference and the
 * reports all read a key's segments, indices and words here, so they agree on what an index is.
 * A state_dict key is a dot path of module names ending in a parameter or buffer name;
 * container indices (`layers.3.`) are the numeric segments. Everything here is a pure, allocation-light
 * string function because it runs over 100,000-key lists.
 */

/** `layers.3.attn.weight` → `['layers', '3', 'attn', 'weight']`. */
export function splitKey(key: string): string[] {
  return key.split('.');
}

/**
 * A segment that is a container index: plain decimal without leading zeros (`0`, `12`), so that
 * printing the number back gives the same segment. `01` or a 12-digit id is a name, not an index.
 */
export function isIndexSegment(seg: string): boolean {
  return isIndexAt(seg, 0, seg.length);
}

/** isIndexSegment on `key.slice(from, end)`, without making the slice (scans over 1,000,000 keys). */
export function isIndexAt(key: string, from: number, end: number): boolean {
  const n = end - from;
  if (n <= 0 || n > 9) return false;
  if (n > 1 && key.charCodeAt(from) === 48) return false;
  for (let i = from; i < end; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The next whole index segment of `key` at or after `from` (a segment start): its [start, end) offsets,
 * or null. Scanned in place, without a segment array (every key of both sides, at 100,000 keys a side).
 */
export function indexSegmentAt(key: string, from = 0): [number, number] | null {
  while (from <= key.length) {
    let dot = key.indexOf('.', from);
    if (dot < 0) dot = key.length;
    if (isIndexAt(key, from, dot)) return [from, dot];
    from = dot + 1;
  }
  return null;
}

/**
 * An index glued to a name: a segment that is a name (a letter, then letters and underscores) followed by
 * a canonical decimal, as pycls writes stages and blocks (`s1.b1`), MMDetection and torchvision their
 * stages (`layer3`), PVT and SegFormer theirs (`patch_embed1`, `block2`) and many models their numbered
 * siblings (`conv2`, `norm1`). Where a whole-segment index says a container, a glued one is a position
 * the conversion may offset, re-base from 1 to 0 or regroup like any other index, so plan inference
 * reads both. Not an index: a plain index segment (isIndexSegment), a
 * name without trailing digits, digits with a leading zero (`block_000`: TensorFlow's, read by
 * tfPathSegments) or more than isIndexAt's nine. Returns the stem's length (the digits start there), or -1.
 */
export function gluedIndexAt(seg: string, from = 0, end = seg.length): number {
  let at = end;
  while (at > from) {
    const c = seg.charCodeAt(at - 1);
    if (c < 48 || c > 57) break;
    at--;
  }
  if (at === end || at === from || !isIndexAt(seg, at, end)) return -1;
  const first = seg.charCodeAt(from) | 32;
  if (first < 97 || first > 122) return -1;
  for (let i = from + 1; i < at; i++) {
    const c = seg.charCodeAt(i);
    const l = c | 32;
    if (!((l >= 97 && l <= 122) || c === 95)) return -1;
  }
  return at - from;
}

/**
 * A segment read as a possibly indexed name: `{ stem: 'layer', index: 3 }` for `layer3`, `{ stem: '',
 * index: 3 }` for `3`, `{ stem: 'attn', index: null }` for `attn`. The one reading of an index the
 * generalise stage uses (glued or whole), so its templates, captures and arithmetic agree.
 */
export interface IndexedSegment {
  stem: string;
  index: number | null;
  /** the name's text after an index read inside it (innerIndexedSegment: `_depthwise`); absent for the rest */
  rest?: string;
}

/**
 * An index inside a name: one canonical decimal between two underscores, and only one, in a segment that
 * starts with a letter — TF-slim's `Conv2d_3_depthwise` (`{ stem: 'Conv2d_', index: 3, rest: '_depthwise' }`),
 * which transformers' MobileNetV1 map sends to `layer.{2·3−2}`. Null for anything else, and on purpose for a
 * segment with two or more such numbers: kohya's flattened module paths (`lora_unet_down_blocks_0_attentions_1_proj_in`)
 * hold one per container and are read by the renames that unflatten them, not as one index. Plan inference
 * reads this only where a whole or glued index (indexedSegment) is absent and the index is computed.
 */
export function innerIndexedSegment(seg: string): IndexedSegment | null {
  const first = seg.charCodeAt(0) | 32;
  if (first < 97 || first > 122) return null;
  let found: IndexedSegment | null = null;
  let from = seg.indexOf('_');
  while (from >= 0) {
    const end = seg.indexOf('_', from + 1);
    if (end < 0) break;
    if (isIndexAt(seg, from + 1, end)) {
      if (found) return null;
      found = { stem: seg.slice(0, from + 1), index: Number(seg.slice(from + 1, end)), rest: seg.slice(end) };
    }
    from = end;
  }
  return found;
}

export function indexedSegment(seg: string): IndexedSegment {
  if (isIndexSegment(seg)) return { stem: '', index: Number(seg) };
  const at = gluedIndexAt(seg);
  return at < 0 ? { stem: seg, index: null } : { stem: seg.slice(0, at), index: Number(seg.slice(at)) };
}

/** Does the segment `key.slice(from, end)` carry an index, whole (`3`) or glued (`layer3`)? */
export function hasIndexAt(key: string, from: number, end: number): boolean {
  return isIndexAt(key, from, end) || gluedIndexAt(key, from, end) >= 0;
}

/** The placeholder an index segment becomes in a template. Braces never occur in real module names. */
export const INDEX_PLACEHOLDER = '{}';

export interface KeyTemplate {
  /** the key with every index segment replaced by `{}`: `layers.{}.attn.weight` */
  template: string;
  /** the indices taken out, left to right */
  indices: number[];
}

/** `layers.3.attn.weight` → `{ template: 'layers.{}.attn.weight', indices: [3] }`. */
export function templateOf(key: string): KeyTemplate {
  const segs = key.split('.');
  const indices: number[] = [];
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (isIndexSegment(s)) {
      indices.push(Number(s));
      segs[i] = INDEX_PLACEHOLDER;
    }
  }
  return { template: indices.length ? segs.join('.') : key, indices };
}

/** Put indices back into a template (inverse of templateOf). */
export function fillTemplate(template: string, indices: readonly (number | string)[]): string {
  let i = 0;
  return template
    .split('.')
    .map((s) => (s === INDEX_PLACEHOLDER && i < indices.length ? String(indices[i++]) : s))
    .join('.');
}

/** The module a key belongs to: everything before the last dot (`''` for a top-level key). */
export function moduleOf(key: string): string {
  const dot = key.lastIndexOf('.');
  return dot < 0 ? '' : key.slice(0, dot);
}

/** The parameter or buffer name: the last segment. */
export function leafOf(key: string): string {
  const dot = key.lastIndexOf('.');
  return dot < 0 ? key : key.slice(dot + 1);
}

/** The module with its trailing dot (`layers.3.attn.` of `layers.3.attn.weight`; `''` for a top-level key): a prefix its siblings share. */
export function modulePrefixOf(key: string): string {
  return key.slice(0, key.lastIndexOf('.') + 1);
}

/** The module's own name, its last segment (`attn` of `layers.3.attn.weight`; `''` for a top-level key): leafOf(moduleOf(key)). */
export function moduleNameOf(key: string): string {
  const end = key.lastIndexOf('.');
  return end <= 0 ? '' : key.slice(key.lastIndexOf('.', end - 1) + 1, end);
}

/** The first segment: the top-level module (`layers` of `layers.3.attn.weight`; the key itself when it has no dot). */
export function firstSegmentOf(key: string): string {
  const dot = key.indexOf('.');
  return dot < 0 ? key : key.slice(0, dot);
}

/** The first `n` segments with their trailing dot (`firstSegments('a.b.c', 1)` = `'a.'`); null when the key is not longer. */
export function leadingPrefix(key: string, n: number): string | null {
  let pos = -1;
  for (let i = 0; i < n; i++) {
    pos = key.indexOf('.', pos + 1);
    if (pos < 0) return null;
  }
  return key.slice(0, pos + 1);
}

/**
 * The longest dot-aligned prefix every key shares (`module.`, `model.backbone.`), or `''`.
 * Never the whole of a key: a prefix must leave something after it.
 */
export function commonPrefix(keys: readonly string[]): string {
  if (keys.length === 0) return '';
  let prefix = keys[0]!;
  const lastDot = prefix.lastIndexOf('.');
  prefix = lastDot < 0 ? '' : prefix.slice(0, lastDot + 1);
  for (let i = 1; i < keys.length && prefix; i++) {
    const k = keys[i]!;
    if (k.startsWith(prefix) && k.length > prefix.length) continue;
    let end = 0;
    const max = Math.min(prefix.length, k.length - 1);
    while (end < max && prefix.charCodeAt(end) === k.charCodeAt(end)) end++;
    const dot = end === 0 ? -1 : prefix.lastIndexOf('.', end - 1);
    prefix = dot < 0 ? '' : prefix.slice(0, dot + 1);
  }
  return prefix;
}

/**
 * The module that holds the network on both sides (`model.` of a LightningModule or task wrapper): the prefix the
 * keys of the two sides share, when both list keys; `''` when one side is empty (keys of one side under one name
 * may be that module's own, not a holder's). A numbered block is no holder: the prefix stops before its index.
 * Decisions that read a key's first segment as the network's top read the keys below it.
 */
export function sharedHolder(one: readonly string[], other: readonly string[]): string {
  if (one.length === 0 || other.length === 0) return '';
  const segs = splitKey(commonPrefix([...one, ...other]).replace(/\.$/, ''));
  const at = segs.findIndex((s) => s === '' || isIndexSegment(s));
  const kept = at < 0 ? segs : segs.slice(0, at);
  return kept.length === 0 ? '' : `${kept.join('.')}.`;
}

/** `key` without `prefix`, or null when it does not start with it. */
export function stripPrefix(key: string, prefix: string): string | null {
  return key.startsWith(prefix) ? key.slice(prefix.length) : null;
}

/**
 * Prefixes that wrappers put in front of every key: DataParallel/DDP (`module.`), torch.compile
 * (`_orig_mod.`), Lightning and training wrappers (`model.`, `net.`, `network.`) and trainers that
 * store the dict under a name. Plan inference and candidate selection try these first.
 */
export const WRAPPER_PREFIXES: readonly string[] = [
  'module.',
  '_orig_mod.',
  'model.',
  'net.',
  'network.',
  'state_dict.',
  'model.module.',
  'module.model.',
  '_orig_mod.module.',
  'module._orig_mod.',
];

/**
 * Count, for each first-segment prefix (`module.`), how many keys start with it. Keys without a dot
 * are not counted. Used to find a prefix most keys share when not all do.
 */
export function leadingSegmentCounts(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) {
    const dot = k.indexOf('.');
    if (dot <= 0) continue;
    const p = k.slice(0, dot + 1);
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return counts;
}

/** Every proper dot-suffix of a key, longest first: `a.b.c` → `b.c`, `c`. */
export function dotSuffixes(key: string): string[] {
  const out: string[] = [];
  let pos = key.indexOf('.');
  while (pos >= 0) {
    out.push(key.slice(pos + 1));
    pos = key.indexOf('.', pos + 1);
  }
  return out;
}

/**
 * Whether `tail` is one of `key`'s dotSuffixes: `key` is `tail` with leading segments added
 * (`model.clip.visual.conv1.weight` over `clip.visual.conv1.weight`), a prefix at a dot boundary.
 */
export function isDotSuffix(tail: string, key: string): boolean {
  return key.length > tail.length && key.endsWith(tail) && key.charCodeAt(key.length - tail.length - 1) === 46; // '.'
}

/** Alias of INDEX_PLACEHOLDER for template code that reads better with the short name. */
export const PLACEHOLDER = INDEX_PLACEHOLDER;

/**
 * Sub-word tokens of a name, for similarity: split on dots, underscores, digit runs and camelCase,
 * lower-cased. `attention_norm` → [attention, norm]; `LayerNorm` → [layer, norm]; `wq` → [wq].
 */
export function wordsOf(name: string): string[] {
  const out: string[] = [];
  for (const part of name.split(/[._\-/]+/)) {
    if (!part) continue;
    const pieces = part.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Za-z])(\d)/g, '$1 $2').replace(/(\d)([A-Za-z])/g, '$1 $2');
    for (const p of pieces.split(' ')) if (p) out.push(p.toLowerCase());
  }
  return out;
}

/** Words that place a module beside another rather than name it. */
const POSITIONAL = new Set(['post', 'pre', 'after', 'before']);

/**
 * The words of one segment that say what the module is: a word qualified by a positional word before a
 * head word names the neighbour, not the module — `post_attention_layernorm` is a layernorm after the
 * attention (GGUF's `ffn_norm`), not an attention (`attn_norm`). `pre_norm` keeps its only noun.
 */
export function ownWords(segmentWords: readonly string[]): string[] {
  return segmentWords.filter((_, i) => !(i > 0 && i < segmentWords.length - 1 && POSITIONAL.has(segmentWords[i - 1]!)));
}

/** Number of leading segments two segment lists share. */
export function commonPrefixLength(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** Number of trailing segments two segment lists share (never overlapping `skip` leading ones). */
export function commonSuffixLength(a: readonly string[], b: readonly string[], skip = 0): number {
  const n = Math.min(a.length, b.length) - skip;
  let i = 0;
  while (i < n && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

/** Does `key` instantiate `template` (`{}` standing for one index segment)? */
export function instantiates(template: string, key: string): boolean {
  if (!template.includes(INDEX_PLACEHOLDER)) return false;
  const t = template.split('.');
  const k = key.split('.');
  return t.length === k.length && t.every((s, i) => s === k[i] || (s === INDEX_PLACEHOLDER && isIndexSegment(k[i]!)));
}

/**
 * Caffe2 / Detectron blob names join a whole key with underscores and no dot (`res2_0_branch2a_bn_s`):
 * the underscores are the module path. The segments such a key stands for (`res2`, `0`, `branch2a`,
 * `bn`, `s`), or null when the key is no blob name (it has a dot, no underscore, or an empty segment).
 */
export function blobSegments(key: string): string[] | null {
  if (key.includes('.') || key.includes('/') || !key.includes('_')) return null;
  const segs = key.split('_');
  return segs.every((s) => s.length > 0) ? segs : null;
}

/**
 * TensorFlow variable names are `/` scope paths, a repeated layer's index glued to its name with `_`
 * (Mesh TF's `encoder/block_000/layer_001/SelfAttention/q`, Keras' `dense_1`): the segments such a key
 * stands for, an indexed scope read as its name and index (`block`, `0`) as transformers'
 * `load_tf_weights_in_*` read them (a scope that fullmatches `[A-Za-z]+_\d+` is `re.split(r"_(\d+)")`),
 * and also where the name has underscores of its own (TF-slim's `expanded_conv_4`, Keras'
 * `batch_normalization_3`: the fifth block, the fourth layer of that kind). Read as one word, sixteen
 * such blocks were sixteen unrelated names whose look-alike parts were paired by shape alone, across
 * blocks and within them (MobileNet v2, session 21). A name with digits (`Conv2d_1`, `conv_1x1`) stays
 * one scope, as in transformers. A scope in `names` stays one scope too: the model names a module so
 * (GPT-2's `ln_1`, which its own converter never splits), so it is a name there, not an index.
 * Null when the key has a dot or an empty scope.
 */
export const TF_INDEXED_SCOPE = /^([A-Za-z](?:[A-Za-z_]*[A-Za-z])?)_(\d+)$/;

export function tfPathSegments(key: string, names?: ReadonlySet<string>): string[] | null {
  if (key.includes('.')) return null;
  const out: string[] = [];
  for (const seg of key.split('/')) {
    if (seg.length === 0) return null;
    const m = names?.has(seg) ? null : TF_INDEXED_SCOPE.exec(seg);
    if (m) out.push(m[1]!, String(Number(m[2])));
    else out.push(seg);
  }
  return out;
}

/**
 * Keys split once, into integer tokens: every distinct segment text is one token id in one table, and a
 * key is the run of its segments' ids, with the values of its index segments beside them. Steps that
 * group keys by their segments (index segments masked, digits inside names masked) hash and compare
 * those runs, instead of splitting every key again and building a masked string per key: at 1,000,000
 * keys a side those strings and arrays were most of what the steps allocated. A segment is hashed and
 * compared where it stands in its key; only a text met for the first time is sliced out. Keys are
 * numbered 0, 1, … in the order added.
 */
export class KeyTokens {
  /** token id → the segment's text */
  private readonly texts: string[] = [];
  /** token id → the segment's value as an index (isIndexSegment), or -1 */
  private readonly values: number[] = [];
  /** hash of a text → the first token under it; `sameHash` chains the others */
  private readonly byHash = new Map<number, number>();
  private readonly sameHash: number[] = [];
  /** key k's token ids are segs[segStart[k] .. segStart[k + 1]), its index values idx[idxStart[k] .. idxStart[k + 1]) */
  private segs = new Int32Array(256);
  private segStart = new Int32Array(64);
  private idx = new Int32Array(64);
  private idxStart = new Int32Array(64);
  private count = 0;

  /** how many keys were added */
  get size(): number {
    return this.count;
  }

  /** Adds a key; returns its number. */
  add(key: string): number {
    const k = this.count;
    if (k + 2 > this.segStart.length) {
      this.segStart = grown(this.segStart, k + 2);
      this.idxStart = grown(this.idxStart, k + 2);
    }
    let s = this.segStart[k]!;
    let x = this.idxStart[k]!;
    let from = 0;
    for (;;) {
      let dot = key.indexOf('.', from);
      if (dot < 0) dot = key.length;
      const t = this.tokenAt(key, from, dot);
      if (s + 1 > this.segs.length) this.segs = grown(this.segs, s + 1);
      this.segs[s++] = t;
      const v = this.values[t]!;
      if (v >= 0) {
        if (x + 1 > this.idx.length) this.idx = grown(this.idx, x + 1);
        this.idx[x++] = v;
      }
      if (dot === key.length) break;
      from = dot + 1;
    }
    this.segStart[k + 1] = s;
    this.idxStart[k + 1] = x;
    this.count++;
    return k;
  }

  /** the token id of a text (a whole segment: no dot), added to the table when new */
  token(text: string): number {
    return this.tokenAt(text, 0, text.length);
  }

  /** how many segments key k has */
  segmentCount(k: number): number {
    return this.segStart[k + 1]! - this.segStart[k]!;
  }

  /** the token id of key k's i-th segment */
  segment(k: number, i: number): number {
    return this.segs[this.segStart[k]! + i]!;
  }

  /** how many index segments key k has */
  indexCount(k: number): number {
    return this.idxStart[k + 1]! - this.idxStart[k]!;
  }

  /** the value of key k's i-th index segment, left to right */
  index(k: number, i: number): number {
    return this.idx[this.idxStart[k]! + i]!;
  }

  /** key k's index values, left to right (a new array) */
  indices(k: number): number[] {
    // copied by a loop: Array.from over a subarray (a view object, then the iterator protocol per value) was
    // most of what index contradictions cost at 100,000 pairs
    const out: number[] = [];
    for (let i = this.idxStart[k]!, end = this.idxStart[k + 1]!; i < end; i++) out.push(this.idx[i]!);
    return out;
  }

  /** the text of a token */
  text(t: number): string {
    return this.texts[t]!;
  }

  /** a token's value as an index segment, or -1 where it is a name */
  value(t: number): number {
    return this.values[t]!;
  }

  /** the token of key.slice(from, end), hashed and compared in place */
  private tokenAt(key: string, from: number, end: number): number {
    let h = 0;
    for (let i = from; i < end; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
    const first = this.byHash.get(h);
    if (first === undefined) {
      this.byHash.set(h, this.texts.length);
      return this.newToken(key.slice(from, end), -1);
    }
    let t = first;
    for (;;) {
      if (sameText(this.texts[t]!, key, from, end)) return t;
      const next = this.sameHash[t]!;
      if (next === -1) return this.newToken(key.slice(from, end), t);
      t = next;
    }
  }

  private newToken(text: string, after: number): number {
    const t = this.texts.length;
    this.texts.push(text);
    this.values.push(isIndexSegment(text) ? Number(text) : -1);
    this.sameHash.push(-1);
    if (after >= 0) this.sameHash[after] = t;
    return t;
  }
}

/**
 * Runs of integers (token ids of keys, masked) numbered by their content: equal runs get one number,
 * numbers given 0, 1, … in the order first met, so a list of groups by run number is in the order a
 * Map keyed by the runs' joined texts would iterate.
 */
export class TokenRuns {
  private readonly byHash = new Map<number, number>();
  private readonly sameHash: number[] = [];
  private data = new Int32Array(256);
  private readonly starts: number[] = [0];

  /** how many distinct runs were met */
  get size(): number {
    return this.starts.length - 1;
  }

  /** the number of the run run[0 .. length), given the next number when it is new */
  of(run: ArrayLike<number>, length: number): number {
    let h = length;
    for (let i = 0; i < length; i++) h = (Math.imul(h, 31) + run[i]!) | 0;
    const first = this.byHash.get(h);
    if (first === undefined) {
      this.byHash.set(h, this.size);
      return this.push(run, length, -1);
    }
    let r = first;
    for (;;) {
      if (this.equals(r, run, length)) return r;
      const next = this.sameHash[r]!;
      if (next === -1) return this.push(run, length, r);
      r = next;
    }
  }

  private equals(r: number, run: ArrayLike<number>, length: number): boolean {
    const at = this.starts[r]!;
    if (this.starts[r + 1]! - at !== length) return false;
    for (let i = 0; i < length; i++) if (this.data[at + i] !== run[i]) return false;
    return true;
  }

  private push(run: ArrayLike<number>, length: number, after: number): number {
    const r = this.size;
    const at = this.starts[r]!;
    if (at + length > this.data.length) this.data = grown(this.data, at + length);
    for (let i = 0; i < length; i++) this.data[at + i] = run[i]!;
    this.starts.push(at + length);
    this.sameHash.push(-1);
    if (after >= 0) this.sameHash[after] = r;
    return r;
  }
}

/** text === key.slice(from, end), compared in place */
function sameText(text: string, key: string, from: number, end: number): boolean {
  if (text.length !== end - from) return false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== key.charCodeAt(from + i)) return false;
  return true;
}

/** a copy of `a` at least `need` long (doubling, so adding n items copies O(n) in all) */
function grown(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
