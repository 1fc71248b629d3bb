/**
 * The last resort for a paste no known message format matches (a log line reworded by a wrapper
 * library, a key list quoted in prose, a format sdmatch has not met): keys are taken where they look
 * like state-dict keys, each on the side the nearest preceding word names ("missing", "not found",
 * "newly initialized" for the model's side; "unexpected", "not used", "unused" for the checkpoint's).
 * What it reads is flagged as read loosely and never as complete.
 */

import { MODULE_OR_PARAMETER_LEAVES, PARAMETER_LEAVES } from './leaves.js';

/** Parameter and buffer names a state-dict key ends in. */
const LEAF = new RegExp(`^(?:${[...PARAMETER_LEAVES, ...MODULE_OR_PARAMETER_LEAVES].join('|')})$`);
/** File names, module paths and URLs are not keys. */
export const NOT_A_KEY = /^(?:torch|transformers|mmcv|mmengine|mmdet|detectron2|fvcore|timm|peft|lightning|pytorch_lightning|numpy|os|sys|self|model_zoo)\.|\.(?:py|pth|pt|ckpt|bin|json|yaml|yml|txt|safetensors|pkl|com|org|io|html)$/;
const KEY = /[A-Za-z_][\w\-]*(?:\.[\w\-]+)+/g;
/**
 * Keys at the model's root have no dot (GRL's coordinate tables `"table_w", "index_sh_a2w"`, a ViT's
 * `"pos_embed", "cls_token"`): read only as torch prints a list, three or more quoted names a comma
 * apart, most of them snake_case (prose quotes words, rarely a run of identifiers).
 */
const QUOTED_NAMES = /(["'])[A-Za-z_]\w{0,80}\1(?:[ \t]*,\s{0,8}(["'])[A-Za-z_]\w{0,80}\2){2,}/g;
const QUOTED_NAME = /["']([A-Za-z_]\w*)["']/g;
const MODEL_SIDE = /\b(?:missing|not\s+found|not\s+initiali[sz]ed|newly\s+initiali[sz]ed|not\s+loaded|were\s+not\s+restored)\b/gi;
const CHECKPOINT_SIDE = /\b(?:unexpected|not\s+used|unused|ignored|were\s+not\s+consumed|extra\s+keys?)\b/gi;
/**
 * A label that names a side for the keys after it on its line (a post's `**Checkpoint keys:**
 * \`_orig_mod.x\`` / `**Expected keys:** \`x\``, FareedKhan-dev/train-llm-from-scratch#36; "keys in the
 * checkpoint: … / the model expects: …"): only on its own line, so a key list's comment heading
 * (`# checkpoint keys`) names no side for the lines below it.
 */
const LABELS: readonly { side: 'missing' | 'unexpected'; re: RegExp }[] = [
  { side: 'unexpected', re: /\b(?:checkpoint(?:'s)?\s+keys?|keys?\s+in\s+the\s+checkpoint|saved\s+keys?)\s*\W{0,3}:/gi },
  { side: 'missing', re: /\b(?:expected\s+keys?|model(?:'s)?\s+keys?|keys?\s+(?:the\s+)?model\s+expects|(?:the\s+)?model\s+expects)\s*\W{0,3}:/gi },
];

/**
 * A custom loader's line per key, the key first and its side after it (`parameter smpl.v_template not found`,
 * pytorch_HMR's loader): the line's form says the token is a key, whatever its last name (a body model's
 * `v_template`, `e3`), so no leaf test applies; a dotted token only, and never a file or module path.
 */
const KEY_THEN_SIDE_LINE = /^[ \t"'`]*(?:(?:parameter|param|key|weight|tensor)[ \t]+)?["'`]?([A-Za-z_][\w\-]*(?:\.[\w\-]+)+)["'`]?[ \t]+(?:is[ \t]+|was[ \t]+)?(?:not[ \t]+found|missing|not[ \t]+loaded)\b/gim;

/**
 * The same records once the paste lost its line breaks (`… modules... parameter smpl.v_template not found parameter
 * smpl.shapedirs not found …`): each one after a blank on the line, named by `parameter` so that prose is not read.
 */
const PARAMETER_THEN_SIDE = /(?<=\s)(?:parameter|param)[ \t]+["'`]?([A-Za-z_][\w\-]*(?:\.[\w\-]+)+)["'`]?[ \t]+(?:is[ \t]+|was[ \t]+)?(?:not[ \t]+found|missing|not[ \t]+loaded)\b/gi;

export interface LooseLists {
  missing: string[];
  unexpected: string[];
}

/** A line break between two runs of key characters: maybe a terminal's wrap inside one key. */
// starts only where a run starts: otherwise a long run without a break is rescanned from each of its characters
const BREAK_IN_TOKEN = /(["']|,[ \t]?)?(?<![\w.\-])([\w.\-]+)\r?\n[ \t]*([\w.\-]+)/g;
/** The words that give a side, whole (MODEL_SIDE, CHECKPOINT_SIDE): what a wrap may split. */
const SIDE_WORD = /^(?:missing|unexpected|unused|ignored|initiali[sz]ed)$/i;
export const endsInLeaf = (token: string): boolean => LEAF.test(token.replace(/[.\-]+$/, '').split('.').pop()!);

/**
 * Undo a terminal's wrap inside a key: the run before the break does not end in a parameter name, and
 * the two runs joined do (`layer2.0.dow` + `nsample.1.num_batches_tracked`, `"enco` +
 * `ders.0.conv.weight"`, `, lay` + `er1.1.bn1.weight`). A terminal breaks at its width, so only a
 * line as long as the paste's longest one (`widths`: each line's width as captured, before any
 * prefix was taken off) can end in a wrap; a word ending in a full stop ends a sentence (`...reported
 * as missing.`), and a line holding one whole token is a list item (`visual.proj` above
 * `visual.ln_post.weight`): neither is joined to the next line.
 */
function joinWrappedKeys(text: string, widths?: readonly number[]): string {
  const starts = [0];
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) starts.push(k + 1);
  const lineWidth = (k: number): number => widths?.[k] ?? text.slice(starts[k], (starts[k + 1] ?? text.length + 1) - 1).replace(/\r$/, '').length;
  let wrapWidth = 0;
  for (let k = 0; k < starts.length; k++) wrapWidth = Math.max(wrapWidth, lineWidth(k));
  const lineAt = (at: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return text.replace(BREAK_IN_TOKEN, (all, before: string | undefined, a: string, b: string, at: number) => {
    // a full stop ends a word (no dot inside it, no quote or list comma before it); a key's part
    // (`layer3.0.`, `"module.`) may end in a dot where the terminal broke it
    // a quoted name the wrap split (`"index_sh_` + `a2w"`: the quote that opened it closes right after) is one token
    const closed = before !== undefined && /^["']$/.test(before) && text[at + all.length] === before;
    // a side word the wrap split (`missin` + `g key(s)`, `unexpec` + `ted keys`): the words around the keys say their side
    const sideWord = before === undefined && SIDE_WORD.test(a + b);
    if (!closed && !sideWord && ((/^[^.]*\.$/.test(a) && !before) || endsInLeaf(a) || !endsInLeaf(a + b))) return all;
    // a quote opened at a line's end and closed at the next line's start holds one key, however wide the
    // line: repr() prints a key whole, so only a wrap put the break there, and a re-wrap, an editor's or an
    // OCR'd screenshot's break leaves the line narrower than the paste's widest (MaskCLIPpp#5, WeatherPrompt#1)
    if (closed) return before + a + b;
    const line = lineAt(at);
    if (lineWidth(line) < wrapWidth) return all;
    const lineText = text.slice(starts[line], at + (before?.length ?? 0) + a.length);
    if (lineText.replace(/^[\s"',]+/, '') === a) return all;
    // a word of prose before a key on the next line has no dot: the break must touch one, follow a
    // dotted run, or fall in a list item (a quote that opened just before the run, `"enco` +
    // `ders.0.conv.weight"`, or a comma before it, `, lay` + `er1.1.bn1.weight`)
    return sideWord || a.includes('.') || b.startsWith('.') || before ? (before ?? '') + a + b : all;
  });
}

/**
 * `widths`: each line's width as captured (see joinWrappedKeys); by default the lines' own.
 *
 * A label names no side where a side word precedes it on its line: "Missing keys in the checkpoint:"
 * lists missing keys (review8 p10), "Keys missing from the model keys:" too. Two labelled lists of both
 * sides that share keys are the two whole key sets printed side by side ("model keys: […]" /
 * "checkpoint keys: […]", review8 p18b): a key on both sides is neither missing nor unexpected, so the
 * labelled keys are diffed, each side keeping only what the other lacks.
 */
export function readLoosely(pasted: string, widths?: readonly number[]): LooseLists {
  const text = joinWrappedKeys(pasted, widths);
  const marks: { at: number; side: 'missing' | 'unexpected'; until?: number }[] = [];
  const words: number[] = [];
  for (const m of text.matchAll(MODEL_SIDE)) marks.push({ at: m.index, side: 'missing' });
  for (const m of text.matchAll(CHECKPOINT_SIDE)) marks.push({ at: m.index, side: 'unexpected' });
  for (const mark of marks) words.push(mark.at);
  for (const { side, re } of LABELS) {
    for (const m of text.matchAll(re)) {
      const bol = text.lastIndexOf('\n', m.index - 1) + 1;
      if (words.some((w) => w >= bol && w < m.index)) continue;
      const eol = text.indexOf('\n', m.index);
      marks.push({ at: m.index, side, until: eol < 0 ? text.length : eol });
    }
  }
  marks.sort((a, b) => a.at - b.at);
  const out: LooseLists = { missing: [], unexpected: [] };
  if (marks.length === 0) return out;
  const read: { key: string; side: 'missing' | 'unexpected'; labelled: boolean }[] = [];
  const records = [...text.matchAll(KEY_THEN_SIDE_LINE), ...text.matchAll(PARAMETER_THEN_SIDE)].sort((a, b) => a.index - b.index);
  for (const m of records) if (!NOT_A_KEY.test(m[1]!)) read.push({ key: m[1]!, side: 'missing', labelled: false });
  let mi = -1;
  for (const m of text.matchAll(KEY)) {
    while (mi + 1 < marks.length && marks[mi + 1]!.at < m.index) mi++;
    if (mi < 0 || m.index > (marks[mi]!.until ?? Infinity)) continue;
    const key = m[0].replace(/[.\-]+$/, '');
    const leaf = key.slice(key.lastIndexOf('.') + 1);
    if (!LEAF.test(leaf) || NOT_A_KEY.test(key)) continue;
    read.push({ key, side: marks[mi]!.side, labelled: marks[mi]!.until !== undefined });
  }
  let ni = -1;
  for (const m of text.matchAll(QUOTED_NAMES)) {
    while (ni + 1 < marks.length && marks[ni + 1]!.at < m.index) ni++;
    if (ni < 0 || m.index > (marks[ni]!.until ?? Infinity)) continue;
    const names = [...m[0].matchAll(QUOTED_NAME)].map((n) => n[1]!);
    if (names.filter((n) => n.includes('_')).length * 2 < names.length) continue;
    for (const key of names) read.push({ key, side: marks[ni]!.side, labelled: marks[ni]!.until !== undefined });
  }
  const labelledOn = (side: 'missing' | 'unexpected') => new Set(read.filter((r) => r.labelled && r.side === side).map((r) => r.key));
  const model = labelledOn('missing');
  const onBoth = new Set([...labelledOn('unexpected')].filter((k) => model.has(k)));
  const seen = new Set<string>();
  for (const r of read) {
    if (seen.has(r.key) || (r.labelled && onBoth.has(r.key))) continue;
    seen.add(r.key);
    out[r.side].push(r.key);
  }
  return out;
}
