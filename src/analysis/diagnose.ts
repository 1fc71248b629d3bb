import type { KeyEntry } from '../formats/keys.js';
import type { KeyDiff, ShapeMismatch } from './diff.js';
import { leafOf, moduleOf } from './key-tokens.js';
import { HEAD_MODULE, isCheckpointField, isVocabulary, WEIGHT_CONTAINERS } from './key-roles.js';
import { zeroPlaceholders } from './zero-placeholders.js';
import { castPairs } from './dtype-cast.js';

/**
 * Known patterns behind a diff, each explained in one plain paragraph. Only what the diff shows:
 * a diagnosis names the evidence (counts, an example key) and the usual cause, never a fix —
 * remapping is the plan inference's job.
 */

export type DiagnosisCode =
  | 'extra-prefix'
  | 'missing-prefix'
  | 'prefix-swap'
  | 'renamed'
  | 'nested'
  | 'not-a-state-dict'
  | 'head-size'
  | 'vocab-size'
  | 'transposed'
  | 'num-batches-tracked'
  | 'missing-module'
  | 'unused-module'
  | 'dtype'
  | 'zero3-placeholder'
  | 'disjoint'
  | 'unexplained';

export interface Diagnosis {
  code: DiagnosisCode;
  message: string;
  /** the keys the diagnosis accounts for (expected-side for missing/shape findings, source-side otherwise) */
  keys: string[];
}

const s = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const code = (k: string) => `\`${k}\``;
const shape = (d: readonly number[]) => `[${d.join(', ')}]`;

function wrapperCause(prefix: string): string {
  switch (prefix) {
    case 'module.':
      return 'the checkpoint was saved from a DataParallel/DistributedDataParallel-wrapped model';
    case '_orig_mod.':
      return 'the checkpoint was saved from a model compiled with torch.compile, whose wrapper holds the model as `_orig_mod`';
    case '_orig_mod.module.':
    case 'module._orig_mod.':
      return 'the checkpoint was saved from a model both compiled with torch.compile and wrapped in DataParallel/DDP';
    case 'model.':
    case 'net.':
    case 'network.':
      return `the checkpoint was saved from a wrapper that held the model as ${code(prefix.slice(0, -1))} (a PyTorch Lightning LightningModule or a training wrapper)`;
    default:
      return `the checkpoint was saved from a larger model that held this one as ${code(prefix.slice(0, -1))}`;
  }
}

function wrapperNow(prefix: string): string {
  switch (prefix) {
    case 'module.':
      return 'the model is wrapped in DataParallel/DistributedDataParallel now and the checkpoint was saved from the bare model';
    case '_orig_mod.':
      return 'the model is compiled with torch.compile now and the checkpoint was saved from the uncompiled model';
    default:
      return `the model now holds the checkpoint's network as ${code(prefix.slice(0, -1))}`;
  }
}

/**
 * The prefix P that best turns `from` keys into `into` keys (`P + k ∈ from` with `k ∈ into`), trying
 * each key's first one and two segments. Returns the keys of `from` it explains.
 */
function bestPrefix(from: readonly string[], into: ReadonlySet<string>): { prefix: string; keys: string[] } | null {
  if (from.length === 0 || into.size === 0) return null;
  // A remainder can only be in `into` if its first segment starts some key there: that small set turns
  // away most tries before the lookup of a long string in a 100,000-key set.
  const heads = new Set<string>();
  for (const k of into) heads.add(firstSegment(k));
  // On large inputs, candidates come from an evenly spread sample and only the leading few are counted
  // over every key: a prefix worth naming covers far more than one key in a few hundred.
  const SAMPLE = 512;
  let candidates: Set<string> | null = null;
  if (from.length > SAMPLE * 4) {
    const step = from.length / SAMPLE;
    const sample: string[] = [];
    for (let i = 0; i < SAMPLE; i++) sample.push(from[Math.floor(i * step)]!);
    const counts = [...prefixHits(sample, into, heads, null)].sort((a, b) => b[1].length - a[1].length);
    candidates = new Set(counts.slice(0, 3).map(([p]) => p));
    if (candidates.size === 0) return null;
  }
  let best: { prefix: string; keys: string[] } | null = null;
  for (const [prefix, keys] of prefixHits(from, into, heads, candidates)) if (!best || keys.length > best.keys.length) best = { prefix, keys };
  return best;
}

/** For each prefix of up to three segments: the keys of `from` whose remainder after it is in `into`. */
function prefixHits(from: readonly string[], into: ReadonlySet<string>, heads: ReadonlySet<string>, only: ReadonlySet<string> | null): Map<string, string[]> {
  const hits = new Map<string, string[]>();
  for (const k of from) {
    let end = -1;
    for (let n = 1; n <= 3; n++) {
      end = k.indexOf('.', end + 1);
      if (end < 0) break;
      const next = k.indexOf('.', end + 1);
      if (!heads.has(k.slice(end + 1, next < 0 ? k.length : next))) continue;
      const p = k.slice(0, end + 1);
      if (only !== null && !only.has(p)) continue;
      if (!into.has(k.slice(end + 1))) continue;
      const list = hits.get(p);
      if (list) list.push(k);
      else hits.set(p, [k]);
    }
  }
  return hits;
}

/**
 * Pairs of prefixes under which unexpected and missing keys have the same remainder (a renamed module).
 * Prefixes of one and two segments, as leadingPrefix cuts them; a prefix string is made only where it is
 * kept or compared, and the pairs are found by prefix then prefix (no joined key per missing key): at a
 * million keys a side those strings were most of this function's time. Ties go to the pair seen first.
 */
function bestSwap(unexpected: readonly string[], missing: readonly string[]): { from: string; to: string; keys: string[] } | null {
  const restToPrefix = new Map<string, string>();
  for (const u of unexpected) {
    let dot = -1;
    for (let n = 1; n <= 2; n++) {
      dot = u.indexOf('.', dot + 1);
      if (dot < 0) break;
      const rest = u.slice(dot + 1);
      if (!restToPrefix.has(rest)) restToPrefix.set(rest, u.slice(0, dot + 1));
    }
  }
  const pairs: { from: string; to: string; keys: string[] }[] = [];
  const byFrom = new Map<string, Map<string, { from: string; to: string; keys: string[] }>>();
  for (const m of missing) {
    let dot = -1;
    for (let n = 1; n <= 2; n++) {
      dot = m.indexOf('.', dot + 1);
      if (dot < 0) break;
      const from = restToPrefix.get(m.slice(dot + 1));
      if (from === undefined) continue;
      const p = m.slice(0, dot + 1);
      if (from === p) continue;
      let byTo = byFrom.get(from);
      if (!byTo) byFrom.set(from, (byTo = new Map()));
      const e = byTo.get(p);
      if (e) e.keys.push(m);
      else {
        const pair = { from, to: p, keys: [m] };
        byTo.set(p, pair);
        pairs.push(pair);
      }
      break;
    }
  }
  let best: { from: string; to: string; keys: string[] } | null = null;
  for (const p of pairs) if (!best || p.keys.length > best.keys.length) best = p;
  return best;
}

// the tables are key-roles.ts's: a checkpoint's fields, heads and vocabularies are named there once
const NESTED_CONTAINERS: ReadonlySet<string> = new Set(WEIGHT_CONTAINERS);

/** Shapes that differ in their first dimension alone (rows: classes, tokens). */
export function onlyFirstDimDiffers(m: Pick<ShapeMismatch, 'source' | 'expected'>): boolean {
  const a = m.source;
  const b = m.expected;
  return a.length === b.length && a.length > 0 && a[0] !== b[0] && a.every((d, i) => i === 0 || d === b[i]);
}

function isTransposed(m: ShapeMismatch): boolean {
  const [a0, a1] = m.source;
  const [b0, b1] = m.expected;
  return m.source.length === 2 && m.expected.length === 2 && a0 === b1 && a1 === b0 && a0 !== a1;
}

function firstSegment(k: string): string {
  const dot = k.indexOf('.');
  return dot < 0 ? k : k.slice(0, dot);
}

/** Top-level modules that hold all of `keys` and none of `other`'s keys. */
function wholeModules(keys: readonly string[], other: readonly KeyEntry[]): string[] | null {
  if (keys.length === 0) return null;
  const present = new Set(other.map((e) => firstSegment(e.key)));
  const mods: string[] = [];
  for (const k of keys) {
    const m = firstSegment(k);
    if (m === k || present.has(m)) return null;
    if (!mods.includes(m)) mods.push(m);
  }
  return mods;
}

/** Whether two shapes' texts (`join('x')`) are equal, without making them. */
function sameDims(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && String(a[i]) !== String(b[i])) return false;
  return true;
}

/**
 * Whether missing and unexpected keys look like the same tensors renamed: equal shapes position by
 * position (in order), or at least 80% of the missing shapes found among the unexpected ones.
 */
function sameShapes(
  missing: readonly string[],
  unexpected: readonly string[],
  expected: readonly KeyEntry[],
  source: readonly KeyEntry[],
): { inOrder: boolean; paired: number } | null {
  const expShape = new Map(expected.map((e) => [e.key, e.shape]));
  const srcShape = new Map(source.map((e) => [e.key, e.shape]));
  const m = missing.map((k) => expShape.get(k) ?? null);
  const u = unexpected.map((k) => srcShape.get(k) ?? null);
  if (m.some((x) => x === null) || u.some((x) => x === null)) return null;
  // in order: compared dimension by dimension, as their texts would compare (the texts are made only for the pool)
  if (m.length === u.length && m.every((x, i) => sameDims(x!, u[i]!))) return { inOrder: true, paired: m.length };
  const ms = m.map((x) => x!.join('x'));
  const us = u.map((x) => x!.join('x'));
  const pool = new Map<string, number>();
  for (const x of us) pool.set(x, (pool.get(x) ?? 0) + 1);
  let paired = 0;
  for (const x of ms) {
    const n = pool.get(x) ?? 0;
    if (n > 0) {
      paired++;
      pool.set(x, n - 1);
    }
  }
  return paired * 5 >= ms.length * 4 ? { inOrder: false, paired } : null;
}

export function diagnose(diff: KeyDiff, source: readonly KeyEntry[], expected: readonly KeyEntry[], countersFilled?: (key: string) => boolean): Diagnosis[] {
  const out: Diagnosis[] = [];
  const missingSet = new Set(diff.missing);
  const unexpectedSet = new Set(diff.unexpected);
  /** missing keys already accounted for by a prefix finding */
  let explainedMissing = 0;

  // --- prefixes ------------------------------------------------------------------------------------
  const extra = bestPrefix(diff.unexpected, missingSet);
  if (extra && extra.keys.length * 2 >= Math.min(diff.missing.length, diff.unexpected.length)) {
    const all = extra.keys.length === source.length;
    const who = all ? 'every key in the checkpoint has' : `${s(extra.keys.length, 'key')} of the checkpoint's ${source.length} ${extra.keys.length === 1 ? 'has' : 'have'}`;
    out.push({
      code: 'extra-prefix',
      message: `${who} an extra ${code(extra.prefix)} prefix that the model's keys lack (e.g. ${code(extra.keys[0]!)} for ${code(extra.keys[0]!.slice(extra.prefix.length))}): ${wrapperCause(extra.prefix)}.`,
      keys: extra.keys,
    });
    explainedMissing += extra.keys.length;
  }
  const lacking = bestPrefix(diff.missing, unexpectedSet);
  if (lacking && lacking.keys.length * 2 >= Math.min(diff.missing.length, diff.unexpected.length) && lacking.keys.length > (extra?.keys.length ?? 0)) {
    const all = lacking.keys.length === expected.length;
    const who = all ? 'the model expects every key' : `the model expects ${s(lacking.keys.length, 'key')}`;
    out.push({
      code: 'missing-prefix',
      message: `${who} under ${code(lacking.prefix)}, and the checkpoint has the same keys without it (e.g. ${code(lacking.keys[0]!.slice(lacking.prefix.length))} for ${code(lacking.keys[0]!)}): ${wrapperNow(lacking.prefix)}.`,
      keys: lacking.keys,
    });
    explainedMissing += lacking.keys.length;
  }
  if (explainedMissing * 2 < diff.missing.length) {
    const swap = bestSwap(diff.unexpected, diff.missing);
    if (swap && swap.keys.length * 2 >= diff.missing.length - explainedMissing) {
      const eg = swap.keys[0]!;
      out.push({
        code: 'prefix-swap',
        message: `${s(swap.keys.length, 'key')} the model expects under ${code(swap.to)} ${swap.keys.length === 1 ? 'is' : 'are'} in the checkpoint under ${code(swap.from)} with the same remainder (e.g. ${code(swap.from + eg.slice(swap.to.length))} for ${code(eg)}): the same module was saved under another name${swap.from === 'module.' || swap.to === 'module.' || swap.from === '_orig_mod.' || swap.to === '_orig_mod.' ? ' (one side carries a DataParallel `module.` or torch.compile `_orig_mod.` wrapper)' : ''}.`,
        keys: swap.keys,
      });
      explainedMissing += swap.keys.length;
    }
  }

  // --- the same tensors under other names -----------------------------------------------------------
  if (explainedMissing * 2 < diff.missing.length && diff.missing.length > 0 && diff.unexpected.length > 0) {
    const renamed = sameShapes(diff.missing, diff.unexpected, expected, source);
    if (renamed) {
      out.push({
        code: 'renamed',
        message: `none of the ${s(diff.missing.length, 'missing key')} is in the checkpoint by name, but ${renamed.inOrder ? `the checkpoint's ${s(diff.unexpected.length, 'unexpected tensor')} have the same shapes in the same order` : `${renamed.paired} of them have the same shapes as unexpected tensors in the checkpoint`} (e.g. ${code(diff.unexpected[0]!)} for ${code(diff.missing[0]!)}): the same modules were saved under other names.`,
        keys: diff.missing,
      });
      explainedMissing = diff.missing.length;
    }
  }

  // --- a whole checkpoint where a state dict was expected --------------------------------------------
  const topLevel = diff.unexpected.filter(isCheckpointField);
  const container = topLevel.find((k) => NESTED_CONTAINERS.has(k));
  if (container !== undefined && topLevel.length * 2 >= diff.unexpected.length && diff.missing.length * 2 >= expected.length) {
    out.push({
      code: 'nested',
      message: `the keys given to the model are a checkpoint's fields (${topLevel.slice(0, 4).map(code).join(', ')}) rather than weights: the state dict is nested inside the checkpoint, under ${code(container)}.`,
      keys: topLevel,
    });
    explainedMissing = diff.missing.length;
  }

  // --- shapes ---------------------------------------------------------------------------------------
  const transposed = diff.shapeMismatch.filter(isTransposed);
  if (transposed.length > 0) {
    const t = transposed[0]!;
    out.push({
      code: 'transposed',
      message: `${s(transposed.length, 'weight')} ${transposed.length === 1 ? 'has its' : 'have their'} two dimensions swapped (e.g. ${code(t.key)}: ${shape(t.source)} in the checkpoint, ${shape(t.expected)} in the model): the checkpoint stores ${transposed.length === 1 ? 'it' : 'them'} transposed, as GPT-2-style Conv1D layers do compared with nn.Linear.`,
      keys: transposed.map((m) => m.key),
    });
  }
  // every mismatch an empty [0] where the model has elements: ZeRO-3's placeholders, not a size (review 16 F16)
  const empty = zeroPlaceholders(diff.shapeMismatch.map((m) => ({ target: m.key, sourceShape: m.source, targetShape: m.expected })));
  if (empty) {
    const e = empty[0]!;
    out.push({
      code: 'zero3-placeholder',
      message: `${empty.length === 1 ? `${code(e.target)} is` : `all ${s(empty.length, 'tensor')} of another shape are`} empty in the checkpoint (e.g. ${code(e.target)}: [0] in the checkpoint, ${shape(e.targetShape!)} in the model): DeepSpeed ZeRO-3 saves every parameter of the module's state dict as such a placeholder and keeps the weights partitioned in the ranks' *_optim_states.pt files, so this is no other model size: the weights are in the checkpoint folder (sdmatch reads it whole, as zero_to_fp32.py does).`,
      keys: empty.map((m) => m.target),
    });
  }
  const rowsOnly = diff.shapeMismatch.filter((m) => !isTransposed(m) && onlyFirstDimDiffers(m));
  const vocab = rowsOnly.filter((m) => isVocabulary(m.key, [m.source[0], m.expected[0]]));
  const vocabSizes = new Set(vocab.map((m) => `${m.source[0]}>${m.expected[0]}`));
  const hasEmbedding = vocab.some((m) => !/lm_head|output|logit|embed_out/.test(m.key));
  if (vocab.length > 0 && hasEmbedding && vocabSizes.size === 1) {
    const v = vocab[0]!;
    out.push({
      code: 'vocab-size',
      message: `the token embedding${vocab.length > 1 ? ' and output layers have' : ' has'} ${v.source[0]} rows in the checkpoint and ${v.expected[0]} in the model (${vocab.map((m) => code(m.key)).join(', ')}): the vocabulary size differs, as when tokens are added to or removed from the tokenizer.`,
      keys: vocab.map((m) => m.key),
    });
  }
  const vocabKeys = new Set(out.find((d) => d.code === 'vocab-size')?.keys ?? []);
  const others = rowsOnly.filter((m) => !vocabKeys.has(m.key));
  const lastModules = others.length > 0 ? lastTwoModules(expected) : new Set<string>();
  const head = others.filter((m) => HEAD_MODULE.test(m.key) || lastModules.has(moduleOf(m.key)));
  if (head.length > 0 && head.length === others.length && head.length <= 4) {
    const h = head[0]!;
    const mod = moduleOf(h.key) || h.key;
    out.push({
      code: 'head-size',
      message: `the output layer ${code(mod)} has ${h.source[0]} outputs in the checkpoint and ${h.expected[0]} in the model (${code(h.key)}: ${shape(h.source)} vs ${shape(h.expected)}): the checkpoint was trained for another number of classes.`,
      keys: head.map((m) => m.key),
    });
  }

  // --- buffers --------------------------------------------------------------------------------------
  const nbt = (k: string) => leafOf(k) === 'num_batches_tracked';
  if (diff.missing.length > 0 && diff.missing.every(nbt)) {
    // the checkpoint's own `_metadata` says which (module-versions.ts): version 2 is PyTorch 0.4.1 or later
    // without the file to ask (an error text's side), whether they are filled in is unknown: only the keys are said
    const unfilled = countersFilled ? diff.missing.filter((k) => !countersFilled(k)) : [];
    const them = unfilled.length === 1 ? 'it' : 'them';
    const without = 'a checkpoint without counters comes from normalisation layers that keep none, such as Detectron2\'s FrozenBatchNorm2d, or from PyTorch before 0.4.1';
    out.push({
      code: 'num-batches-tracked',
      message: unfilled.length === 0 && countersFilled
        ? `only \`num_batches_tracked\` buffers are missing (${s(diff.missing.length, 'BatchNorm layer')}), and the checkpoint records no BatchNorm version 2 for their modules (\`_metadata\`), so BatchNorm fills them in (a zero) when loading and a strict load succeeds; they count batches and hold no weights; ${without}.`
        : unfilled.length > 0
        ? `only \`num_batches_tracked\` buffers are missing (${s(diff.missing.length, 'BatchNorm layer')}): the checkpoint's \`_metadata\` records BatchNorm version 2 for ${unfilled.length === diff.missing.length ? (unfilled.length === 1 ? 'its module' : 'their modules') : s(unfilled.length, 'of their modules')} (PyTorch 0.4.1 or later, which saves the counter), so BatchNorm does not fill ${them} in: give ${unfilled.length === 1 ? 'it' : 'each'} a zero (\`state_dict[k] = torch.tensor(0)\`; ${unfilled.length === 1 ? 'it counts batches and holds' : 'they count batches and hold'} no weights).`
        : `only \`num_batches_tracked\` buffers are missing (${s(diff.missing.length, 'BatchNorm layer')}): the checkpoint was saved without them (${without}).`,
      keys: diff.missing,
    });
    explainedMissing = diff.missing.length;
  } else if (diff.unexpected.length > 0 && diff.unexpected.every(nbt)) {
    out.push({
      code: 'num-batches-tracked',
      message: `the only unexpected keys are \`num_batches_tracked\` buffers (${s(diff.unexpected.length, 'BatchNorm layer')}): the model's normalisation layers do not keep this counter (e.g. BatchNorm with track_running_stats=False, or another normalisation).`,
      keys: diff.unexpected,
    });
  }

  // --- whole modules on one side only ---------------------------------------------------------------
  // only meaningful when the rest lines up; for unrelated models `disjoint` says it better
  if (explainedMissing === 0 && (expected.length - diff.missing.length) * 2 >= expected.length) {
    const mods = wholeModules(diff.missing, source);
    if (mods && mods.length <= 3) {
      out.push({
        code: 'missing-module',
        message: `all ${s(diff.missing.length, 'missing key')} belong to ${mods.map((m) => code(m)).join(', ')}, which the checkpoint lacks entirely: the model has a part the checkpoint was not trained with (such as a new head).`,
        keys: diff.missing,
      });
    }
    const unused = wholeModules(diff.unexpected, expected);
    if (unused && unused.length <= 3 && !out.some((d) => d.code === 'nested')) {
      out.push({
        code: 'unused-module',
        message: `all ${s(diff.unexpected.length, 'unexpected key')} belong to ${unused.map((m) => code(m)).join(', ')}, which the model does not have: the checkpoint holds a part the model leaves out (such as a pretraining head).`,
        keys: diff.unexpected,
      });
    }
  }

  // --- dtypes ---------------------------------------------------------------------------------------
  if (diff.dtypeMismatch.length > 0) {
    const pairs = castPairs(diff.dtypeMismatch);
    const [pair, n] = pairs[0]!;
    const [from, to] = pair.split(' → ');
    out.push({
      code: 'dtype',
      message: `${s(diff.dtypeMismatch.length, 'tensor')} differ in dtype${pairs.length === 1 ? '' : ` (most often ${n})`}: ${from} in the checkpoint, ${to} in the model. load_state_dict casts on copy, so this alone does not make loading fail.`,
      keys: diff.dtypeMismatch.map((d) => d.key),
    });
  }

  // --- nothing in common ----------------------------------------------------------------------------
  const inBoth = expected.length - diff.missing.length;
  if (expected.length > 0 && source.length > 0 && inBoth * 10 < expected.length && explainedMissing * 2 < diff.missing.length) {
    // Calling it another model needs shapes on both sides: with names alone a rename looks the same.
    const shapesKnown = mostlyShaped(source) && mostlyShaped(expected);
    out.push({
      code: shapesKnown ? 'disjoint' : 'unexplained',
      message: shapesKnown
        ? `the checkpoint and the model share almost no keys (${inBoth} of the model's ${expected.length} are in the checkpoint's ${source.length}) and no common prefix explains it: the checkpoint is probably for another model.`
        : `the checkpoint and the model share almost no keys (${inBoth} of the model's ${expected.length} are in the checkpoint's ${source.length}) and no common prefix explains it. Shapes are not known on both sides, so a rename cannot be told from another model: compare against the checkpoint itself or a manifest.`,
      keys: [],
    });
  }
  return out;
}

/**
 * The last two modules in order of first appearance (the output head sits there), leaving out
 * BatchNorm's `num_batches_tracked` buffers. Consecutive keys of one module are compared, not hashed.
 */
function lastTwoModules(expected: readonly KeyEntry[]): Set<string> {
  const seen = new Set<string>();
  let previous: string | null = null;
  let last: string | null = null;
  let beforeLast: string | null = null;
  for (const e of expected) {
    if (e.key.endsWith('num_batches_tracked')) continue;
    const m = moduleOf(e.key);
    if (m === previous) continue;
    previous = m;
    if (seen.has(m)) continue;
    seen.add(m);
    beforeLast = last;
    last = m;
  }
  const out = new Set<string>();
  if (beforeLast !== null) out.add(beforeLast);
  if (last !== null) out.add(last);
  return out;
}

function mostlyShaped(entries: readonly KeyEntry[]): boolean {
  let known = 0;
  for (const e of entries) if (e.shape !== null) known++;
  return known * 2 > entries.length;
}
