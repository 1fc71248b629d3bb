/**
 * The last resort for a paste no known message format matches (a log line reworded by a wrapper
 * library, a key list quoted in prose, a format sdmatch has not met): keys are taken where they look
 * like state-dict keys, each on the side the nearest preceding word names ("missing", "not found",
 * "newly initialized" for the model's side; "unexpected", "not used", "unused" for the checkpoint's).
 * What it reads is flagged as read loosely and never as complete.
 */

/** Parameter and buffer names a state-dict key ends in. */
const LEAF = /^(?:weight|bias|running_mean|running_var|num_batches_tracked|position_ids|inv_freq|gamma|beta|scale|attn_mask|relative_position_index|relative_position_bias_table|masked_bias|in_proj_weight|in_proj_bias|weight_g|weight_v|pos_embed|cls_token|mask_token|absolute_pos_embed|embeddings|lora_A|lora_B|scales|zeros|qweight|qzeros|g_idx)$/;
/** File names, module paths and URLs are not keys. */
const NOT_A_KEY = /^(?:torch|transformers|mmcv|mmengine|mmdet|detectron2|fvcore|timm|peft|lightning|pytorch_lightning|numpy|os|sys|self|model_zoo)\.|\.(?:py|pth|pt|ckpt|bin|json|yaml|yml|txt|safetensors|pkl|com|org|io|html)$/;
const KEY = /[A-Za-z_][\w\-]*(?:\.[\w\-]+)+/g;
const MODEL_SIDE = /\b(?:missing|not\s+found|not\s+initiali[sz]ed|newly\s+initiali[sz]ed|not\s+loaded|were\s+not\s+restored)\b/gi;
const CHECKPOINT_SIDE = /\b(?:unexpected|not\s+used|unused|ignored|were\s+not\s+consumed|extra\s+keys?)\b/gi;

export interface LooseLists {
  missing: string[];
  unexpected: string[];
}

/** A line break between two runs of key characters: maybe a terminal's wrap inside one key. */
// starts only where a run starts: otherwise a long run without a break is rescanned from each of its characters
const BREAK_IN_TOKEN = /(["']|,[ \t]?)?(?<![\w.\-])([\w.\-]+)\r?\n[ \t]*([\w.\-]+)/g;
const endsInLeaf = (token: string): boolean => LEAF.test(token.replace(/[.\-]+$/, '').split('.').pop()!);

/**
 * Undo a wrap inside a key: the run before the break does not end in a parameter name, and the two
 * runs joined do (`layer2.0.dow` + `nsample.1.num_batches_tracked`, `layer2` + `.1.bn2.weight`,
 * `"enco` + `ders.0.conv.weight"`, `, lay` + `er1.1.bn1.weight`).
 * A break after a whole key stays.
 */
function joinWrappedKeys(text: string): string {
  return text.replace(BREAK_IN_TOKEN, (all, before: string | undefined, a: string, b: string) => {
    if (endsInLeaf(a) || !endsInLeaf(a + b)) return all;
    // a word of prose before a key on the next line has no dot: the break must touch one, follow a
    // dotted run, or fall in a list item (a quote that opened just before the run, `"enco` +
    // `ders.0.conv.weight"`, or a comma before it, `, lay` + `er1.1.bn1.weight`)
    return a.includes('.') || b.startsWith('.') || before ? (before ?? '') + a + b : all;
  });
}

export function readLoosely(pasted: string): LooseLists {
  const text = joinWrappedKeys(pasted);
  const marks: { at: number; side: 'missing' | 'unexpected' }[] = [];
  for (const m of text.matchAll(MODEL_SIDE)) marks.push({ at: m.index, side: 'missing' });
  for (const m of text.matchAll(CHECKPOINT_SIDE)) marks.push({ at: m.index, side: 'unexpected' });
  marks.sort((a, b) => a.at - b.at);
  const out: LooseLists = { missing: [], unexpected: [] };
  if (marks.length === 0) return out;
  const seen = new Set<string>();
  let mi = -1;
  for (const m of text.matchAll(KEY)) {
    while (mi + 1 < marks.length && marks[mi + 1]!.at < m.index) mi++;
    if (mi < 0) continue;
    const key = m[0].replace(/[.\-]+$/, '');
    const leaf = key.slice(key.lastIndexOf('.') + 1);
    if (!LEAF.test(leaf) || NOT_A_KEY.test(key) || seen.has(key)) continue;
    seen.add(key);
    out[marks[mi]!.side].push(key);
  }
  return out;
}
