/**
 * Step 6d: transposes and reshapes as ops. Keys of one indexed family with the same fix are one op
 * with a pattern (`^transformer\.h\.\d+\.mlp\.c_fc\.weight$`), provided the pattern matches exactly
 * those keys; the rest are one op per key. Reshapes that add or remove trailing 1s (linear ↔ 1×1
 * conv) are one fix whatever each tensor's sizes: the op says `addTrailingOnes` and each key derives
 * its shape, so one pattern over the keys' shared ends (`^stages\..+\.linear\.weight$`) covers
 * every such weight of a model (on a full key set; a partial one keeps exact shapes and indices).
 * Also the one inference shapes cannot make: a square Conv1D weight, recognised by its module's name.
 */
import { CONFIDENCE } from './confidence.js';
import type { PlanOp } from '../op-vocabulary.js';
import { commonPrefixLength, commonSuffixLength, isIndexSegment, leafOf, splitKey, wordsOf } from '../key-tokens.js';
import { escapeRegex } from './regex.js';
import type { Located, SplitMatch } from './types.js';
import { isForeignKernel } from './layout-fixes.js';
import { denseInOut } from './dense-conventions.js';
import { CONV1D_WEIGHT } from './class-layouts.js';

export interface TensorFix {
  kind: 'transpose' | 'reshape';
  source: string;
  /** the key's name when the op applies (its target) */
  target: string;
  /** the target's shape (what a reshape gives) */
  shape: number[];
  /** the source's shape, when known */
  from?: number[];
  evidence: string;
  confidence: number;
  /** the shapes cannot tell; the module's name says it (a square Conv1D weight): kept in an op of its own */
  byName?: boolean;
  /** a transpose's permutation (output dim i is input dim dims[i]); [1, 0] when absent */
  dims?: number[];
  /** a reshape that merges dims before the same key's transpose (layout-fixes.ts): its op comes first */
  before?: boolean;
  /** a reversed weight nothing witnesses (judge-shapes.ts): taken to be transposed, said so on its op */
  unwitnessed?: true;
  /**
   * a square weight taken to be transposed like a same-named module's (squareConv1dFixes): that module's weight and
   * name, so that words withdrawing the guess can say what it rested on (class-layouts.ts)
   */
  witness?: { key: string; module: string };
}

type TensorOp = Extract<PlanOp, { op: 'transpose' | 'reshape' }>;

/** From an error text alone: the square weights a Conv1D checkpoint also stores transposed are never named (their shape reads the same both ways). */
export const SQUARE_CONV1D_UNNAMED =
  'the plan transposes only the weights the error names: a square weight (as GPT-2\'s `attn.c_proj.weight`) has the same shape either way, so the error never names it; if the checkpoint stores it as a Conv1D too, it loads without an error and with wrong values: give the checkpoint (sdmatch explain CHECKPOINT ERROR.txt), which finds such weights, or check the model\'s code';

/**
 * The transpose a split of a whole that holds its parts transposed needs first (SplitMatch.transposeFirst:
 * Mistral's `w2` [E·F, D] → [D, E·F], then cut along dim 1), as a fix on the whole's name at that point:
 * it joins the other transposes, one op by pattern for every layer's whole.
 */
export function transposeFirstFix(split: Pick<SplitMatch, 'source' | 'confidence'>, name: string, shape: readonly number[] | null): TensorFix | null {
  if (!shape || shape.length !== 2) return null;
  return {
    kind: 'transpose',
    source: split.source,
    target: name,
    shape: [shape[1]!, shape[0]!],
    from: [...shape],
    evidence: `[${shape.join(', ')}] holds its parts stored transposed: transposed before it is cut along dim 1`,
    confidence: split.confidence,
  };
}

/** `^a\.\d+\.b$` for `a.3.b`: the name with its indices free. */
function familyPattern(name: string): string {
  return `^${name
    .split('.')
    .map((s) => (isIndexSegment(s) ? '\\d+' : escapeRegex(s)))
    .join('\\.')}$`;
}

/** The pattern with its indices' `\d+` narrowed to the values the group has (`(?:0|1)`): it names exactly its keys. */
function exactIndices(pattern: string, targets: readonly string[]): string {
  const segs = pattern.slice(1, -1).split('\\.');
  if (!targets.every((t) => splitKey(t).length === segs.length)) return pattern;
  return `^${segs
    .map((p, i) => {
      if (p !== '\\d+') return p;
      const values = [...new Set(targets.map((t) => splitKey(t)[i]!))].sort((a, b) => Number(a) - Number(b));
      return values.length === 1 ? values[0]! : `(?:${values.join('|')})`;
    })
    .join('\\.')}$`;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * +n when `to` is `from` with n dims of size 1 appended (linear → 1×1 conv), −n when the reverse,
 * 0 otherwise (or when a shape is unknown).
 */
export function trailingOnes(from: readonly number[] | undefined, to: readonly number[]): number {
  if (!from) return 0;
  const [short, long, sign] = from.length < to.length ? [from, to, 1] : [to, from, -1];
  if (short.length === long.length || short.some((d, i) => d !== long[i]) || long.slice(short.length).some((d) => d !== 1)) return 0;
  return sign * (long.length - short.length);
}

/** What trailing 1s added (n > 0) or removed say of the group: linear ↔ 1×1 conv when every weight is 2-D ↔ 4-D. */
function onesWords(group: readonly TensorFix[], n: number): string {
  const conv = Math.abs(n) === 2 && group.every((f) => (n > 0 ? f.from?.length : f.shape.length) === 2);
  if (conv) return n > 0 ? 'linear weights where the model has 1×1 convs' : '1×1 conv weights where the model has linear ones';
  return `${Math.abs(n)} trailing dim${Math.abs(n) === 1 ? '' : 's'} of size 1 ${n > 0 ? 'added' : 'removed'} each`;
}

/**
 * One pattern for names of any number of segments: the segments they all begin with and all end
 * with, literal, anything between (`^stages\..+\.linear\.weight$`); null when they share no end
 * or one name is all ends (the pattern could not match it).
 */
function sharedEndsPattern(targets: readonly string[]): string | null {
  const split = targets.map(splitKey);
  let head = split[0]!.length;
  let tail = split[0]!.length;
  for (const s of split.slice(1)) {
    head = Math.min(head, commonPrefixLength(split[0]!, s));
    tail = Math.min(tail, commonSuffixLength(split[0]!, s));
  }
  if (head + tail === 0 || split.some((s) => head + tail >= s.length)) return null;
  const lit = (segs: readonly string[]) => segs.map(escapeRegex).join('\\.');
  const first = split[0]!;
  return `^${head ? `${lit(first.slice(0, head))}\\.` : ''}.+${tail ? `\\.${lit(first.slice(first.length - tail))}` : ''}$`;
}

function matchesExactly(pattern: string, group: readonly TensorFix[], names: readonly string[]): boolean {
  const re = new RegExp(pattern);
  const members = new Set(group.map((f) => f.target));
  // the (anchored) pattern first: it rejects nearly every name at its first characters, a look-up in the set costs a hash each
  return names.every((n) => !re.test(n) || members.has(n)) && group.every((f) => re.test(f.target));
}

/**
 * One pattern for names of as many segments: literal where they agree, `\d+` where they are
 * indices, the alternatives where they differ (`^(?:encoder|decoder)\.mid\.(?:q|k|v)\.weight$`).
 */
function sharedPattern(targets: readonly string[]): string {
  const split = targets.map((t) => splitKey(t));
  const at = (i: number) => [...new Set(split.map((s) => s[i]!))];
  const parts = split[0]!.map((_, i) => {
    const values = at(i);
    if (values.every(isIndexSegment)) return values.length === 1 ? values[0]! : '\\d+';
    if (values.length === 1) return escapeRegex(values[0]!);
    return `(?:${values.map(escapeRegex).join('|')})`;
  });
  return `^${parts.join('\\.')}$`;
}

/**
 * `pattern`, or it with one index position's `\d+` narrowed to the values the group has (the last
 * first: `ffn.layers.(?:0|4)` when `ffn.layers.1` is another module), or with all of them: the
 * first that matches exactly the group's keys; null when none does.
 */
function exactPattern(pattern: string, group: readonly TensorFix[], names: readonly string[]): string | null {
  if (matchesExactly(pattern, group, names)) return pattern;
  const targets = group.map((f) => f.target);
  const segs = pattern.slice(1, -1).split('\\.');
  const narrow = exactIndices(pattern, targets).slice(1, -1).split('\\.');
  if (narrow.length !== segs.length) return null;
  for (let i = segs.length - 1; i >= 0; i--) {
    if (segs[i] !== '\\d+') continue;
    const one = `^${segs.map((x, k) => (k === i ? narrow[k] : x)).join('\\.')}$`;
    if (matchesExactly(one, group, names)) return one;
  }
  const all = `^${narrow.join('\\.')}$`;
  return matchesExactly(all, group, names) ? all : null;
}

/**
 * names: every key's name at the point the ops apply; exact: patterns list the index values they
 * cover instead of `\d+` (partial key sets: a layer the error did not name must not be touched).
 */
export function findTensorOps(fixes: readonly TensorFix[], names: readonly string[], exact = false): { op: TensorOp; covers: string[] }[] {
  // one op for every key with the same fix and as many segments, if one pattern can say just them;
  // else one per indexed family; else one per key
  // (trailing 1s on a full key set: one fix whatever the sizes, first tried as one pattern over all)
  const ones = (f: TensorFix) => (!exact && f.kind === 'reshape' && !f.byName ? trailingOnes(f.from, f.shape) : 0);
  const groups: Group[] = [];
  const byOnes = new Map<number, TensorFix[]>();
  for (const f of fixes) if (ones(f) !== 0) (byOnes.get(ones(f)) ?? byOnes.set(ones(f), []).get(ones(f))!).push(f);
  const bySegments = new Map<string, TensorFix[]>();
  const bySegment = (id: string, f: TensorFix) => (bySegments.get(id) ?? bySegments.set(id, []).get(id)!).push(f);
  for (const [n, list] of byOnes) {
    // names of one length: their shared pattern reads best (`^b\.\d+\.fc\.weight$`); else the shared ends
    const oneLength = new Set(list.map((f) => splitKey(f.target).length)).size === 1;
    const ends = () => {
      const p = sharedEndsPattern(list.map((f) => f.target));
      return p !== null && matchesExactly(p, list, names) ? p : null;
    };
    const pattern = list.length < 2 ? null : ((oneLength ? exactPattern(sharedPattern(list.map((f) => f.target)), list, names) : null) ?? ends());
    if (pattern !== null) {
      groups.push({ pattern, fixes: list, ones: n });
      continue;
    }
    // else one pattern per segment count, whatever the sizes
    const bySize = new Map<number, TensorFix[]>();
    for (const f of list) (bySize.get(splitKey(f.target).length) ?? bySize.set(splitKey(f.target).length, []).get(splitKey(f.target).length)!).push(f);
    for (const same of bySize.values()) {
      const p = same.length > 1 ? exactPattern(sharedPattern(same.map((f) => f.target)), same, names) : null;
      if (p !== null) groups.push({ pattern: p, fixes: same, ones: n });
    }
  }
  // the rest as before: one fix per kind, shape and segment count
  const placed = new Set(groups.flatMap((g) => g.fixes));
  for (const f of fixes) {
    if (!placed.has(f)) bySegment(`${f.kind}\u0000${f.kind === 'reshape' ? f.shape.join('x') : (f.dims ?? [1, 0]).join(',')}\u0000${ones(f)}\u0000${splitKey(f.target).length}\u0000${f.byName ? 1 : 0}\u0000${f.before ? 1 : 0}\u0000${f.unwitnessed ? 1 : 0}`, f);
  }
  for (const list of bySegments.values()) {
    const n = ones(list[0]!);
    // the shared pattern, or it with its indices narrowed to the group's (MobileNet's depthwise kernels,
    // `layer.(?:0|2|4…)`, permuted otherwise than the pointwise ones between them): one op, not one per key
    const pattern = list.length > 1 ? exactPattern(sharedPattern(list.map((f) => f.target)), list, names) : null;
    if (pattern !== null) {
      groups.push({ pattern, fixes: list, ones: n });
      continue;
    }
    for (const [p, fam] of byFamily(list)) groups.push({ pattern: p, fixes: fam, ones: n });
  }
  // a partial key set: a pattern must name no key beyond its group's (the cross product of its
  // alternatives, `(?:attn|mlp)\.(?:c_attn|c_proj)`, would reach a square weight the error never named
  // and transpose it silently): else one op per indexed family, else one per key
  if (exact) groups.splice(0, groups.length, ...groups.flatMap(exactGroups));
  const out: { op: TensorOp; covers: string[] }[] = [];
  // a reshape merging dims before its key's transpose (layout-fixes.ts) comes before every transpose
  groups.sort((a, b) => Number(b.fixes[0]!.before ?? false) - Number(a.fixes[0]!.before ?? false));
  for (const { pattern, fixes: group, ones: n } of groups) {
    const first = group[0]!;
    const grouped = group.length > 1 && matchesExactly(pattern, group, names);
    const confidence = round2(group.reduce((a, f) => a + f.confidence, 0) / group.length);
    const make = (sel: { key: string } | { pattern: string }, evidence: string, shape: readonly number[]): TensorOp =>
      first.kind === 'transpose'
        ? { op: 'transpose', ...sel, dims: [...(first.dims ?? [1, 0])], confidence, evidence, ...(first.unwitnessed ? { unwitnessed: true as const } : {}) }
        : { op: 'reshape', ...sel, shape: [...shape], confidence, evidence };
    if (grouped) {
      const p = exact ? exactIndices(pattern, group.map((f) => f.target)) : pattern;
      const evidence = `${new Set(group.map((f) => f.source)).size} keys: ${n === 0 ? first.evidence : `${onesWords(group, n)} (${first.evidence})`}`;
      const op = make({ pattern: p }, evidence, first.shape);
      // trailing 1s: each key derives its own shape, so sizes need not agree
      out.push({ op: n === 0 || op.op !== 'reshape' ? op : { op: 'reshape', pattern: p, ...(n > 0 ? { addTrailingOnes: n } : { removeTrailingOnes: -n }), confidence, evidence }, covers: group.map((f) => f.source) });
      continue;
    }
    for (const f of group) {
      const op = make({ key: f.target }, f.evidence, f.shape);
      out.push({ op: { ...op, confidence: round2(f.confidence) }, covers: [f.source] });
    }
  }
  return out;
}

type Group = { pattern: string; fixes: TensorFix[]; ones: number };

/** Fixes by the indexed family of their target (familyPattern), in first-seen order. */
function byFamily(fixes: readonly TensorFix[]): Map<string, TensorFix[]> {
  const families = new Map<string, TensorFix[]>();
  for (const f of fixes) {
    const p = familyPattern(f.target);
    (families.get(p) ?? families.set(p, []).get(p)!).push(f);
  }
  return families;
}

/** The group, or its indexed families, or its keys one by one: the first whose exact patterns name only the group's keys. */
function exactGroups(g: Group): Group[] {
  const names = (fixes: readonly TensorFix[]) => new Set(fixes.map((f) => f.target));
  const fits = (pattern: string, fixes: readonly TensorFix[]) => languageSize(exactIndices(pattern, [...names(fixes)])) <= names(fixes).size;
  if (g.fixes.length < 2 || fits(g.pattern, g.fixes)) return [g];
  return [...byFamily(g.fixes)].flatMap(([pattern, fixes]) => (fits(pattern, fixes) ? [{ pattern, fixes, ones: g.ones }] : fixes.map((f) => ({ pattern, fixes: [f], ones: g.ones }))));
}

/**
 * How many names a pattern of sharedPattern/exactIndices's form can match: the product of its segments'
 * alternatives, Infinity when a segment is free (`\d+`, `.+`).
 */
function languageSize(pattern: string): number {
  let n = 1;
  for (const seg of pattern.slice(1, -1).split('\\.')) {
    if (seg.includes('\\d') || seg.includes('.+') || seg.includes('.*')) return Infinity;
    const alternatives = /^\(\?:(.*)\)$/.exec(seg);
    if (alternatives) n *= alternatives[1]!.split(/(?<!\\)\|/).length;
  }
  return n;
}

function blockModuleLeaf(name: string): { block: string; module: string; leaf: string } {
  const segs = splitKey(name);
  let lastIndex = -1;
  for (let i = segs.length - 1; i >= 0; i--) {
    if (isIndexSegment(segs[i]!)) {
      lastIndex = i;
      break;
    }
  }
  const block = segs.slice(0, lastIndex + 1).map((s) => (isIndexSegment(s) ? '{}' : s)).join('.');
  return { block, module: segs[segs.length - 2] ?? '', leaf: segs[segs.length - 1]! };
}

/** A key's name up to its last index (`transformer.h.0` of `transformer.h.0.attn.c_proj.weight`). */
function blockPrefix(name: string): string {
  const segs = splitKey(name);
  let i = segs.length - 1;
  while (i >= 0 && !isIndexSegment(segs[i]!)) i--;
  return segs.slice(0, i + 1).join('.');
}

/**
 * GPT-2's Conv1D stores every weight transposed, but `attn.c_proj` is square, so its shape proves
 * nothing. A square 2-D weight is taken to be transposed too when, in the same indexed block, a
 * module of the same name (`mlp.c_proj`) has a weight whose shape proves it.
 */
export function squareConv1dFixes(fixes: readonly TensorFix[], goals: ReadonlyMap<string, string>, source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>): TensorFix[] {
  const proven = new Map<string, string[]>();
  for (const f of fixes) {
    // a Flax / TF kernel's transpose is its library's layout (layout-fixes.ts), no Conv1D
    if (f.kind !== 'transpose' || isForeignKernel(f.source, f.target)) continue;
    const m = blockModuleLeaf(f.target);
    const k = `${m.block}\u0000${m.module}`;
    if (m.leaf === 'weight' && m.block) proven.set(k, [...(proven.get(k) ?? []), f.target]);
  }
  if (proven.size === 0) return [];
  const fixed = new Set(fixes.map((f) => f.source));
  // GPT-2's convention (review 26 F8): every module named as it names its Conv1Ds holds [in, out], so where every
  // non-square one here whose model shape is known is stored transposed, the checkpoint is of that convention and
  // its squares are transposed by it, not on one module's word (one answer with or without the model's classes)
  const transposed = new Set(fixes.filter((f) => f.kind === 'transpose').map((f) => f.source));
  let conv1d = 0;
  for (const [s, t] of goals) {
    const shape = source.get(s)?.shape;
    if (!CONV1D_WEIGHT.test(s) || !shape || shape.length !== 2 || shape[0] === shape[1]) continue;
    if (transposed.has(s)) conv1d++;
    else if (target.get(t)?.shape) {
      conv1d = 0;
      break;
    }
  }
  const out: TensorFix[] = [];
  for (const [s, t] of goals) {
    if (fixed.has(s) || isForeignKernel(s, t)) continue;
    const shape = source.get(s)?.shape;
    if (!shape || shape.length !== 2 || shape[0] !== shape[1]) continue;
    const m = blockModuleLeaf(t);
    const witnesses = m.leaf === 'weight' ? proven.get(`${m.block}\u0000${m.module}`) : undefined;
    if (!witnesses) continue;
    // the witness a reader checks first: one in this very block (`h.0.mlp.c_proj` for `h.0.attn.c_proj`), said where it is
    const here = blockPrefix(t);
    const witness = witnesses.find((w) => blockPrefix(w) === here) ?? witnesses[0]!;
    const where = blockPrefix(witness) === here ? 'in the same block' : 'in another block';
    const byConvention = conv1d > 0 && CONV1D_WEIGHT.test(s);
    out.push({
      kind: 'transpose',
      source: s,
      target: t,
      shape: [...shape],
      evidence: byConvention
        ? `square [${shape.join(', ')}], so its shape cannot tell; named as GPT-2 names its Conv1D layers, which store [in, out], and all ${conv1d} non-square ones here are stored transposed (\`${witness}\` (${where}), …), so this one is too`
        : `square [${shape.join(', ')}], so its shape cannot tell; \`${witness}\` (${where}, a module also named \`${m.module}\`) is stored transposed (a Conv1D stores [in, out]), so this one is taken to be too`,
      confidence: byConvention ? CONFIDENCE.transposeByConvention : CONFIDENCE.squareTransposeByName,
      byName: true,
      witness: { key: witness, module: m.module },
    });
  }
  return out;
}

/** A parameter held bare by its module (`text_projection`, `visual.proj`), not a layer's `weight`. */
export function isBareMatrix(key: string): boolean {
  const leaf = leafOf(key);
  return !/(^|_)(weight|bias|w|b)$/i.test(leaf);
}

/** Two bare matrices named for the same job: a word of one's name begins the other's (`proj`, `text_projection`). */
function sameJob(a: string, b: string): boolean {
  const words = (k: string) => wordsOf(leafOf(k)).filter((w) => w.length >= 3);
  const wb = words(b);
  return words(a).some((x) => wb.some((y) => x.startsWith(y) || y.startsWith(x)));
}

/**
 * Words of a table looked up by row (an embedding: [n, d] on both sides, an nn.Embedding's weight holds it
 * as stored), never a matrix multiplied as x @ P: a bare `positional_embedding` becoming
 * `position_embedding.weight` keeps its layout.
 */
const TABLE_WORD = /^(?:emb|embed|embeds|embedding|embeddings|pos|position|positional|token|tokens|wte|wpe|vocab|codebook|table|shared|lut)$/;
const isTable = (key: string) => splitKey(key).slice(-2).some((seg) => wordsOf(seg).some((w) => TABLE_WORD.test(w)));

/**
 * A pair between a bare 2-D parameter and an nn.Linear `weight`, either way round (OpenAI CLIP's
 * `visual.proj` → HF's `visual_projection.weight`, and back): the bare side's name, or null.
 */
function bareLinearSide(s: string, t: string): string | null {
  // the cheap leaf tests first: a weight to a weight (nearly every 2-D pair, 100,000 at scale) is no
  // candidate, and splitting its names into words for the table test was most of judgeShapes
  const bare = isBareMatrix(s) && t.endsWith('.weight') ? s : s.endsWith('.weight') && isBareMatrix(t) ? t : null;
  if (bare === null || isForeignKernel(s, t) || isTable(s) || isTable(t)) return null;
  return bare;
}

/**
 * A "bare" side that is a Linear's weight under a mangled name: the weight side's module has its `bias`
 * paired too (`enc.subweight` → `enc.submodule.weight` beside `enc.subbias` → `enc.submodule.bias`, keys
 * over-stripped by `k.replace('module.', '')`). A bare `x @ P` parameter has no bias beside it, so the
 * pair is a Linear loaded as stored: transposing its square weight would load silently, and wrong.
 */
function linearWithBias(s: string, t: string, bare: string, goals: ReadonlyMap<string, string>, pairedTargets: () => ReadonlySet<string>): boolean {
  const bias = (weight: string) => `${weight.slice(0, -'weight'.length)}bias`;
  return bare === s ? pairedTargets().has(bias(t)) : goals.has(bias(s));
}

/**
 * A bare 2-D parameter used as `x @ P` (CLIP's `text_projection`, `visual.proj`) becomes an
 * nn.Linear's weight, which computes `x @ W.T`: stored transposed (and a Linear weight becoming a
 * bare matrix, the same way back). A square one's shape proves nothing, so it follows what the
 * checkpoint's other bare matrices that became weights (or came from them) show, those named for the
 * same job first: when every one whose shape can tell was transposed, the square one is taken to be
 * too; when one of them kept its layout, the checkpoint contradicts the convention and the square one
 * is undecided (listed, loaded as stored). With no such matrix at all (both of CLIP's projections square,
 * as when the embed dim is the width), the convention alone decides: a bare matrix is what code
 * multiplies as `x @ P` (a parameter meant for nn.Linear's `x @ W.T` would be a Linear's `weight`), so
 * it is transposed — said as that assumption, at the confidence of a guess, never silently left as stored.
 */
export function squareProjectionFixes(fixes: readonly TensorFix[], goals: ReadonlyMap<string, string>, source: ReadonlyMap<string, Located>): { fixes: TensorFix[]; undecided: string[] } {
  const transposed = new Set(fixes.filter((f) => f.kind === 'transpose').map((f) => f.source));
  // the paired model keys, made only when a square bare matrix asks (a set of every target, 100,000 at scale, nearly never read)
  let targets: ReadonlySet<string> | null = null;
  const pairedTargets = () => (targets ??= new Set(goals.values()));
  // non-square pairs, by the bare side's name: their shapes say whether this checkpoint transposes
  const proving: { source: string; bare: string }[] = [];
  const squares: { source: string; target: string; bare: string; shape: number[] }[] = [];
  for (const [s, t] of goals) {
    const shape = source.get(s)?.shape;
    const bare = shape && shape.length === 2 ? bareLinearSide(s, t) : null;
    if (!shape || bare === null) continue;
    if (shape[0] !== shape[1]) proving.push({ source: s, bare });
    else if (!transposed.has(s) && !linearWithBias(s, t, bare, goals, pairedTargets)) squares.push({ source: s, target: t, bare, shape });
  }
  const out: TensorFix[] = [];
  const undecided: string[] = [];
  for (const sq of squares) {
    const peers = proving.filter((p) => sameJob(p.bare, sq.bare));
    const witnesses = peers.length > 0 ? peers : proving;
    const square = `square [${sq.shape.join(', ')}], so its shape cannot tell`;
    if (witnesses.some((p) => !transposed.has(p.source))) {
      undecided.push(sq.source);
      continue;
    }
    let evidence: string;
    if (witnesses.length > 0) {
      evidence = `${square}; \`${witnesses[0]!.source}\`, a bare matrix ${peers.length > 0 ? 'for the same job ' : ''}that also ${witnesses[0]!.bare === witnesses[0]!.source ? 'became' : 'came from'} a Linear weight, is stored transposed (x @ P), so this one is taken to be too`;
    } else {
      evidence = `${square}, and no other bare matrix here shows the layout: a bare parameter is what code multiplies as x @ P (CLIP's \`proj\`, \`text_projection\`), while a Linear computes x @ W.T, so it is taken to be stored transposed — an assumption`;
    }
    out.push({ kind: 'transpose', source: sq.source, target: sq.target, shape: [...sq.shape], evidence, confidence: CONFIDENCE.squareTransposeByName, byName: true });
  }
  return { fixes: out, undecided };
}

/** Why a TensorFlow checkpoint's square 2-d variable is listed (squareKernelFixes' `undecided`) */
export const TF_SQUARE_UNDECIDED = "values unverified: transpose? a square 2-d variable of a TensorFlow checkpoint, which stores dense kernels [in, out] (a Linear weight is [out, in]); its shape reads the same both ways, and neither its name's convention (one of its name here is stored as the model has it, or its name has none) nor two non-square variables here, all stored transposed, decide it: loaded as stored, which may be transposed; compare it with a trusted conversion";

/** TF variables of two dims stored as they are in PyTorch: embedding tables ([vocab, d] in both). */
const SAME_LAYOUT_VARIABLE = /(?:^|\.)(?:embedding|embeddings|\w*_embedding)$/;

/**
 * Square 2-d variables of a TensorFlow checkpoint (`tfLayout`, scope-paths.ts): TF stores a dense
 * kernel [in, out], PyTorch's Linear weight [out, in], so the converters transpose every 2-d variable
 * but the embedding tables. A square one's shape cannot say. Its name's convention can (dense-conventions.ts:
 * Keras `kernel`, TF-Slim `weights`, Haiku `w` are [in, out] whatever their shape), unless a non-square
 * weight of that name here is stored as the model has it; else the checkpoint's other 2-d variables can:
 * when at least two non-square ones are paired and every one of them (embeddings aside) is transposed,
 * the square ones are taken to be transposed too, said as resting on that. A square neither decides is
 * returned `undecided` (listed, loaded as stored: review 26 F6, never renamed silently); Keras kernels are
 * left to the layout stage, which reads them by their library's order.
 */
export function squareKernelFixes(fixes: readonly TensorFix[], goals: ReadonlyMap<string, string>, source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>): { fixes: TensorFix[]; undecided: string[] } {
  const transposed = new Set(fixes.filter((f) => f.kind === 'transpose').map((f) => f.source));
  let witnesses = 0;
  let witness = '';
  // leaves of non-square 2-d variables stored as the model has them (its shape known and equal): no convention
  // and no witness holds for them; one of a model shape unknown (an error text's) shows nothing either way
  const kept = new Set<string>();
  const unshaped: [string, string, readonly number[]][] = [];
  for (const [s, t] of goals) {
    const shape = source.get(s)?.shape;
    if (!shape || shape.length !== 2 || shape[0] === shape[1] || SAME_LAYOUT_VARIABLE.test(s)) continue;
    const to = target.get(t)?.shape;
    if (!transposed.has(s)) {
      if (to) kept.add(leafOf(s));
      else unshaped.push([s, t, shape]);
    } else {
      witnesses++;
      witness ||= s;
    }
  }
  const byWitnesses = witnesses >= 2 && kept.size === 0;
  const fixed = new Set(fixes.map((f) => f.source));
  const out: TensorFix[] = [];
  const undecided: string[] = [];
  for (const [s, t] of goals) {
    const shape = source.get(s)?.shape;
    if (fixed.has(s) || !shape || shape.length !== 2 || shape[0] !== shape[1] || SAME_LAYOUT_VARIABLE.test(s)) continue;
    const leaf = leafOf(s);
    // (a kernel is read by the layout stage, in its library's order for every rank: layout-fixes.ts)
    const convention = kept.has(leaf) || leaf === 'kernel' ? undefined : denseInOut(leaf);
    const square = `square [${shape.join(', ')}], so its shape cannot tell`;
    if (convention) {
      out.push({ kind: 'transpose', source: s, target: t, shape: [...shape], evidence: `${square}; ${convention.source}, whatever its shape`, confidence: CONFIDENCE.transposeByConvention, byName: true });
    } else if (byWitnesses) {
      out.push({
        kind: 'transpose',
        source: s,
        target: t,
        shape: [...shape],
        evidence: `${square}; a TensorFlow checkpoint stores dense kernels [in, out], and all ${witnesses} of its non-square 2-d variables (\`${witness}\`, …) are stored transposed, so this one is taken to be too`,
        confidence: CONFIDENCE.squareTransposeByName,
        byName: true,
      });
    } else if (leaf !== 'kernel') undecided.push(s);
  }
  // a weight of a convention's name whose model shape is unknown: stored [in, out] as its squares are
  for (const [s, t, shape] of unshaped) {
    const convention = kept.has(leafOf(s)) || fixed.has(s) ? undefined : denseInOut(leafOf(s));
    if (convention) out.push({ kind: 'transpose', source: s, target: t, shape: [shape[1]!, shape[0]!], evidence: `${convention.source}; the model's shape is not given`, confidence: CONFIDENCE.transposeByConvention });
  }
  return { fixes: out, undecided };
}
