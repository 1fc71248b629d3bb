import { parseErrorText, type ErrorReport } from '../../src/formats/error-text.js';
import { VARIANTS } from './paste-variants.js';
import { scoreCase, type CaseFix, type CaseScore, type DiagnosisCase } from './score.js';

/**
 * Issue 10's generalisation probe (session 22): label-preserving perturbations of the TUNING texts.
 *
 * Tuning halves score 95-100 %, fresh halves 87-90 %: decisions fitted to the texts read do not carry
 * over. This probe asks which decisions are brittle without touching held-out data: for every tuning
 * case explain gets right, it derives texts that should not change the right answer (another model
 * class in the heading, module words renamed consistently, a numbered stack one block shorter, a custom
 * wrapper word changed, torch's other size-line wording, a Markdown quote, a fence, CRLF), rewrites the
 * case's label mechanically with the same map (never by hand), and scores explain's answer on the
 * variant against the rewritten label. A right case that turns wrong is a flip.
 *
 * Held-out entries are dropped by `half` before anything else (`tuningOnly`): no held-out text or label
 * is read, perturbed or scored here (test/bench/robust.test.ts checks it).
 *
 *   npm run bench -- --only diagnose-robust
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/diagnosis/robust.js [-v] [--ids ID,ID] [--kinds KIND,KIND]
 */

/** A perturbed case: the text a user could have pasted instead, and the label carried over to it. */
export interface Derived {
  text: string;
  fix: CaseFix;
  /**
   * the generator's own check: the variant's keys must parse to these (the clean text's, carried over), or
   * the variant is not derived (e.g. a key a terminal wrapped across lines is not renamed in one piece)
   */
  requireKeys?: string[];
}

export interface Perturbation {
  kind: string;
  why: string;
  /** null when the perturbation does not apply to the text (nothing it could change) */
  derive(c: DiagnosisCase, clean: ErrorReport): Derived | null;
}

/** Every case of a tuning half; held-out cases are dropped before any other field of them is read. */
export function tuningOnly(cases: readonly DiagnosisCase[]): DiagnosisCase[] {
  return cases.filter((c) => /^tuning\d*$/.test(c.half));
}

// ---------------------------------------------------------------------------------------------
// key tokens and the label's strings

/** A dotted name (`backbone.layer1.0.conv1.weight`, a prefix `a.b.`): a dot inside it, not only a sentence's full stop. */
const KEY_TOKEN = /[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)+\.?/g;

/** Every key a parse read, on any side. */
export function parsedKeys(r: ErrorReport): string[] {
  return [...r.missing, ...r.unexpected, ...r.sizeMismatch.map((s) => s.key), ...(r.unsided ?? [])];
}

/** The same label with every string that names a key or prefix passed through `f`. */
export function mapFix(fix: CaseFix, f: (s: string) => string): CaseFix {
  return {
    ...fix,
    select: fix.select === null ? null : fix.select.map((x) => (typeof x === 'string' ? f(x) : x)),
    stripPrefix: fix.stripPrefix === null ? null : f(fix.stripPrefix),
    addPrefix: fix.addPrefix === null ? null : f(fix.addPrefix),
    renames: fix.renames.map((r) => ({ from: f(r.from), to: f(r.to) })),
    drop: fix.drop.map(f),
    keepMissing: fix.keepMissing.map(f),
    transforms: fix.transforms.map((t) => ({ ...t, key: f(t.key) })),
  };
}

/** The strings of a label (select fields, prefixes, every key it names). */
function labelStrings(fix: CaseFix): string[] {
  const out: string[] = [];
  mapFix(fix, (s) => (out.push(s), s));
  return out;
}

/** A segment `layer1` is the word `layer` and the number `1`; `conv_1x1` is a word of its own. */
function splitSegment(seg: string): { word: string; num: string } {
  const m = /^(.*?[A-Za-z_])(\d*)$/.exec(seg);
  return m ? { word: m[1]!, num: m[2]! } : { word: '', num: seg };
}

/** Every segment word of every dotted token of `s` (a key, a prefix, a module path). */
function segmentWords(s: string): Set<string> {
  const out = new Set<string>();
  for (const tok of s.match(KEY_TOKEN) ?? []) for (const seg of tok.split('.')) if (seg) out.add(splitSegment(seg).word);
  return out;
}

/** `s` with every dotted token's segments whose word `map` names renamed (`layer1` -> `stage1`), numbers kept. */
export function renameWords(s: string, map: ReadonlyMap<string, string>): string {
  return s.replace(KEY_TOKEN, (tok) =>
    tok
      .split('.')
      .map((seg) => {
        const { word, num } = splitSegment(seg);
        const to = map.get(word);
        return to === undefined ? seg : `${to}${num}`;
      })
      .join('.'),
  );
}

/** Words of the label that decide its prefix or selection: renaming them is the prefix kind's job, not this one's. */
function structuralWords(fix: CaseFix): Set<string> {
  const out = new Set<string>();
  for (const s of fix.select ?? []) if (typeof s === 'string') out.add(s);
  for (const p of [fix.stripPrefix, fix.addPrefix]) if (p) for (const seg of p.split('.')) if (seg) out.add(splitSegment(seg).word);
  return out;
}

/**
 * A consistent renaming of the words `table` offers that the text's keys use: each word to the first
 * offer the text does not already hold (so no two modules merge), leaf names and the label's prefix
 * and selection words left alone. Null when nothing is renamed.
 */
function wordMap(c: DiagnosisCase, clean: ErrorReport, table: Record<string, readonly string[]>, skip: (word: string) => boolean): Map<string, string> | null {
  const keys = parsedKeys(clean);
  if (keys.length === 0) return null;
  const used = segmentWords(c.text);
  for (const s of labelStrings(c.fix)) for (const w of segmentWords(s)) used.add(w);
  const leaves = new Set(keys.map((k) => splitSegment(k.split('.').at(-1) ?? '').word));
  const keyWords = new Set(keys.flatMap((k) => [...segmentWords(k)]));
  const fixed = structuralWords(c.fix);
  const map = new Map<string, string>();
  for (const [word, offers] of Object.entries(table)) {
    if (!keyWords.has(word) || leaves.has(word) || fixed.has(word) || skip(word)) continue;
    const to = offers.find((o) => !used.has(o) && ![...map.values()].includes(o));
    if (to) map.set(word, to);
  }
  return map.size ? map : null;
}

function renamed(c: DiagnosisCase, clean: ErrorReport, map: Map<string, string>): Derived {
  // a key a terminal wrapped across lines (`back` + `bone.layer1…`) is not renamed in the text: then the variant is not consistent, not derived
  return { text: renameWords(c.text, map), fix: mapFix(c.fix, (s) => renameWords(s, map)), requireKeys: parsedKeys(clean).map((k) => renameWords(k, map)) };
}

/**
 * Container words of the same role under another name, each as real code names it: a backbone is an
 * encoder or a trunk, a layer a stage. Neither a leaf (`weight`), nor a role the layout decides
 * (`attn`, `qkv`, `norm`), nor a checkpoint field (`model`, `state_dict`).
 */
const MODULE_SYNONYMS: Record<string, readonly string[]> = {
  backbone: ['encoder', 'trunk'],
  encoder: ['trunk', 'enc'],
  decoder: ['dec', 'upsampler'],
  layer: ['stage', 'level'],
  layers: ['stages', 'levels'],
  blocks: ['units', 'cells'],
  block: ['unit', 'cell'],
  features: ['feats', 'body'],
  stem: ['entry'],
  neck: ['bridge'],
  downsample: ['shortcut'],
  res: ['resid'],
  stages: ['levels'],
  stage: ['level'],
  transformer: ['trunk'],
};

/** Output heads under another name that real models use; only where the label names no key of them. */
const HEAD_SYNONYMS: Record<string, readonly string[]> = {
  // no two offers share a word (`cls_layer` and `cls_head` would make a name likeness the text never had)
  fc: ['logits', 'fc_out'],
  classifier: ['predictor', 'classify'],
  head: ['output_layer', 'decision'],
  heads: ['predictors'],
  cls: ['scorer'],
  last_linear: ['logit_layer'],
};

/**
 * Layer words under the other name real code gives the same layer (YOLO's `cv1`, an `ffn` for an `mlp`): what
 * the layer is shows in its leaves and shapes, not in this word.
 */
const LAYER_SYNONYMS: Record<string, readonly string[]> = {
  conv: ['cv'],
  convs: ['cvs'],
  bn: ['bnorm'],
  mlp: ['ffn'],
  attn: ['attention', 'atten'],
  proj: ['projection'],
  dense: ['linear_layer'],
  linear: ['dense_layer'],
};

// ---------------------------------------------------------------------------------------------
// the heading's class name

const OTHER_CLASSES = ['SwinTransformer', 'ResNet', 'UNet', 'DeepLabV3'] as const;
/**
 * Classes whose name is evidence, kept: wrappers that say how the model was built (DataParallel's `module.`,
 * torch.compile's `_orig_mod.`, PEFT), containers whose keys are their children's numbers (`Sequential`),
 * and transformers' task classes (`…ForCTC`: the head's job, a CTC vocabulary or a class count).
 */
const WRAPPER_CLASS = /Parallel|OptimizedModule|^Peft|Lora|LoRA|^(?:Sequential|ModuleList|ModuleDict)$|For[A-Z]/;
const HEADING_CLASS = /(Error\(s\) in loading state_dict for |when initializing |initialized from the model checkpoint at \S+ for |Some weights of )([A-Za-z_][\w.]*)/g;

function swapClass(c: DiagnosisCase): Derived | null {
  const names = [...c.text.matchAll(HEADING_CLASS)].map((m) => m[2]!).filter((n) => !WRAPPER_CLASS.test(n) && !/^the$/.test(n));
  if (names.length === 0) return null;
  const from = new Set(names);
  const to = OTHER_CLASSES.find((o) => !from.has(o) && !c.text.includes(o));
  if (!to) return null;
  const text = c.text.replace(HEADING_CLASS, (m, lead: string, name: string) => (from.has(name) ? `${lead}${to}` : m));
  return text === c.text ? null : { text, fix: c.fix };
}

// ---------------------------------------------------------------------------------------------
// one block fewer in a numbered stack

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The outermost numbered container of a key (`encoder.layer.11.attn.q.weight` -> `encoder.layer`, 11), or null. */
function outerIndex(key: string): { container: string; index: number } | null {
  const segs = key.split('.');
  const at = segs.findIndex((s) => /^\d+$/.test(s));
  return at > 0 ? { container: segs.slice(0, at).join('.'), index: Number(segs[at]) } : null;
}

/** Keys whose outermost numbered stack's last block goes: stacks of three blocks or more, each its own last. */
function lastBlockKeys(keys: readonly string[]): Set<string> {
  const byContainer = new Map<string, Set<number>>();
  for (const k of keys) {
    const o = outerIndex(k);
    if (!o) continue;
    let s = byContainer.get(o.container);
    if (!s) byContainer.set(o.container, (s = new Set()));
    s.add(o.index);
  }
  const gone = new Set<string>();
  for (const k of keys) {
    const o = outerIndex(k);
    if (!o) continue;
    const idx = byContainer.get(o.container)!;
    if (idx.size >= 3 && o.index === Math.max(...idx)) gone.add(k);
  }
  return gone;
}

/** The text without the list items and size lines of `gone` (quoted items with their comma; a key alone on a line). */
function withoutKeys(text: string, gone: ReadonlySet<string>): string {
  let out = text;
  for (const k of gone) {
    const e = escapeRe(k);
    out = out
      .replace(new RegExp(`^[^\\n]*size mismatch for ${e}:[^\\n]*\\n?`, 'gm'), '')
      .replace(new RegExp(`^[^\\n]*While copying the parameter named "?${e}"?,[^\\n]*\\n?`, 'gm'), '')
      .replace(new RegExp(`(["'])${e}\\1,[ \\t]*`, 'g'), '')
      .replace(new RegExp(`,[ \\t]*(["'])${e}\\1`, 'g'), '')
      .replace(new RegExp(`^[ \\t]*${e}[ \\t]*\\n`, 'gm'), '');
  }
  return out;
}

function shorterStack(c: DiagnosisCase, clean: ErrorReport): Derived | null {
  const keys = parsedKeys(clean);
  const labelKeys = [...c.fix.renames.flatMap((r) => [r.from, r.to]), ...c.fix.drop, ...c.fix.keepMissing, ...c.fix.transforms.map((t) => t.key)];
  const gone = lastBlockKeys([...keys, ...labelKeys]);
  if (gone.size === 0) return null;
  const keep = (k: string) => !gone.has(k);
  const fix: CaseFix = {
    ...c.fix,
    renames: c.fix.renames.filter((r) => keep(r.from) && keep(r.to)),
    drop: c.fix.drop.filter(keep),
    keepMissing: c.fix.keepMissing.filter(keep),
    transforms: c.fix.transforms.filter((t) => keep(t.key)),
  };
  // a label left without the keys that made it is another case, not this one shorter
  const emptied = (a: readonly unknown[], b: readonly unknown[]) => a.length > 0 && b.length === 0;
  if (emptied(c.fix.renames, fix.renames) || emptied(c.fix.drop, fix.drop) || emptied(c.fix.keepMissing, fix.keepMissing) || emptied(c.fix.transforms, fix.transforms)) return null;
  const text = withoutKeys(c.text, gone);
  if (text === c.text) return null;
  return { text, fix, requireKeys: keys.filter(keep) };
}

/** The key with its outermost numbered stack's index moved by `by`, when `at` says that stack and index. */
function shiftIndex(key: string, at: ReadonlyMap<string, number>, by: number): string | null {
  const o = outerIndex(key);
  if (!o || at.get(o.container) !== o.index) return null;
  return `${o.container}.${o.index + by}${key.slice(o.container.length + 1 + String(o.index).length)}`;
}

/**
 * Each numbered stack of 3+ blocks one block longer: every key of its last block written again with the next
 * index right after it (a quoted list item, a size line), the label's keys of that block copied the same way.
 */
function longerStack(c: DiagnosisCase, clean: ErrorReport): Derived | null {
  const keys = parsedKeys(clean);
  const labelKeys = [...c.fix.renames.flatMap((r) => [r.from, r.to]), ...c.fix.drop, ...c.fix.keepMissing, ...c.fix.transforms.map((t) => t.key)];
  const last = new Map<string, number>();
  for (const k of lastBlockKeys([...keys, ...labelKeys])) {
    const o = outerIndex(k)!;
    last.set(o.container, o.index);
  }
  if (last.size === 0) return null;
  // only a key the text shows whole gets its copy (a size line the paste cut is not written again)
  const shown = new Set(keys);
  const next = (k: string) => (shown.has(k) ? shiftIndex(k, last, 1) : null);
  const withNext = (ks: readonly string[]) => ks.flatMap((k) => [k, ...[next(k)].filter((x): x is string => x !== null)]);
  const fix: CaseFix = {
    ...c.fix,
    renames: c.fix.renames.flatMap((r) => {
      const from = next(r.from);
      const to = next(r.to);
      return from && to ? [r, { from, to }] : [r];
    }),
    drop: withNext(c.fix.drop),
    keepMissing: withNext(c.fix.keepMissing),
    transforms: c.fix.transforms.flatMap((t) => [t, ...[next(t.key)].filter((x): x is string => x !== null).map((key) => ({ ...t, key }))]),
  };
  let text = c.text;
  for (const k of new Set(keys)) {
    const n = next(k);
    if (!n) continue;
    const e = escapeRe(k);
    text = text
      .replace(new RegExp(`^([^\\n]*size mismatch for )${e}(:[^\\n]*)$`, 'gm'), (line, a: string, b: string) => `${line}\n${a}${n}${b}`)
      .replace(new RegExp(`(["'])${e}\\1`, 'g'), (item, q: string) => `${item}, ${q}${n}${q}`);
  }
  if (text === c.text) return null;
  return { text, fix, requireKeys: withNext(keys) };
}

// ---------------------------------------------------------------------------------------------
// the checkpoint field that holds the weights

/** Field names real checkpoints keep their weights under that no table of sdmatch lists: only the structure says them. */
const OTHER_FIELDS = ['model_weights', 'net_params', 'weights_dict'] as const;

function otherField(c: DiagnosisCase): Derived | null {
  const f = c.fix.select?.[0];
  if (typeof f !== 'string' || !new RegExp(`["'\u201c\u2018]${escapeRe(f)}["'\u201d\u2019]`).test(c.text)) return null;
  const to = OTHER_FIELDS.find((o) => !c.text.includes(o));
  if (!to) return null;
  // the field as a quoted name (a listed key, a subscript `ckpt['state_dict']`), never a word of the prose
  const re = new RegExp(`(["'\u201c\u2018])${escapeRe(f)}(["'\u201d\u2019])`, 'g');
  const text = c.text.replace(re, `$1${to}$2`);
  return { text, fix: { ...c.fix, select: [to, ...c.fix.select!.slice(1)] } };
}

// ---------------------------------------------------------------------------------------------
// the script's name, within its role

/** Script names of one role (an evaluation run, a training run), each to another of the same role. */
const SCRIPT_SYNONYMS: Record<string, string> = {
  demo: 'inference',
  inference: 'predict',
  infer: 'predict',
  predict: 'demo',
  test: 'evaluate',
  eval: 'evaluate',
  evaluate: 'test',
  train: 'train_net',
  train_net: 'train',
  main: 'run',
};

function otherScript(c: DiagnosisCase): Derived | null {
  const re = /(?<=[\/"'\s]|^)([A-Za-z_]\w*)(?=\.py\b)/gm;
  const text = c.text.replace(re, (name: string) => SCRIPT_SYNONYMS[name] ?? name);
  return text === c.text ? null : { text, fix: c.fix };
}

// ---------------------------------------------------------------------------------------------
// a custom wrapper word

/** Prefixes a library puts there (DataParallel, torch.compile, OpenMMLab's whole model around its `backbone`): their word is the evidence, kept. */
const LIBRARY_PREFIX = /^(module\.)+$|^_orig_mod\.$|^backbone\.$/;
const WRAPPER_WORDS = ['network', 'model_ema', 'net'] as const;

function otherWrapper(c: DiagnosisCase): Derived | null {
  const p = c.fix.stripPrefix ?? c.fix.addPrefix;
  if (!p || LIBRARY_PREFIX.test(p)) return null;
  const first = p.split('.')[0]!;
  const used = segmentWords(c.text);
  const to = WRAPPER_WORDS.find((w) => w !== first && !used.has(w));
  if (!to) return null;
  // only the prefix's first word, only where it starts a key (a dotted token beginning with it)
  const re = new RegExp(`(?<![A-Za-z0-9_.])${escapeRe(first)}(?=\\.)`, 'g');
  const f = (s: string) => s.replace(re, to);
  const text = f(c.text);
  return text === c.text ? null : { text, fix: mapFix(c.fix, f) };
}

// ---------------------------------------------------------------------------------------------
// torch's other size-line wording

const NEW_SIZE = /size mismatch for ([\w.]+): copying a param with shape (torch\.Size\(\[[\d, ]*\]\)) from checkpoint, the shape in current model is (torch\.Size\(\[[\d, ]*\]\))\./g;
const OLD_SIZE = /While copying the parameter named "?([\w.]+)"?, whose dimensions in the model are (torch\.Size\(\[[\d, ]*\]\)) and whose dimensions in the checkpoint are (torch\.Size\(\[[\d, ]*\]\))\./g;

/** torch >= 0.4.1's size line as 0.4.0 printed it, or the other way round. */
function otherSizeWording(c: DiagnosisCase, clean: ErrorReport): Derived | null {
  let text = c.text.replace(NEW_SIZE, (_, k: string, ckpt: string, model: string) => `While copying the parameter named "${k}", whose dimensions in the model are ${model} and whose dimensions in the checkpoint are ${ckpt}.`);
  if (text === c.text) text = c.text.replace(OLD_SIZE, (_, k: string, model: string, ckpt: string) => `size mismatch for ${k}: copying a param with shape ${ckpt} from checkpoint, the shape in current model is ${model}.`);
  return text === c.text ? null : { text, fix: c.fix, requireKeys: parsedKeys(clean) };
}

// ---------------------------------------------------------------------------------------------
// the same keys as strict=False's return value

/**
 * torch's strict error (its heading and its Missing / Unexpected lines, nothing else of it) as the `_IncompatibleKeys`
 * that `load_state_dict(..., strict=False)` returns and the poster printed: the same keys, the load lenient. Only for a
 * whole message of torch's alone (no size line: strict=False raises those too; no cut list).
 */
function asIncompatibleKeys(c: DiagnosisCase, clean: ErrorReport): Derived | null {
  if (clean.truncated || clean.sizeMismatch.length > 0 || (clean.unsided ?? []).length > 0 || clean.missing.length + clean.unexpected.length === 0) return null;
  if (!(clean.families ?? []).every((f) => f === 'torch')) return null;
  const ls = c.text.split('\n');
  const at = ls.findIndex((l) => /Error\(s\) in loading state_dict for /.test(l));
  if (at < 0) return null;
  let end = at;
  while (end + 1 < ls.length && /^\s*(?:Missing key\(s\)|Unexpected key\(s\))/.test(ls[end + 1]!)) end++;
  if (end === at) return null;
  const list = (keys: readonly string[]) => `[${keys.map((k) => `'${k}'`).join(', ')}]`;
  const repr = `_IncompatibleKeys(missing_keys=${list(clean.missing)}, unexpected_keys=${list(clean.unexpected)})`;
  const text = [...ls.slice(0, at), repr, ...ls.slice(end + 1)].join('\n');
  return { text, fix: c.fix, requireKeys: parsedKeys(clean) };
}

// ---------------------------------------------------------------------------------------------
// the same lists in the other order

/**
 * A key list's lines in the three forms the probe reverses: torch's strict lines after its heading (quoted keys),
 * strict=False's `_IncompatibleKeys` fields (quoted in brackets), mmcv/mmengine's `… in source state_dict:` lines
 * (bare keys). Each: what comes before the keys, the keys' own pattern.
 */
const LIST_LINES: readonly { re: RegExp; key: RegExp }[] = [
  { re: /((?:Missing|Unexpected) key\(s\) in state_dict: )((?:"[^"]+",\s*)*"[^"]+")/g, key: /"[^"]+"/g },
  { re: /((?:missing|unexpected)_keys=\[)((?:'[^']+',\s*)*'[^']+')(?=\])/g, key: /'[^']+'/g },
  { re: /((?:unexpected key|missing keys) in source state_dict: )([\w.]+(?:, [\w.]+)*)(?=\s*$)/gm, key: /[\w.]+/g },
];

/**
 * Every key list of a whole torch, `_IncompatibleKeys` or mmcv/mmengine message with its keys in reverse order, both
 * sides alike, so that the n-th missing key still faces the n-th unexpected one: which key a list names first is the
 * model's or the file's order, and no decision on what the keys are should rest on it. Only for whole messages (no
 * cut list, no size line, no key the parse could not side) whose lists stand each on one line.
 */
function reversedLists(c: DiagnosisCase, clean: ErrorReport): Derived | null {
  if (clean.truncated || clean.sizeMismatch.length > 0 || (clean.unsided ?? []).length > 0 || clean.missing.length + clean.unexpected.length < 3) return null;
  if (!(clean.families ?? []).every((f) => f === 'torch' || f === 'mmcv')) return null;
  let text = c.text;
  for (const { re, key } of LIST_LINES) text = text.replace(re, (_all, head: string, list: string) => `${head}${(list.match(key) ?? []).reverse().join(', ')}`);
  if (text === c.text) return null;
  const rev = (keys: readonly string[]) => [...keys].reverse();
  return { text, fix: c.fix, requireKeys: [...rev(clean.missing), ...rev(clean.unexpected)] };
}

// ---------------------------------------------------------------------------------------------
// every key one level deeper

/** The holder the `held-under` kind puts every key under: a Lightning module's or a wrapper class's own attribute. */
const HOLDER = 'model.';

/**
 * Every key the text names, on both sides, held one level deeper (`fc.weight` -> `model.fc.weight`), the label's
 * keys and prefixes with them: the model and the file are the same network inside a module that holds it as
 * `model` (a LightningModule, a task wrapper), which changes no answer. Decisions that read a key's first segment
 * as the network's top (a head at the root, root parameters, top-level modules) see it one level down here.
 * Only for a whole message of torch's alone (no cut list, no key the parse could not side: then no key of the
 * model's or the file's can be outside what the text shows) that lists keys of both sides (keys of one side, all
 * under `model.`, may as well be one module `model` or another network beside the model's: the text then tells
 * less, and the label need not hold), and a label that selects no field and moves no prefix (a prefix is what
 * this kind changes).
 */
function heldUnder(c: DiagnosisCase, clean: ErrorReport): Derived | null {
  if (clean.truncated || (clean.unsided ?? []).length > 0) return null;
  if (!(clean.families ?? []).every((f) => f === 'torch')) return null;
  // keys of one side only, all under one name, may be that module's as well as a holder's: the text tells less
  if (clean.missing.length === 0 || clean.unexpected.length + clean.sizeMismatch.length === 0) return null;
  if (c.fix.select !== null || c.fix.stripPrefix !== null || c.fix.addPrefix !== null) return null;
  const keys = [...new Set(parsedKeys(clean))].sort((a, b) => b.length - a.length);
  if (keys.length === 0) return null;
  const esc = (k: string) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // a key stands alone: no key character before it, and no further segment after it
  const any = new RegExp(`(?<![A-Za-z0-9_.])(?:${keys.map(esc).join('|')})(?![A-Za-z0-9_]|\\.[A-Za-z0-9_])`, 'g');
  const text = c.text.replace(any, (k) => `${HOLDER}${k}`);
  if (text === c.text) return null;
  return { text, fix: mapFix(c.fix, (k) => `${HOLDER}${k}`), requireKeys: keys.map((k) => `${HOLDER}${k}`) };
}

// ---------------------------------------------------------------------------------------------

const pasted = (kind: string) => VARIANTS.find((v) => v.kind === kind)!;

export const PERTURBATIONS: Perturbation[] = [
  { kind: 'class-name', why: "the heading's model class another architecture's (`for ResNet:` -> `for SwinTransformer:`); wrapper classes kept", derive: (c) => swapClass(c) },
  {
    kind: 'module-words',
    why: 'container words renamed consistently in text and label (`backbone` -> `encoder`, `layer1` -> `stage1`); leaves, prefixes, selections and heads kept',
    derive: (c, clean) => {
      // OpenMMLab's models are `backbone` / `neck` / `head` by convention: in its messages that word is evidence
      const map = wordMap(c, clean, MODULE_SYNONYMS, (w) => w === 'backbone' && /^(?:mmengine|mmcv)$/.test(c.family));
      return map && renamed(c, clean, map);
    },
  },
  {
    kind: 'head-words',
    why: "an output head's name another real one (`fc` -> `linear_out`, `classifier` -> `cls_head`), only where the label names no key of it",
    derive: (c, clean) => {
      const labelled = new Set(labelStrings(c.fix).flatMap((s) => [...segmentWords(s)]));
      // a model's output head is a top-level module; `fc` inside a block (an SE attention's `attention1.fc.0`) is no head
      const inner = new Set(parsedKeys(clean).flatMap((k) => k.split('.').slice(1).map((seg) => splitSegment(seg).word)));
      const map = wordMap(c, clean, HEAD_SYNONYMS, (w) => labelled.has(w) || inner.has(w));
      return map && renamed(c, clean, map);
    },
  },
  {
    kind: 'layer-words',
    why: 'layer words another real name of the same layer (`conv` -> `cv`, `mlp` -> `ffn`, `attn` -> `attention`), text and label',
    derive: (c, clean) => {
      const map = wordMap(c, clean, LAYER_SYNONYMS, () => false);
      return map && renamed(c, clean, map);
    },
  },
  { kind: 'depth', why: "each numbered stack of 3+ blocks one block shorter: its last block's keys gone from the text and the label", derive: (c, clean) => shorterStack(c, clean) },
  { kind: 'depth-longer', why: "each numbered stack of 3+ blocks one block longer: its last block's keys written again with the next index, in text and label", derive: (c, clean) => longerStack(c, clean) },
  { kind: 'select-field', why: "the checkpoint's weights field under a name no table lists (`state_dict` -> `model_weights`), quoted places only, the label's selection with it", derive: (c) => otherField(c) },
  { kind: 'script-name', why: 'the script a traceback or command names another of the same role (`demo.py` -> `inference.py`, `train.py` -> `train_net.py`)', derive: (c) => otherScript(c) },
  { kind: 'prefix-word', why: 'a custom wrapper word (`net.`, `backbone.`) another (`network.`), the label\'s prefix with it; `module.` and `_orig_mod.` kept', derive: (c) => otherWrapper(c) },
  { kind: 'incompatible-repr', why: "torch's strict error as the `_IncompatibleKeys(missing_keys=[...], unexpected_keys=[...])` strict=False returns: the same keys, no size line, no cut", derive: (c, clean) => asIncompatibleKeys(c, clean) },
  { kind: 'list-order', why: "the keys of torch's strict lists, `_IncompatibleKeys` fields and mmcv/mmengine lines in reverse order, both sides alike (the n-th missing key still faces the n-th unexpected one); whole messages only", derive: (c, clean) => reversedLists(c, clean) },
  { kind: 'held-under', why: "every key on both sides one level deeper (`fc.weight` -> `model.fc.weight`: the same network held by a LightningModule or task wrapper), the label's keys with it; whole torch messages, labels with no select or prefix", derive: (c, clean) => heldUnder(c, clean) },
  { kind: 'size-wording', why: "torch's size line in the other version's words (0.4.0's `While copying the parameter named` <-> `size mismatch for`)", derive: (c, clean) => otherSizeWording(c, clean) },
  ...['md-quote', 'gh-fence', 'crlf'].map((k) => ({
    kind: k,
    why: pasted(k).why,
    derive: (c: DiagnosisCase, clean: ErrorReport): Derived | null => {
      const text = pasted(k).apply(c.text, clean);
      return text === null ? null : { text, fix: c.fix };
    },
  })),
];

// ---------------------------------------------------------------------------------------------

export interface ProbeResult {
  id: string;
  half: string;
  kind: string;
  /** the variant's score against the carried-over label */
  score: CaseScore;
}

export interface ProbeRun {
  /** tuning cases, and how many of them explain gets right on the clean text */
  cases: number;
  right: number;
  results: ProbeResult[];
  /** variants a generator could not derive cleanly (its own check of the keys failed), per kind */
  underived: Record<string, number>;
}

function parseOr(text: string, id: string): ErrorReport | null {
  try {
    return parseErrorText(text, id);
  } catch {
    return null;
  }
}

const sameKeys = (a: readonly string[], b: readonly string[]) => {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((k, i) => k === y[i]);
};

/**
 * Runs every perturbation over the cases explain gets right. `explain` is run-cases' explainCase (passed
 * in so that a test can run the probe on its own cases); the cases are filtered to tuning halves first.
 */
export async function runProbe(
  all: readonly DiagnosisCase[],
  explain: (c: DiagnosisCase) => Promise<import('./score.js').ExplainRun>,
  kinds: readonly Perturbation[] = PERTURBATIONS,
): Promise<ProbeRun> {
  const cases = tuningOnly(all);
  const results: ProbeResult[] = [];
  const underived: Record<string, number> = {};
  let right = 0;
  for (const c of cases) {
    if (!scoreCase(c, await explain(c)).pass) continue;
    right++;
    const clean = parseOr(c.text, c.id) ?? ({ missing: [], unexpected: [], sizeMismatch: [] } as unknown as ErrorReport);
    for (const p of kinds) {
      const d = p.derive(c, clean);
      if (!d) continue;
      const parsed = d.requireKeys ? parseOr(d.text, c.id) : null;
      if (d.requireKeys && !(parsed && sameKeys(parsedKeys(parsed), d.requireKeys))) {
        underived[p.kind] = (underived[p.kind] ?? 0) + 1;
        continue;
      }
      const variant: DiagnosisCase = { ...c, text: d.text, fix: d.fix };
      results.push({ id: c.id, half: c.half, kind: p.kind, score: scoreCase(variant, await explain(variant)) });
    }
  }
  return { cases: cases.length, right, results, underived };
}

export interface KindRow {
  kind: string;
  variants: number;
  flips: number;
  underived: number;
}

export function flipTable(run: ProbeRun, kinds: readonly Perturbation[] = PERTURBATIONS): KindRow[] {
  return kinds.map((p) => {
    const mine = run.results.filter((r) => r.kind === p.kind);
    return { kind: p.kind, variants: mine.length, flips: mine.filter((r) => !r.score.pass).length, underived: run.underived[p.kind] ?? 0 };
  });
}

/** The value after `flag`, split at commas, or null. */
function listArg(flag: string): string[] | null {
  const at = process.argv.indexOf(flag);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1]!.split(',') : null;
}

async function main(): Promise<void> {
  const { explainCase, loadCases } = await import('./run-cases.js');
  const ids = listArg('--ids');
  const kindNames = listArg('--kinds');
  const kinds = kindNames ? PERTURBATIONS.filter((p) => kindNames.includes(p.kind)) : PERTURBATIONS;
  const cases = tuningOnly(loadCases()).filter((c) => !ids || ids.includes(c.id));
  const run = await runProbe(cases, explainCase, kinds);
  console.log(`tuning cases ${run.cases}, right on the clean text ${run.right}`);
  console.log('| perturbation | variants | flips | flip rate | not derived |');
  console.log('|---|---|---|---|---|');
  for (const r of flipTable(run, kinds)) console.log(`| ${r.kind} | ${r.variants} | ${r.flips} | ${r.variants ? ((100 * r.flips) / r.variants).toFixed(1) : '-'} % | ${r.underived} |`);
  if (process.argv.includes('-v')) {
    for (const r of run.results.filter((x) => !x.score.pass)) console.log(`- ${r.kind} ${r.id} (${r.half}): ${r.score.reasons.join('; ').slice(0, 240)}`);
  }
}

/** One case's clean and perturbed texts and what explain says to each: `node robust.js --show ID KIND`. */
async function show(id: string, kind: string): Promise<void> {
  const { explainOnce, loadCases } = await import('./run-cases.js');
  const c = tuningOnly(loadCases()).find((x) => x.id === id)!;
  const d = PERTURBATIONS.find((p) => p.kind === kind)!.derive(c, parseOr(c.text, c.id)!)!;
  console.log(`--- perturbed text\n${d.text}\n--- label\n${JSON.stringify(d.fix)}`);
  console.log(`--- clean\n${(await explainOnce(c.text, false)).stdout}\n--- perturbed\n${(await explainOnce(d.text, false)).stdout}`);
}

const showAt = process.argv.indexOf('--show');
if (process.argv[1]?.endsWith('robust.js')) void (showAt > 0 ? show(process.argv[showAt + 1]!, process.argv[showAt + 2]!) : main());
