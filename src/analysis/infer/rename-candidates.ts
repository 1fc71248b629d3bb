/**
 * The renames one key pair suggests, for the pipeline in rename-ops.ts to choose from. A pair
 * differs in hunks (segment-diff.ts); a rename is worth proposing only where it can make progress
 * now: at the first hunk (after the common head) or the last (before the common tail). Forms:
 *   segment: `(^|\.)bn1\.` → `$1conv1.norm.` — the same segments renamed wherever they occur
 *            (Detectron2's `bnK` → `convK.norm`, Whisper's `query` → `q_proj`);
 *   context: `(^|\.)mlp\.0\.` → `$1fc1.` with the segment before it when the hunk alone is a number;
 *   head:    `^layers\.(\d+)\.attention\.wq\.` → `model.layers.$1.self_attn.q_proj.` — everything up
 *            to the end of the first hunk or of a later module index (`^input_blocks\.4\.1\.` →
 *            `down_blocks.1.attentions.0.`), or one named segment further where both keys go on alike;
 *            numbers the target reuses become groups, or stay literal;
 *   exact:   `^conv1\.weight$` → `stem.conv1.weight`, the last resort (rename-ops asks for it).
 * Whether a form is right for every key it matches is for the caller to check.
 */
import { isIndexSegment, splitKey } from '../key-tokens.js';
import { escapeRegex } from './regex.js';
import { segmentHunks, type Hunk } from './segment-diff.js';

export interface RenameCandidate {
  pattern: string;
  replacement: string;
  /** segments every name the pattern matches contains (to find those names fast) */
  literals: string[];
}

const lit = (s: string) => s.replace(/\$/g, '$$$$');
const esc = (segs: readonly string[]) => segs.map(escapeRegex).join('\\.');

/**
 * `^` + c[0:e] → t[0:f]: the head of the key up to segment e becomes the target's up to f. With
 * `generalize`, index segments of the head that the target head reuses become groups.
 */
function headRule(c: readonly string[], t: readonly string[], e: number, f: number, generalize: boolean): RenameCandidate {
  const head = c.slice(0, e);
  const tHead = t.slice(0, f);
  const whole = e === c.length;
  const groupOf = new Map<number, number>();
  const used = new Set<number>();
  const repl = tHead.map((seg) => {
    if (!generalize || !isIndexSegment(seg)) return lit(seg);
    const i = head.findIndex((h, j) => h === seg && !used.has(j));
    if (i < 0) return seg;
    used.add(i);
    groupOf.set(i, 0);
    return `\u0000${i}\u0000`;
  });
  let g = 0;
  for (const i of [...groupOf.keys()].sort((a, b) => a - b)) groupOf.set(i, ++g);
  const pattern = `^${head.map((h, j) => (groupOf.has(j) ? '(\\d+)' : escapeRegex(h))).join('\\.')}${whole ? '$' : '\\.'}`;
  const body = repl.join('.').replace(/\u0000(\d+)\u0000/g, (_, i: string) => `$${groupOf.get(Number(i))}`);
  const replacement = whole ? body : f > 0 ? `${body}.` : '';
  return { pattern, replacement, literals: head.filter((_, j) => !groupOf.has(j)) };
}

/** `(^|\.)` + before + X (+ `.` or end) → before + Y: the hunk renamed wherever it occurs. */
function segmentRule(c: readonly string[], t: readonly string[], h: Hunk, before: readonly string[]): RenameCandidate | null {
  const x = [...before, ...c.slice(h.from, h.to)];
  const y = [...before, ...t.slice(h.tFrom, h.tTo)];
  const atEnd = h.to === c.length;
  if (x.length === 0) return null;
  if (y.length === 0) {
    // deleting the whole run: take the dot on the side that has one
    if (atEnd) return h.from > 0 ? { pattern: `\\.${esc(x)}$`, replacement: '', literals: x } : null;
    return { pattern: `(^|\\.)${esc(x)}\\.`, replacement: '$1', literals: x };
  }
  if (digitAfterGroup(y[0]!)) return null;
  return {
    pattern: `(^|\\.)${esc(x)}${atEnd ? '$' : '\\.'}`,
    replacement: `$1${lit(y.join('.'))}${atEnd ? '' : '.'}`,
    literals: x,
  };
}

/**
 * Text that would follow `$1` in a replacement and starts with a digit would read as group 1x (`$10`):
 * the plan format has no way to end a group's number there (`${1}` is index arithmetic, and group 1 here
 * is `(^|\.)`, no index), so such a rule is not proposed; the keys are left to the other rules.
 */
function digitAfterGroup(text: string): boolean {
  return /^\d/.test(text);
}

/** An insertion (X empty) said with the segment after it, or before it at the end. */
function insertionRule(c: readonly string[], t: readonly string[], h: Hunk): RenameCandidate | null {
  const y = lit(t.slice(h.tFrom, h.tTo).join('.'));
  if (h.from < c.length) {
    const next = c[h.from]!;
    const atEnd = h.from + 1 === c.length;
    if (h.from === 0) return { pattern: `^${escapeRegex(next)}${atEnd ? '$' : '\\.'}`, replacement: `${y}.${lit(next)}${atEnd ? '' : '.'}`, literals: [next] };
    if (digitAfterGroup(y)) return null;
    return { pattern: `(^|\\.)${escapeRegex(next)}${atEnd ? '$' : '\\.'}`, replacement: `$1${y}.${lit(next)}${atEnd ? '' : '.'}`, literals: [next] };
  }
  if (h.from === 0) return null;
  const prev = c[h.from - 1]!;
  return { pattern: `(^|\\.)${escapeRegex(prev)}$`, replacement: `$1${lit(prev)}.${y}`, literals: [prev] };
}

/**
 * An insertion said with what comes before it, back to a named segment: `(^|\.)net\.0\.` →
 * `$1net.0.proj.` (diffusers' GELU wraps the first Linear of `ff.net` as `net.0.proj`): every block's
 * key in one op, where the segment after it (`weight`) is everywhere and the head form would either
 * name one block or free the `0` too.
 */
function insertionAfter(c: readonly string[], t: readonly string[], h: Hunk): RenameCandidate | null {
  if (h.from === 0 || h.from >= c.length) return null;
  let b = h.from - 1;
  while (b > 0 && isIndexSegment(c[b]!)) b--;
  if (isIndexSegment(c[b]!) || b === h.from - 1) return null;
  const before = c.slice(b, h.from);
  const y = lit(t.slice(h.tFrom, h.tTo).join('.'));
  return { pattern: `(^|\\.)${esc(before)}\\.`, replacement: `$1${lit(before.join('.'))}.${y}.`, literals: before.filter((x) => !isIndexSegment(x)) };
}

/**
 * An insertion before a key's leaf said with the named segment before it and the leaf (`(^|\.)norm1\.weight$` →
 * `$1norm1.norm.weight`: diffusers' AdaLayerNorm wraps HunyuanDiT's `norm1` LayerNorm as `norm1.norm`): the leaf
 * alone (`(^|\.)weight$`) would move every weight, the head form names each block, and the module form
 * (`(^|\.)norm1\.`) also moves what an earlier op put under that name (`default_modulation.1` → `norm1.linear`).
 * One op per leaf, for every block.
 */
function insertionBeforeLeaf(c: readonly string[], t: readonly string[], h: Hunk): RenameCandidate | null {
  if (h.from === 0 || h.from + 1 !== c.length) return null;
  const prev = c[h.from - 1]!;
  const leaf = c[h.from]!;
  if (isIndexSegment(prev)) return null;
  const y = lit(t.slice(h.tFrom, h.tTo).join('.'));
  return { pattern: `(^|\\.)${escapeRegex(prev)}\\.${escapeRegex(leaf)}$`, replacement: `$1${lit(prev)}.${y}.${lit(leaf)}`, literals: [prev, leaf] };
}

/**
 * A module path flattened into one segment with `_` (kohya-ss LoRA names its modules so:
 * `lora_te_text_model_encoder_layers_0_mlp_fc1` is `text_encoder.text_model.encoder.layers.0.mlp.fc1`),
 * which segment rules cannot cut. Two forms, from the hunk's first source segment:
 *   unflatten: the segment is the hunk's first target segments joined by `_` (`mlp_fc1` → `mlp.fc1`);
 *   head:      the segment ends in such a run after a head of its own (`lora_te_`), cut after the run's
 *              last index, which becomes a group (`^lora_te_text_model_encoder_layers_(\d+)_` →
 *              `text_encoder.text_model.encoder.layers.$1.`): one rule for every block and module.
 */
function flattenedRules(c: readonly string[], t: readonly string[], h: Hunk, out: (cand: RenameCandidate) => void): void {
  const seg = c[h.from];
  if (h.from === h.to || seg === undefined || !seg.includes('_') || h.tTo - h.tFrom < 2) return;
  const ts = t.slice(h.tFrom, h.tTo);
  const before = h.from === 0 ? '^' : `^${esc(c.slice(0, h.from))}\\.`;
  for (let k = ts.length; k >= 2; k--) {
    if (ts.slice(0, k).join('_') !== seg) continue;
    // the same segment renamed wherever it occurs (the module it names is in every block)
    const atEnd = h.from + 1 === c.length;
    if (!digitAfterGroup(ts[0]!)) out({ pattern: `(^|\\.)${escapeRegex(seg)}${atEnd ? '$' : '\\.'}`, replacement: `$1${lit(ts.slice(0, k).join('.'))}${atEnd ? '' : '.'}`, literals: [seg] });
    return;
  }
  const tHead = t.slice(0, h.tFrom);
  for (let a = 1; a < ts.length - 1; a++) {
    for (let b = ts.length; b > a + 1; b--) {
      const run = ts.slice(a, b);
      const tail = `_${run.join('_')}`;
      if (!seg.endsWith(tail) || seg.length === tail.length) continue;
      let last = run.length - 1;
      while (last >= 0 && !isIndexSegment(run[last]!)) last--;
      if (last < 1) continue;
      const own = seg.slice(0, seg.length - tail.length);
      let g = 0;
      const cut = run.slice(0, last + 1);
      const pattern = `${before}${escapeRegex(own)}_${cut.map((x) => (isIndexSegment(x) ? '(\\d+)' : escapeRegex(x))).join('_')}_`;
      const replacement = [...tHead, ...ts.slice(0, a), ...cut].map((x, i) => (i >= tHead.length + a && isIndexSegment(x) ? `$${++g}` : lit(x))).join('.');
      out({ pattern, replacement: `${replacement}.`, literals: c.slice(0, h.from) });
      return;
    }
  }
}

/** Renames that make progress on the pair current → target now. */
export function proposeRenames(c: readonly string[], t: readonly string[], out: (cand: RenameCandidate) => void): void {
  const hunks = segmentHunks(c, t);
  if (hunks.length === 0) return;
  const first = hunks[0]!;
  const last = hunks[hunks.length - 1]!;
  // head forms: through the first hunk, and through each later pair of module indices
  const tailFrom = last.to;
  const tTailFrom = last.tTo;
  const ends: [number, number][] = [[first.to, first.tTo]];
  for (let e = first.to + 1; e <= tailFrom; e++) {
    if (!isIndexSegment(c[e - 1]!)) continue;
    for (let f = first.tTo + 1; f <= tTailFrom; f++) if (isIndexSegment(t[f - 1]!)) ends.push([e, f]);
  }
  // and through the last hunk where it only inserts (a module moved into a new container): `^pools\.(\d+)\.` →
  // `transformers.$1.pool.` (timm's PiT moves each pool into the stage it follows), one rule where a head and the
  // insertion apart take one op per module below it. Not for a last hunk that renames: its segment rule says that
  // for every block at once, and a head through it pins each block's module to one rule of its own
  if (last !== first && last.from === last.to && !ends.some(([e, f]) => e === tailFrom && f === tTailFrom)) ends.push([tailFrom, tTailFrom]);
  for (const [e, f] of ends) {
    if (e === 0) continue;
    out(headRule(c, t, e, f, true));
    out(headRule(c, t, e, f, false));
    // the head with the named module after it (past the indices after it), which both keys share: `^blk\.(\d+)\.attn\.` →
    // `model.layers.$1.attn.` where the bare head `^blk\.` would also move a key with no place (a stacked
    // expert tensor left unpaired), which no rename may touch: one rule per module, not one per key
    let e2 = e;
    let f2 = f;
    while (e2 < c.length - 1 && f2 < t.length - 1 && c[e2] === t[f2] && isIndexSegment(c[e2]!)) {
      e2++;
      f2++;
    }
    // not where the head ends in one module renamed to one (`m` → `attn`) with a named child next: the
    // segment rule (`(^|\.)m\.` → `$1attn.`) says that for every child at once, and a rule per child
    // splits it (LeViT's `m.qkv`, `m.proj`: 20 → 23 ops); past an index (`blk.0.attn`) or where the head
    // moves keys into or out of a container (`encoder.lm_head` → `lm_head`), the deeper head is needed
    const renamesOne = e === first.to && f === first.tTo && first.to - first.from === 1 && first.tTo - first.tFrom === 1;
    if ((e2 > e || !renamesOne) && e2 < c.length - 1 && f2 < t.length - 1 && c[e2] === t[f2]) out(headRule(c, t, e2 + 1, f2 + 1, true));
  }
  flattenedRules(c, t, first, out);
  for (const h of first === last ? [first] : [first, last]) {
    if (h.from === h.to) {
      const ins = insertionRule(c, t, h);
      if (ins) out(ins);
      const after = insertionAfter(c, t, h);
      if (after) out(after);
      const beforeLeaf = insertionBeforeLeaf(c, t, h);
      if (beforeLeaf) out(beforeLeaf);
      continue;
    }
    // a run that is only numbers, alone, would match every module of that number
    const numbersOnly = c.slice(h.from, h.to).every(isIndexSegment);
    const plain = numbersOnly ? null : segmentRule(c, t, h, []);
    if (plain) out(plain);
    // a run that ends the key, several named segments a side (TF-slim's `Conv2d_1_depthwise.BatchNorm.beta` →
    // `layer.0.normalization.bias`, no segment in common): its last segment alone, the parameter renamed
    // wherever it occurs (`(^|\.)beta$` → `$1bias`), so the run shortens from the end for every block at once
    // and what is left of it is one head per block, not one exact rename per key
    const leaf = leafRun(c, t, h);
    if (leaf) out(leaf);
    // a run that is only numbers (`0` of `mlp.0`) needs the segment before it to mean anything
    if (h.from > 0 && numbersOnly) {
      const ctx = segmentRule(c, t, { from: h.from, to: h.to, tFrom: h.tFrom, tTo: h.tTo }, [c[h.from - 1]!]);
      if (ctx && h.tFrom > 0 && t[h.tFrom - 1] === c[h.from - 1]) out(ctx);
    }
  }
}

/** The last segment of a run that ends both keys, renamed alone (see proposeRenames), or null. */
function leafRun(c: readonly string[], t: readonly string[], h: Hunk): RenameCandidate | null {
  if (h.to !== c.length || h.tTo !== t.length || h.to - h.from < 2 || h.tTo - h.tFrom < 2) return null;
  if (isIndexSegment(c[h.to - 1]!) || isIndexSegment(t[h.tTo - 1]!)) return null;
  return segmentRule(c, t, { from: h.to - 1, to: h.to, tFrom: h.tTo - 1, tTo: h.tTo }, []);
}

/** The last resort: this one name, exactly. */
export function exactRename(c: string, t: string): RenameCandidate {
  return { pattern: `^${escapeRegex(c)}$`, replacement: lit(t), literals: splitKey(c) };
}
