/**
 * What an error text alone tells about each key it names, before any pairing: which keys are a
 * checkpoint's fields (the whole checkpoint was passed), which are buffers the model computes itself,
 * which are a head of another class count, which carry a wrapper prefix on every key, and which
 * findings mean that no key edit can fix the error (a vocabulary resize, parameters the model's code
 * does not define, nothing of the model loaded at all).
 *
 * An error text lists only the keys that differed, so everything here is decided from names and the
 * shapes a size-mismatch line gives; what cannot be decided that way is left to inference or said
 * to be unknown. Pure: no I/O.
 */
import { BIAS_FREE_REASON, biasesWithoutSource } from './bias-free.js';
import { LORA_OVER_BASE_REASON, loraOverBase } from './lora-over-base.js';
import { bodyModelSiblings } from './body-models.js';
import { headsApartFromMissing } from './cut-lenient.js';
import { ctcAlphabet } from './ctc-heads.js';
import { yoloDetectClasses } from './yolo-detect.js';
import { decoderNamedShort, decoderWordProjection, isRadianceOutput, radianceOutputMessage } from './setting-outputs.js';
import { rowsWithoutBias, rowsWithoutBiasMessage, tablesOfDroppedHeads } from './rows-without-bias.js';
import { kernelConversion } from './sparse-kernels.js';
import { deeperBesideHeads } from './deeper-stack.js';
import { shallowerMessage, shallowerStacks } from './shallower-stack.js';
import { inputChannelsOnly, inputChannelsReason } from './input-channels.js';
import { gridTableReason, gridTableResized } from './grid-tables.js';
import { keypointLayout } from './keypoint-heads.js';
import { listedBufferReading } from './listed-buffers.js';
import { keysShowLenient, torchRepr } from './lenient-evidence.js';
import type { CutSizeMismatch, ErrorReport, ReportedSizeMismatch } from '../formats/error-text.js';
import { sameShape } from '../formats/keys.js';
import type { Cause } from './infer/causes.js';
import { flattenedParametersCause } from './flattened-params.js';
import type { PlanOp } from './op-vocabulary.js';
import { kernelOnlyDiffers, outputsDiffer } from './infer/shapes.js';
import { keyTemplates } from './infer/causes.js';
import { firstSegmentOf, isIndexSegment, leafOf, moduleOf, modulePrefixOf, splitKey } from './key-tokens.js';
import { SSL_ENCODER_PREFIXES } from './loader-renames.js';
import { trunkContainerPrefix } from './trunk-containers.js';
import { blockPartMissing, partInsideBlocks } from './block-parts.js';
import { shortcutBuiltOtherwise } from './shortcut-designs.js';
import { wholeNetworkIntoLayer } from './whole-network.js';
import { removedByLoader } from './loader-removed.js';
import { linearWrappedCause, linearWrappedWeights } from './linear-wrapped.js';
import { weightlessMissing } from './weightless-missing.js';
import { nestedTower, noneUnplacedShown, nothingUnplaced } from './nested-tower.js';
import { connectorWidthCause, EMBEDDING_PROJECTION, embeddingDimCause, LANGUAGE_CONNECTOR, fusedAttentionNames, gatedPair, libraryHookLoad, projectionCause, projectionNotClasses, stemBuiltOtherwise, trainingTwinMissing, twinCopyPrefix, variantAdditionsMissing, widthChange } from './variant-signs.js';
import { counterModule } from './module-versions.js';
import { ADAPTER_WEIGHT, ATTENTION_PROJECTION, CHECKPOINT_POINTER, COMPONENT_PREFIXES, CODEBOOK_MODULE, crossesHeadRoles, DATASET_CLASS_COUNTS, datasetOfCount, DEFAULT_CLASS_COUNTS, HEAD_MODULE, isClassTable, isOutputHead, isCounter, isVocabulary, modelDefaultClassCount, POSITION_MODULE, STEM_MODULE, WEIGHT_CONTAINERS, WRAPPER_PREFIXES, isBookkeepingField, isCheckpointField, isWrapperClass } from './key-roles.js';
import { keyExamples, plural } from './prose.js';
import { MODULE_LEAVES } from '../formats/module-leaves.js';

export interface KeyWithReason {
  key: string;
  /** why the fix may do this without losing anything trained */
  reason: string;
  /**
   * a model key kept missing: a head the model initialises (to be trained), a buffer it computes, or a
   * parameter of a network its training loss holds (which the inference model does not use), or a
   * bias the checkpoint's layer never had, to be set to zero (bias-free.ts)
   */
  kind?: 'head' | 'buffer' | 'loss-network' | 'zero-bias';
}

/** Hints that say nothing: for inputs that are not an error text alone. */
export const NO_HINTS: ErrorHints = { select: null, drops: [], keepMissing: [], prefix: null, untouched: [], blockers: [], notes: [] };

export interface ErrorHints {
  /** the error's keys are a checkpoint's top-level fields: the field that holds the weights */
  select: { field: string; fields: string[]; alternatives: string[] } | null;
  /** checkpoint keys to leave out */
  drops: KeyWithReason[];
  /** model keys that may stay missing: the model keeps (or initialises) its own values */
  keepMissing: KeyWithReason[];
  /** every key on one side carries a wrapper prefix the other side shows no trace of */
  prefix: { op: 'strip_prefix' | 'add_prefix'; prefix: string; who: string; keys: string[]; why?: string } | null;
  /** keys no key edit may drop (a vocabulary to resize): they stay as they are, a size mismatch */
  untouched: string[];
  /** findings that no key edit fixes (a code or config change is needed), most important first */
  blockers: Cause[];
  /** what the hints did, in plain words, for the findings */
  notes: Cause[];
  /**
   * the keys are another variant's, config's or training stage's (variant-signs.ts): nothing is paired,
   * since a rename between them would load tensors of another design
   */
  anotherVariant?: true;
  /**
   * the model's name for a checkpoint key that the text does not list, known from a library's naming
   * (variant-signs.ts FUSED_ATTENTION_NAMES), null for a key it says nothing of: the model keys the plan
   * pairs those checkpoint keys with, the same tensors (shapes) under the model's names
   */
  impliedName?: (checkpointKey: string) => string | null;
}

const shape = (d: readonly number[]) => `[${d.join(', ')}]`;

/**
 * A convolution kernel (3 dimensions or more) whose two shapes hold the same sizes in another order
 * and differ by more than a 2-d transpose: its layout changed (spconv 1.x → 2.x in Cylinder3D-137,
 * SphereFormer-62; mmcv's sparse ops in mmdetection3d-1610, SegDINO3D-2), not the model's size.
 */
function kernelLayoutChange(m: ReportedSizeMismatch): boolean {
  const a = m.source;
  const b = m.expected;
  // the kernel's spatial sizes moved: a swap of the two channel counts alone ([64, 32, 3, 3] vs [32, 64, 3, 3]) may be a width plan of another model
  if (a.length < 3 || a.length !== b.length || a.slice(2).join() === b.slice(2).join()) return false;
  const sorted = (d: readonly number[]) => [...d].sort((x, y) => x - y).join();
  return sorted(a) === sorted(b);
}

const examples = (keys: readonly string[], n = 3) => keyExamples(keyTemplates(keys), n);

/** The checkpoint fields among the unexpected keys, and the one holding the weights. */
function findSelect(report: ErrorReport): ErrorHints['select'] {
  const top = report.unexpected.filter((k) => !k.includes('.'));
  if (top.length === 0 || top.length * 2 < report.unexpected.length) return null;
  const metadata = top.filter(isBookkeepingField);
  const known = top.filter(isCheckpointField);
  // one bookkeeping field beside a lone name is enough (`craft` beside `iter`, `optimizer`);
  // weight-like names alone (`model`) need a second field, or nothing else listed
  if (metadata.length === 0 && !(known.length > 0 && top.length === report.unexpected.length)) return null;
  // a field naming another file (`last_checkpoint`, `model_path`) holds a string, a metric (`valid_acc`) a number: never the weights
  const holders = top.filter((k) => !isBookkeepingField(k) && !CHECKPOINT_POINTER.test(k));
  if (holders.length === 0) return null;
  const ranked = [...holders].sort((a, b) => rank(a) - rank(b));
  return { field: ranked[0]!, fields: top, alternatives: ranked.slice(1) };
}

/**
 * Every key given to the model is a training checkpoint's bookkeeping field or a pointer to another file
 * (`epoch`, `args`, `last_checkpoint`: D-X-Y/AutoDL-Projects' `last-info` file): the object passed holds no
 * weights at all, so no field of it can be selected; where they are is a file name away (the pointer) or not
 * in the list shown. A blocker: no select or key edit of this object loads anything.
 */
function fieldsWithoutWeights(report: ErrorReport): Cause | null {
  const top = report.unexpected.filter((k) => !k.includes('.'));
  if (top.length < 2 || top.length !== report.unexpected.length) return null;
  const pointers = top.filter((k) => CHECKPOINT_POINTER.test(k) && !isBookkeepingField(k));
  if (!top.some(isBookkeepingField) || !top.every((k) => isBookkeepingField(k) || pointers.includes(k))) return null;
  const fields = top.slice(0, 5).map((f) => `\`${f}\``).join(', ');
  const where = pointers.length > 0
    ? `\`${pointers[0]}\` names another file (a path), the one that holds the weights: this object is the record that points to it; load that file (\`torch.load(obj['${pointers[0]}'])\`) and its state dict`
    : 'the field that holds the weights is not among them (the list may be cut, or the weights were saved to another file)';
  return {
    code: 'fields_without_weights',
    message: `the keys given to the model are a checkpoint's fields (${fields}) and none of them holds weights (bookkeeping${pointers.length > 0 ? ' and a file pointer' : ''}): the object passed is not a state dict and no field of it is one; ${where}; \`sdmatch inspect FILE\` shows what a file holds`,
  };
}

function rank(field: string): number {
  const i = WEIGHT_CONTAINERS.indexOf(field);
  return i < 0 ? WEIGHT_CONTAINERS.length : i;
}

/** The longest wrapper prefix every key carries. */
function sharedWrapper(keys: readonly string[]): (typeof WRAPPER_PREFIXES)[number] | null {
  if (keys.length === 0) return null;
  let best: (typeof WRAPPER_PREFIXES)[number] | null = null;
  for (const w of WRAPPER_PREFIXES) {
    if (keys.every((k) => k.startsWith(w.prefix) && k.length > w.prefix.length) && (!best || w.prefix.length > best.prefix.length)) best = w;
  }
  return best;
}

/** A custom per-block parameter (`blocks.{i}.attn.scale_mul_1H11`): one key in each numbered block, not a weight or bias. */
function perBlockParameters(keys: readonly string[]): string[] {
  const byTemplate = new Map<string, string[]>();
  for (const k of keys) {
    const segs = splitKey(k);
    if (!segs.some(isIndexSegment)) continue;
    const t = segs.map((s) => (isIndexSegment(s) ? '#' : s)).join('.');
    (byTemplate.get(t) ?? byTemplate.set(t, []).get(t)!).push(k);
  }
  const out: string[] = [];
  for (const [t, ks] of byTemplate) {
    const leaf = leafOf(t);
    if (ks.length < 2 || /^(weight|bias|running_mean|running_var)$/.test(leaf)) continue;
    // the block's other keys are not listed: the model has the block, only this parameter is new
    const siblings = keys.filter((k) => !ks.includes(k) && ks.some((x) => k.startsWith(modulePrefixOf(x))));
    if (siblings.length === 0) out.push(...ks);
  }
  return out;
}

/**
 * Unexpected keys inside a module the model also has, though it lists other tensors there (only keys the
 * plan keeps missing, such as a computed buffer): the module exists on both sides with other contents, i.e.
 * another implementation of it (haoheliu/voicefixer#3: torchlibrosa's ISTFT holds `reverse.weight` and
 * `overlap_add.weight` in one release, an `ola_window` buffer in another). A module the model lacks whole (an
 * auxiliary head) has no key of the model under it.
 */
function reimplementedModules(reportMissing: readonly string[], unexpected: readonly string[]): { key: string; module: string; sibling: string }[] {
  const out: { key: string; module: string; sibling: string }[] = [];
  for (const k of unexpected) {
    const m = reportMissing.find((x) => {
      const parent = modulePrefixOf(x);
      return parent !== '' && k.startsWith(parent);
    });
    if (m !== undefined) out.push({ key: k, module: moduleOf(m), sibling: leafOf(m) });
  }
  return out;
}

/**
 * Keys of numbered layers past the ones the model has: every listed key of a stack (`convs.12…`,
 * `transformer_encoder.layers.19…`) carries an index above 0 while none of its lower-numbered
 * siblings is listed, so those loaded and the model has them. All or nothing: returns the keys when
 * every key is such a layer's, else none (a mix is left to the other findings).
 *
 * Modules named by a kind and a count (`huangnet.conv3` … `conv6` and `fc4` with `conv1`, `conv2`,
 * `fc1` … `fc3` not listed: stylized-neural-painting-27, a light renderer given the full one's
 * weights) are such a stack counted from 1. A list lists keys in the checkpoint's order, which for
 * an nn.Sequential's indices is ascending, so on a `cut` list the lower indices not shown loaded; a
 * module's named layers follow the order its code defines them, which may count down (HoVerNet's
 * decoder `u3`, `u2`, `u1`: hover_net-122, cut inside `u3`), so on a cut list a named stack counts
 * only when the list goes on past it, or when the members it shows count up.
 */
function extraLayers(keys: readonly string[], cut: boolean): string[] {
  const minOf = new Map<string, number>();
  const stacks = keys.map((k) => {
    const segs = splitKey(k);
    const out: { stack: string; index: number; first: number; named?: true }[] = [];
    segs.forEach((seg, i) => {
      if (isIndexSegment(seg)) out.push({ stack: segs.slice(0, i).join('.'), index: Number(seg), first: 0 });
      else {
        // a numbered name in a module (`huangnet.conv3`, `fc4`): the layers of one kind counted from 1
        const m = NUMBERED_NAME.exec(seg);
        if (m && i < segs.length - 1) out.push({ stack: `${segs.slice(0, i).join('.')}.${m[1]}#`, index: Number(m[2]), first: 1, named: true });
      }
    });
    for (const o of out) minOf.set(o.stack, Math.min(minOf.get(o.stack) ?? Infinity, o.index));
    return out;
  });
  // a named stack on a cut list: some key after its last one is of another stack, or its members shown
  // count up (`conv3`, `conv4`, `conv5`: the code defines them upwards, so `conv1`, `conv2` came before)
  const passed = (stack: string) => {
    if (!cut) return true;
    let last = -1;
    const seen: number[] = [];
    stacks.forEach((os, i) => {
      const o = os.find((x) => x.stack === stack);
      if (!o) return;
      last = i;
      if (seen.at(-1) !== o.index) seen.push(o.index);
    });
    const countsUp = seen.length >= 2 && seen.every((n, i) => i === 0 || n > seen[i - 1]!);
    return countsUp || stacks.slice(last + 1).some((os) => os.every((o) => o.stack !== stack));
  };
  const extra = keys.filter((_, i) => stacks[i]!.some((o) => o.index > o.first && minOf.get(o.stack)! > o.first && (!o.named || passed(o.stack))));
  return extra.length === keys.length ? extra : [];
}

/** A module named by a kind and a count (`conv3`, `fc4`, `layer4`): group 1 the kind, group 2 the count. */
const NUMBERED_NAME = /^([A-Za-z]+_?)(\d{1,2})$/;

/**
 * The model's head has a class count it gets by default (for its family: modelDefaultClassCount) and the
 * checkpoint's count does not say it was trained on purpose. In DETR's head only a public dataset's count
 * says so (DATASET_CLASS_COUNTS: 2 there is 1 class + no-object, trackformer-62); elsewhere any default count
 * does, as transformers' 2 labels is anyone's binary task fine-tuned on purpose.
 */
export function builtWithDefault(m: ReportedSizeMismatch): boolean {
  const model = m.expected[0];
  const ckpt = m.source[0];
  if (model === undefined || ckpt === undefined) return false;
  const byDefault = modelDefaultClassCount(m.key, model);
  if (!byDefault) return false;
  return byDefault.family ? !DATASET_CLASS_COUNTS.has(ckpt) : !DEFAULT_CLASS_COUNTS.has(ckpt);
}

/**
 * A head larger in the model than in a checkpoint trained on a public dataset (review13 F8: 1000 ImageNet
 * classes in the checkpoint, 2000 in the model): on that dataset itself the model has outputs for classes
 * that do not exist, a class count set wrong in the config; only a fine-tune on a larger label set makes the
 * drop right (timm-948: an ImageNet backbone fine-tuned to 4530 classes). Said, not decided: '' when not so.
 */
function largerThanDataset(heads: readonly ReportedSizeMismatch[]): string {
  const m = heads.find((h) => (h.expected[0] ?? 0) > (h.source[0] ?? Infinity) && h.source[0] !== undefined && datasetOfCount(h.key, h.source[0]) !== null);
  if (!m) return '';
  const ckpt = m.source[0]!;
  const dataset = datasetOfCount(m.key, ckpt)!;
  return `; but the model's head is the larger (${m.expected[0]} outputs, the checkpoint's ${ckpt}: ${dataset}'s class count): if you use the weights on ${dataset} itself, a head with more outputs than the dataset has classes is a config error: build the model with ${ckpt} classes (num_classes / num_labels) and keep the trained head; the drop is right only if you fine-tune on a label set of ${m.expected[0]}`;
}

/**
 * A model class or token-table name of Hugging Face transformers, whose models have resize_token_embeddings
 * (`BertForMaskedLM`, `GPT2LMHeadModel`, `T5Model`). A table's name speaks for transformers only when the
 * text names no model class: `shared` or `wte` in a `Generator` (BigGAN, review8 p9) is no transformers model.
 */
const TRANSFORMERS_MODEL = /(?:PreTrainedModel|For[A-Z][A-Za-z]+|[A-Z][A-Za-z0-9]*Model)$/;
const TRANSFORMERS_TABLE = /(?:^|\.)(?:embed_tokens|word_embeddings|wte|shared)\.weight$/;

/**
 * The fix for a vocabulary of another size: transformers' models resize theirs
 * (`resize_token_embeddings`); any other module has no such method, and is rebuilt with the
 * vocabulary (tokenizer, dictionary, language files) the checkpoint was trained with.
 */
function vocabFix(report: ErrorReport, key: string, rows: number | null): string {
  const transformers = (report.families ?? []).includes('transformers') || TRANSFORMERS_MODEL.test(report.modelName ?? '') || (!report.modelName && TRANSFORMERS_TABLE.test(key));
  return transformers
    ? `call \`model.resize_token_embeddings(${rows ?? 'len(tokenizer)'})\` before loading (or load the tokenizer the checkpoint was trained with)`
    : `build the model with the vocabulary the checkpoint was trained with (its vocabulary size${rows !== null ? `, ${rows}` : ''}, from the same tokenizer, dictionary or language files)`;
}

/**
 * The same parameter of a head repeated per layer (DETR-style decoders keep one class head per decoder
 * layer: `class_embed.0.weight` … `class_embed.5.weight`), as far as a cut size line shows it: the keys
 * differ only in one layer number, and the checkpoint's shape, where the cut line kept it, is the other's.
 */
function sameHeadOfAnotherLayer(c: CutSizeMismatch, m: ReportedSizeMismatch): boolean {
  const a = splitKey(c.key);
  const b = splitKey(m.key);
  if (a.length !== b.length || !inHead(m.key)) return false;
  const differ = a.map((s, i) => (s === b[i] ? -1 : i)).filter((i) => i >= 0);
  if (differ.length !== 1 || !isIndexSegment(a[differ[0]!]!) || !isIndexSegment(b[differ[0]!]!)) return false;
  return c.source === null || sameShape(c.source, m.source);
}

/** Outputs a head may give per class: 1 (scores), 3-9 (one per anchor at a location), 4 (box deltas). */
const MAX_OUTPUTS_PER_CLASS = 9;

/**
 * Class counts one library counts with a background class and another without it (or with an id
 * layout that skips one): two heads at these counts are the same label set, not another dataset.
 * A pair of counts one apart outside this table is as likely a new dataset with one class more or
 * fewer (a 10-class head fine-tuned to 11) as a miscount, so it decides nothing on its own.
 */
const BACKGROUND_PAIRS: readonly (readonly [number, number, string])[] = [
  [81, 80, 'COCO with and without the background class (mmdet / detectron2)'],
  [91, 90, 'COCO\'s torchvision ids with background against 90 ids'],
  [1001, 1000, 'ImageNet with and without TF\'s background class'],
  [21, 20, 'Pascal VOC with and without the background class'],
];

/**
 * Heads of a detector whose rows are classes × outputs per class (box deltas, anchors at a location):
 * only their row counts may be read as so many outputs per class.
 */
const DETECTION_HEAD = /(?:^|\.|_)(?:cls|bbox|box|boxes|anchor|classification|regression|conf|loc|rpn|detect|detection)(?:_|\.|\d|s\b|$)/i;

const KNOWN_PAIR = (a: number, b: number) => BACKGROUND_PAIRS.find(([x, y]) => (x === a && y === b) || (x === b && y === a)) ?? null;

/**
 * The two row counts of a size line and their difference, when that difference could be one class at
 * some number of outputs per class (at most MAX_OUTPUTS_PER_CLASS, dividing both counts); else null.
 */
function classStep(m: ReportedSizeMismatch): { ckpt: number; model: number; per: number } | null {
  const ckpt = m.source[0];
  const model = m.expected[0];
  if (ckpt === undefined || model === undefined || ckpt === model) return null;
  const per = Math.abs(ckpt - model);
  if (per > MAX_OUTPUTS_PER_CLASS || ckpt % per !== 0 || model % per !== 0) return null;
  return { ckpt, model, per };
}

/**
 * A head whose two row counts are one class apart, counted the same way on both sides: the same label
 * set with and without one class — a background class one library counts and another does not
 * (detectron2's 80 vs mmdet's 81, torchvision's 91, TF's 1001) — not another dataset to fine-tune on.
 * Only a known pairing (BACKGROUND_PAIRS) says so for a head of one output per class; more outputs per
 * class (324 vs 320 box deltas, 4 per class) are read only in a detection head and only where another
 * size line confirms the same class counts at another number of outputs per class (cls_score's 81 vs
 * 80 beside bbox_pred's 324 vs 320): a difference that merely divides both counts (200 vs 196 is 50 vs
 * 49 at 4 per class; 255 vs 258 is 85 vs 86 at 3) is what any two fine-tuning counts can give.
 * Returns the two class counts (checkpoint, model), the outputs per class and the pairing, or null.
 */
export function oneClassApart(m: ReportedSizeMismatch, lines: readonly ReportedSizeMismatch[] = []): { ckpt: number; model: number; per: number; pair: string } | null {
  const step = classStep(m);
  if (!step) return null;
  const { ckpt, model, per } = step;
  if (per === 1) {
    const pair = KNOWN_PAIR(ckpt, model);
    return pair ? { ckpt, model, per, pair: pair[2] } : null;
  }
  if (!DETECTION_HEAD.test(m.key)) return null;
  const confirmed = lines.find((o) => {
    const a = o.source[0];
    const b = o.expected[0];
    if (o === m || a === undefined || b === undefined || a === b) return false;
    const d = Math.abs(a - b);
    return d !== per && a % d === 0 && b % d === 0 && a / d === ckpt / per && b / d === model / per;
  });
  if (!confirmed) return null;
  const pair = KNOWN_PAIR(ckpt / per, model / per);
  return { ckpt: ckpt / per, model: model / per, per, pair: pair ? pair[2] : `the same class counts as \`${confirmed.key}\`` };
}

/** Below this many classes, one class more is as likely a new dataset (2 → 3 labels) as a miscount. */
const MIN_CLASSES_FOR_MISCOUNT = 5;

/**
 * A head one class apart that nothing confirms (no known pairing, no sibling at another number of
 * outputs per class): 11 vs 10 scores, or a detection head's 60 vs 54 rows (6 anchors × 10 vs 9 classes, or
 * a fine-tune from 60 outputs to 54). Both a fine-tune and the same classes counted otherwise fit: an
 * open reading (readings.ts), never a blocker. More outputs per class are read only in a detection head.
 */
export function maybeOneClassApart(m: ReportedSizeMismatch, lines: readonly ReportedSizeMismatch[] = []): { ckpt: number; model: number; per: number } | null {
  if (oneClassApart(m, lines)) return null;
  const step = classStep(m);
  if (!step) return null;
  const { ckpt, model, per } = step;
  if (per > 1 && !DETECTION_HEAD.test(m.key)) return null;
  if (Math.min(ckpt, model) / per < MIN_CLASSES_FOR_MISCOUNT) return null;
  return { ckpt: ckpt / per, model: model / per, per };
}

/** The parameters and buffers every layer kind has: a custom one (`A_b_log`, `scale_mul`) is a code version's. */
const STANDARD_LEAF = new RegExp(`(?:^|\\.)(?:${MODULE_LEAVES.join('|')})$`);

/** More layers than the outputs of one model (class scores, boxes, masks) whose width follows the class count. */
const MAX_OUTPUT_LAYERS = 3;

/**
 * Layers whose output width changed while no layer's input width did: nothing after them consumes
 * their outputs with weights of its own, so they are the model's outputs, whatever they are called
 * (YOLACT's `conf_layer`, DeepLabV3's `aspp.conv_1x1_4`, a `semantic_seg_conv`). Another model size
 * or width changes the inputs of the layers that follow too (a second dimension differs); a head
 * trained for another class count changes only the rows of its own weight and bias. All or nothing:
 * every size mismatch must be such a row change, in at most MAX_OUTPUT_LAYERS modules, each with a
 * weight of two or more dimensions (a lone 1-D width is a normalisation layer, not an output) and its
 * bias listed beside it: scores are computed with a bias (nn.Linear and nn.Conv* have one by default, and
 * nothing after an output layer would absorb it), so a weight whose rows alone differ without its bias
 * is a layer built without one: an embedding table (nn.Embedding: its rows are the ids it takes in, a
 * vocabulary or dictionary, not outputs; ABSA-PyTorch-96, DM-GAN-19), a transposed convolution (its
 * dim 0 is its input channels: speech-driven-animation-70's `dcl.0.0`), a layer before a norm.
 */
export function outputLayers(sizes: readonly ReportedSizeMismatch[]): Set<string> {
  const none = new Set<string>();
  const modules = new Map<string, ReportedSizeMismatch[]>();
  for (const m of sizes) {
    if (!outputsDiffer(m) || NECK_LAYER.test(m.key)) return none;
    const mod = modulePrefixOf(m.key);
    (modules.get(mod) ?? modules.set(mod, []).get(mod)!).push(m);
  }
  if (modules.size === 0 || modules.size > MAX_OUTPUT_LAYERS) return none;
  for (const [mod, ms] of modules) {
    if (!ms.some((m) => m.source.length >= 2)) return none;
    // an output layer's bias changes with its rows: without it listed, the layer has none (not an output)
    if (!ms.some((m) => m.key === `${mod}bias`)) return none;
    // one module, one change of width: its weight's rows and its bias agree
    if (new Set(ms.map((m) => `${m.source[0]}>${m.expected[0]}`)).size !== 1) return none;
  }
  return new Set(sizes.map((m) => m.key));
}

/**
 * A detector's neck (FPN, BiFPN, PAFPN: mmdet's `neck.lateral_convs`, EfficientDet's `BIFPN.lateral_convs`):
 * its layers' rows are the neck's width, which the next layers consume, never the model's outputs.
 */
const NECK_LAYER = /(?:^|\.)(?:neck|fpn|bifpn|pafpn|lateral_convs?|fpn_convs?)(?:\.|$)/i;

/**
 * A box regression output (`rpn_reg_layer`, `bbox_pred`, `conv_reg`, `loc`): its rows are the box
 * encoding's (bins, anchors, coordinates per class when class-aware), and a fine-tune that changes the
 * class count changes a class layer beside it; a regression output alone of another size is a setting
 * (PointRCNN's LOC_XZ_FINE: 76 vs 52 outputs, PointRCNN-131).
 */
const REGRESSION_OUTPUT = /(?:^|\.|_)(?:reg|regression|bbox_pred|box_pred|loc)(?:_layer|_pred|_branch|_conv)?s?(?:\.|$)/i;
const CLASS_OUTPUT = /(?:^|\.|_)(?:cls|class|classes|classifier|logits?|score|scores|conf|labels?)(?:_|\.|\d|$)/i;

/**
 * A module named `box_head`, which no library sizes by a class count: a tracker's box regression head (STARK's,
 * OSTrack's and MixFormer's corner, center or MLP predictor: coordinates or heatmaps over the search region) or
 * detectron2's ROI box head (`roi_heads.box_head.fc1`/`fc2`, the FC tower of width MODEL.ROI_BOX_HEAD.FC_DIM; its
 * class layer is the separate `box_predictor.cls_score`). Rows of another size there are a setting: a hidden width,
 * a number of bins or layers (MixFormerV2-48: `box_head.layers.1.0` 72 wide against the online config's 96).
 * mmdet's `bbox_head`, which holds `fc_cls`, is another name.
 */
const BOX_HEAD = /(?:^|\.|_)box_head(?:\.|$)/i;

/**
 * The model is an nn.Sequential (or ModuleList), so every key of its own begins with a child's number;
 * every checkpoint key listed is `<name>.<number>.…` under one name, and no missing key the text shows
 * contradicts it: the checkpoint is a larger model's, holding this Sequential as `<name>` (Wav2Lip's
 * `audio_encoder` loaded on its own, SadTalker-Video-Lip-Sync-87). The prefix with its dot, or null.
 */
function sequentialHolder(report: ErrorReport, unexpected: readonly string[], missing: readonly string[]): string | null {
  if (!/^(?:Sequential|ModuleList)$/.test(report.modelName ?? '') || unexpected.length < 2 || report.sizeMismatch.length > 0) return null;
  const m = /^([A-Za-z_][\w.]*?\.)\d+\./.exec(unexpected[0]!);
  if (!m) return null;
  const prefix = m[1]!;
  if (!unexpected.every((k) => k.startsWith(prefix) && /^\d+\./.test(k.slice(prefix.length)))) return null;
  // a missing key the stripped names do not give says the two sides differ otherwise
  return missing.every((k) => unexpected.includes(`${prefix}${k}`)) ? prefix : null;
}

/** `lstm.weight_ih_l1`: a recurrent layer's parameters by layer number. */
const RNN_LAYER = /(?:^|\.)(?:weight|bias)_(?:ih|hh|hr)_l(\d+)(?:_reverse)?$/;

/** Whether a key lies inside a head module (`fc.weight`, `roi_heads.box_predictor.cls_score.bias`). */
const inHead = (k: string) => HEAD_MODULE.test(modulePrefixOf(k) || k);

/**
 * Loaders that report and go on (mmcv/mmengine, fvcore, transformers, PEFT, timm and Lightning with
 * strict=False, `_IncompatibleKeys`): the load already happened, skipping what did not fit. Keys that
 * correspond to nothing are then the usual result of fine-tuning (a pretraining head unused, a task
 * head new), not a failure.
 */
const LENIENT: ReadonlySet<string> = new Set(['mmcv', 'fvcore', 'transformers', 'diffusers', 'peft', 'timm', 'lightning', 'torchreid', 'open-reid']);

export function isLenientLoad(report: ErrorReport): boolean {
  if (report.kind === 'incompatible_keys') return true;
  const f = report.families ?? [];
  return f.length > 0 && f.every((x) => LENIENT.has(x));
}

/**
 * After inference found nothing to move in a lenient load: what the loader skipped is unused by this
 * model (dropped) and what it left is new in it (kept missing, initialised by the model). Not when the
 * model's keys are missing across the whole model (nothing loaded) or a per-block parameter points at
 * another version of the code.
 */
export function lenientHints(report: ErrorReport, leftover: readonly string[], unmapped: readonly string[], heldElsewhere: (key: string) => boolean = () => false): ErrorHints | null {
  // a cut list may hide the keys that correspond, unless one side is all there is: a cut list of
  // new modules only means more new modules
  // (or when what both cut lists show cannot correspond: heads beside other modules, cut-lenient.ts)
  if (!isLenientLoad(report) || (report.truncated && report.unexpected.length > 0 && report.missing.length > 0 && !headsApartFromMissing(report.unexpected, report.missing, inHead))) return null;
  // a fine-tune's adapter weights, left behind or unused, are its whole result: never new or unused parts
  if (unmapped.some((k) => ADAPTER_WEIGHT.test(k)) || leftover.some((k) => ADAPTER_WEIGHT.test(k))) return null;
  // BatchNorm counters hold no weights: a model missing nothing else loaded every weight it has (torch and
  // mmcv list a weight they did not load), however many layers the counters span (multiperson#4's mmcv log)
  const weights = unmapped.filter((k) => !isCounter(k));
  // a key the checkpoint holds under another prefix (same name after it, same shape) is a rename the loader's
  // filter hid, never a new or left-out part kept missing (s22-verify F2: the tower's trained weights were lost)
  if (weights.some(heldElsewhere)) return null;
  // one sub-network nested in the model, nothing unused beside it: its own input layers are no sign that
  // nothing loaded (nested-tower.ts)
  // (a cut list shows it too, but not that the rest loaded: the note says so, and what the cut may hide)
  const tower = leftover.length === 0 && noneUnplacedShown(report) ? nestedTower(weights) : null;
  if (weights.length > 0 && !tower && nothingLoaded(weights)) return null;
  // a cut list showing the input layer (the stem) missing: had the rest loaded, the stem would have, and how
  // far the missing keys reach is past the cut, so no count can call them parts new in the model
  if (report.truncated && !tower && weights.some((k) => STEM_MODULE.test(k))) return null;
  if (perBlockParameters(leftover).length > 0) return null;
  // an evaluation or inference run computes with the network as trained: numbered layers past the model's are
  // another depth (errorHints' extra_layers), not parts unused by this model, however cut the list
  if (report.evaluationRun !== undefined && extraLayers(leftover, report.truncated).length > 0) return null;
  if (looksRenamed(leftover, unmapped)) return null;
  // torch's repr lists what its strict error would: the keys, not the way load_state_dict was called, decide
  const sized = new Set(report.sizeMismatch.map((m) => m.key));
  if (torchRepr(report) && !keysShowLenient(leftover, unmapped.filter((k) => !sized.has(k)))) return null;
  const hints: ErrorHints = { ...NO_HINTS, drops: [], keepMissing: [], blockers: [], notes: [], untouched: [] };
  for (const k of leftover) hints.drops.push({ key: k, reason: `unused by this model: the ${report.kind === 'incompatible_keys' ? 'strict=False' : 'lenient'} load skipped it (a pretraining or other task's module)` });
  // a key with a size line is in the checkpoint too, of another shape: the size rules said what it is
  for (const k of unmapped) {
    if (sized.has(k)) continue;
    hints.keepMissing.push(isCounter(k)
      ? { key: k, reason: 'BatchNorm batch counter the checkpoint was saved without (before PyTorch 0.4.1, or converted from another framework): it starts at 0 and holds no weights', kind: 'buffer' }
      : tower
        ? { key: k, reason: `part of \`${tower}\`, a sub-network the checkpoint leaves out: the load kept what the model built it with`, kind: 'head' }
        : { key: k, reason: 'new in this model (a task head or added module): the load left it initialised; train or fine-tune it', kind: 'head' });
  }
  if (hints.drops.length + hints.keepMissing.length === 0) return null;
  if (tower) {
    // what the parts are is said once, in place of the lenient load's "new parts to train"
    const whole = nothingUnplaced(report);
    hints.notes.push({
      code: 'nested_tower',
      message: `this is the report of a load that went on without them (it did not fail): every key it ${whole ? 'left' : 'shows left'} (${examples(hints.keepMissing.map((d) => d.key))}) is inside \`${tower}\`, one sub-network with its own input layers, ${whole ? 'and the checkpoint held nothing the model could not place: the rest of the model loaded, and' : 'which are no sign that nothing loaded; but the list is cut, so the text does not show whether the rest of the model loaded, nor the checkpoint keys the loader could not place (printed after this list: this part under other names, which keeping it missing would leave at its initial values): give the whole text or the checkpoint. As far as the text shows,'} \`${tower}\` is a part the checkpoint leaves out, most often a pretrained encoder (CLIP, a text or motion encoder) that the model builds from its own file and keeps frozen; check that the model loads \`${tower}\` from that file when it is built: if it does not, the part stays at its random initial values`,
    });
    return hints;
  }
  hints.notes.push({
    code: 'lenient_load',
    message: `this is the report of a load that went on without them (it did not fail): ${hints.drops.length > 0 ? `${plural(hints.drops.length, 'checkpoint key')} the model does not use (${examples(hints.drops.map((d) => d.key))})` : ''}${hints.drops.length > 0 && hints.keepMissing.length > 0 ? ' and ' : ''}${hints.keepMissing.length > 0 ? `${plural(hints.keepMissing.length, 'model key')} the checkpoint does not have (${examples(hints.keepMissing.map((d) => d.key))}), which start from their initial values` : ''}; that is expected when fine-tuning on another task; if you meant these weights to load, their names differ and the checkpoint is of another model`,
  });
  return hints;
}

/**
 * After inference stripped a prefix that accounts for every missing key: the checkpoint is of a larger
 * model that held this one under that prefix (an NLI network's `encoder.`, a detector's `backbone.`),
 * saved whole. Its keys outside the prefix are that model's other parts (`classifier.*`), which this
 * model does not have: dropped. Not when they hold adapter weights (a fine-tune) or share the
 * prefix's first segment (then they are this model's own, renamed).
 */
export function outsideSubmoduleHints(report: ErrorReport, ops: readonly PlanOp[], leftover: readonly string[], unmapped: readonly string[]): ErrorHints | null {
  if (unmapped.length > 0 || leftover.length === 0 || report.truncated) return null;
  const strips = ops.filter((o): o is Extract<PlanOp, { op: 'strip_prefix' }> => o.op === 'strip_prefix');
  if (strips.length !== 1 || ops.some((o) => o.op !== 'strip_prefix' && o.op !== 'drop')) return null;
  const prefix = strips[0]!.prefix;
  const head = firstSegmentOf(prefix);
  if (leftover.some((k) => k.startsWith(prefix) || firstSegmentOf(k) === head || ADAPTER_WEIGHT.test(k))) return null;
  const holder = prefix.replace(/\.$/, '');
  const drops = leftover.map((key) => ({ key, reason: `a part of the larger model that held this one as \`${holder}\`: not this model's` }));
  return {
    ...NO_HINTS,
    drops,
    keepMissing: [],
    blockers: [],
    untouched: [],
    notes: [{
      code: 'outside_submodule',
      message: `the checkpoint is of a larger model that held this one as \`${holder}\` (its keys under \`${prefix}\` are this model's): its other parts (${examples(leftover)}) are not this model's, so they are left out; or save \`${holder}\`'s own state dict instead`,
    }],
  };
}

/**
 * Unused keys and new keys that hold the same parameters (as many `conv.weight`, `bn.running_var` on
 * both sides): the same modules under other names that inference could not pair, not an unused head
 * and a new one. Declaring them dropped and new would leave trained weights behind.
 */
function looksRenamed(leftover: readonly string[], unmapped: readonly string[]): boolean {
  if (leftover.length < 2 || unmapped.length < 2) return false;
  // heads of different jobs (a masked-LM head unused, a pooler new) share layer names by design
  if (leftover.every((l) => unmapped.every((u) => crossesHeadRoles(l, u)))) return false;
  const tail = (k: string) => splitKey(k).slice(-2).map((x) => (isIndexSegment(x) ? '#' : x)).join('.');
  const counts = new Map<string, number>();
  for (const k of leftover) counts.set(tail(k), (counts.get(tail(k)) ?? 0) + 1);
  let shared = 0;
  for (const k of unmapped) {
    const n = counts.get(tail(k)) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(tail(k), n - 1);
    }
  }
  return shared * 2 >= Math.min(leftover.length, unmapped.length);
}

/**
 * The unexpected biases of a torch strict error whose weights loaded: the whole text (not cut), nothing
 * missing, every unexpected key `X.bias` with `X.weight` in neither list, at least two layers (one bare
 * `bias` parameter of a module may have no weight at all). Empty otherwise.
 */
function strictBiasesWithoutPlace(report: ErrorReport): string[] {
  if (report.truncated || report.missing.length > 0 || report.unexpected.length < 2) return [];
  if (!(report.families ?? []).every((f) => f === 'torch')) return [];
  const listed = new Set(report.unexpected);
  for (const k of report.unexpected) if (!k.endsWith('.bias') || listed.has(`${k.slice(0, -'bias'.length)}weight`)) return [];
  return [...report.unexpected];
}

/** A reparametrised weight's stored parts, by the hook that writes them (torch.nn.utils spectral_norm, weight_norm). */
const REPARAMETRISED_PARTS = ['weight_orig', 'weight_u', 'weight_v', 'weight_g'] as const;

/** Missing plain `X.weight`s whose checkpoint keys are a reparametrisation's parts (`X.weight_orig`, `X.weight_v`, …). */
function reparametrisedWeights(report: ErrorReport): string[] {
  const unexpected = new Set(report.unexpected);
  return report.missing.filter((k) => k.endsWith('.weight') && REPARAMETRISED_PARTS.some((p) => unexpected.has(`${k.slice(0, -'weight'.length)}${p}`)));
}

/**
 * The backbone's name under another wrapper than SSL_ENCODER_PREFIXES lists: the linear-evaluation assertion failed
 * and every key the text shows sits under one top-level module (two keys or more, a name, not a list index), so the
 * loop's prefix did not match that name and deleted every key, whatever the method calls its encoder (`network.`,
 * `backbone.`, `online_network.`); the robust probe's prefix-word rename of simsiam-8 read the same text as "the model
 * lacks nothing" with the assertion saying that more than the head was missing.
 */
function assertedEncoder(unexpected: readonly string[]): { prefix: string; who: string } | undefined {
  const first = unexpected[0]?.split('.')[0];
  if (unexpected.length < 2 || !first || /^\d+$/.test(first)) return undefined;
  const prefix = `${first}.`;
  if (!unexpected.every((k) => k.startsWith(prefix) && k.length > prefix.length)) return undefined;
  return { prefix, who: "the self-supervised training wrapper's name for its encoder" };
}

export function errorHints(report: ErrorReport): ErrorHints {
  const hints: ErrorHints = { select: null, drops: [], keepMissing: [], prefix: null, untouched: [], blockers: [], notes: [] };
  // an optimizer's state dict has exactly these two fields: the wrong object was saved or passed
  if (report.unexpected.includes('state') && report.unexpected.includes('param_groups')) {
    hints.blockers.push({
      code: 'optimizer_state',
      message: 'the keys given to the model are `state` and `param_groups`: that is an optimizer\'s state dict, not the model\'s (saved or passed in its place); load the model\'s checkpoint instead (`sdmatch inspect FILE` shows what a file holds)',
    });
    return hints;
  }
  // a wrapper's flattened parameters: the model's weights in a form no key edit maps (review 25 F4)
  const flat = flattenedParametersCause(report.unexpected);
  if (flat) {
    hints.blockers.push(flat);
    return hints;
  }
  hints.select = findSelect(report);
  if (hints.select) return hints;
  const noWeights = fieldsWithoutWeights(report);
  if (noWeights) {
    hints.blockers.push(noWeights);
    return hints;
  }
  // torch before 0.4 raised at the first unexpected key; a BatchNorm counter as that key dates both
  // sides: the checkpoint was saved by PyTorch >= 0.4.1, which writes counters, and is loaded by one
  // that raises this KeyError (<= 0.3), which has none: every counter in it is unexpected
  const oldKeyError = (report.families ?? []).includes('torch-keyerror');
  if (oldKeyError && report.unexpected.length === 1 && report.missing.length === 0 && isCounter(report.unexpected[0]!)) {
    hints.drops.push({ key: report.unexpected[0]!, reason: 'BatchNorm batch counter written by PyTorch >= 0.4.1 and unknown to the PyTorch <= 0.3 that raised this KeyError: it holds no weights' });
    hints.notes.push({
      code: 'counters_newer_checkpoint',
      message: `\`${report.unexpected[0]}\` is the first of the checkpoint's \`num_batches_tracked\` counters: it was saved by PyTorch >= 0.4.1 and this KeyError comes from PyTorch <= 0.3, whose BatchNorm keeps no counter; every counter in the checkpoint is unexpected, not only this one: drop them all (\`{k: v for k, v in state_dict.items() if not k.endswith('num_batches_tracked')}\`) or load with a newer PyTorch; other keys the first error hid may still differ`,
    });
    return hints;
  }
  if (oldKeyError && report.unexpected.length === 1 && report.missing.length === 0 && !sharedWrapper(report.unexpected) && !RNN_LAYER.test(report.unexpected[0]!)) {
    hints.blockers.push({
      code: 'first_key_only',
      message: `PyTorch before 0.4 stops at the first key it does not expect (\`${report.unexpected[0]}\`), so the error shows one key of an unknown number: nothing can be inferred from it; give the checkpoint (sdmatch explain CHECKPOINT ERROR.txt) or compare the key sets (sdmatch diff CHECKPOINT MODEL)`,
    });
    return hints;
  }

  // a head the fine-tuning script deleted from the checkpoint before loading: missing by design (loader-removed.ts)
  hints.keepMissing.push(...removedByLoader(report));

  // trained biases of layers whose weights loaded (a whole strict error, nothing missing, every unexpected
  // key a bias whose weight is in neither list): the model builds those layers with bias=False; dropping
  // the biases loads, but changes every output (a bias before a BatchNorm too: its running mean includes it)
  const orphanBiases = strictBiasesWithoutPlace(report);
  if (orphanBiases.length > 0) {
    hints.blockers.push({
      code: 'bias_config',
      message: `the checkpoint's layers were trained with biases (${examples(orphanBiases)}) and the model builds the same layers without one (their weights loaded): dropping the biases would load but change every output; build those layers with bias=True (or use the weights made for this code)`,
    });
    return hints;
  }

  // the other side: biases the model expects for layers whose weights loaded (bias-free.ts)
  const zeroBiases = biasesWithoutSource(report);
  if (zeroBiases.length > 0) {
    for (const k of zeroBiases) hints.keepMissing.push({ key: k, reason: BIAS_FREE_REASON, kind: 'zero-bias' });
    hints.notes.push({
      code: 'bias_free_layers',
      message: `only biases are missing (${examples(zeroBiases)}) and none of their layers' weights is listed, so the weights loaded: the checkpoint was trained with those layers built without a bias (bias=False) and the model builds them with one; keep the biases missing and set them to zero, which computes what the trained layers computed (or build those layers with bias=False)`,
    });
    return hints;
  }
  // weights saved under spectral_norm / weight_norm where the model has a plain weight: no rename gives it
  const reparametrised = reparametrisedWeights(report);
  if (reparametrised.length > 0) {
    hints.blockers.push({
      code: 'reparametrised_weights',
      message: `the checkpoint saved ${plural(reparametrised.length, 'layer')} under a weight reparametrisation (${examples(reparametrised)}: spectral_norm keeps weight_orig/weight_u/weight_v, weight_norm weight_g/weight_v) and the model builds ${reparametrised.length === 1 ? 'it' : 'them'} with a plain \`weight\`: no key rename gives the weight (weight_v is not it); build the model with the same parametrisation (torch.nn.utils.spectral_norm / weight_norm) before loading, then remove it (remove_spectral_norm / remove_weight_norm) if a plain weight is wanted`,
    });
    return hints;
  }

  // a bare layer weight the model keeps in a child Linear (torch_geometric 1.x -> 2.x): a rename and a transpose
  const bareInLinear = linearWrappedWeights(report);
  if (bareInLinear) {
    hints.blockers.push(linearWrappedCause(bareInLinear));
    return hints;
  }

  // trained adapter weights the model has no place for: dropping them would discard the fine-tune
  const extraAdapters = report.unexpected.filter((k) => ADAPTER_WEIGHT.test(k));
  if (extraAdapters.length > 0 && report.missing.length === 0) {
    hints.blockers.push({
      code: 'adapter_unplaced',
      message: `the checkpoint holds ${plural(extraAdapters.length, 'trained adapter weight')} (${examples(extraAdapters)}) and the model has no adapter layers to take them: leaving them out would silently discard the fine-tune; build the model with the same adapter config (peft.PeftModel / get_peft_model with the training LoraConfig) before loading, or merge the adapter into the base weights first (merge_and_unload)`,
    });
    return hints;
  }
  // a base model's weights into LoRA-wrapped layers: only the factors missing, which start at zero (lora-over-base.ts)
  const factors = loraOverBase(report);
  if (factors.length > 0) {
    for (const k of factors) hints.keepMissing.push({ key: k, reason: LORA_OVER_BASE_REASON, kind: 'head' });
    hints.notes.push({
      code: 'lora_over_base',
      message: `only LoRA factors are missing (${examples(factors)}) and nothing is unexpected: every other weight loaded, so this is a base (or merged) model's checkpoint loaded into a model whose layers carry LoRA adapters, as a LoRA fine-tune starts; the factors keep their initialisation (lora_B is zero), so the model computes exactly the loaded weights until the adapter is trained. If you meant to load a trained adapter, it is not in this file: load it after this one (PeftModel.from_pretrained / load_adapter, or its own state dict)`,
    });
    return hints;
  }
  // trained adapter weights the model expects and the checkpoint side does not show: the fine-tune
  // did not load, whatever the loader goes on to do
  const adapters = report.missing.filter((k) => ADAPTER_WEIGHT.test(k));
  if (adapters.length > 0 && report.unexpected.length === 0) {
    hints.blockers.push({
      code: 'adapter_not_loaded',
      message: `${plural(adapters.length, 'trained adapter weight')} the model expects ${adapters.length === 1 ? 'is' : 'are'} not in what was loaded (${examples(adapters)}): the fine-tuned adapter did not load, and the model runs as its base model (or with fresh adapters); this is not a part to train anew. The adapter file names its weights otherwise (another adapter_name, a PEFT version, other target module names) or is another adapter: compare the keys of adapter_model.safetensors with these (\`sdmatch diff ADAPTER MODEL\`, or \`sdmatch explain ADAPTER ERROR.txt\`)`,
    });
    return hints;
  }

  // another variant, config or training stage of the model whose keys nonetheless look renameable
  // (variant-signs.ts): no key edit loads the right tensors
  // a library hook's own second, strict load raised (mmengine's EMAHook on load_from): its fix is the library's
  const hook = libraryHookLoad(report);
  if (hook) {
    hints.blockers.push(hook);
    return hints;
  }
  const variant = trainingTwinMissing(report) ?? gatedPair(report) ?? stemBuiltOtherwise(report) ?? variantAdditionsMissing(report) ?? blockPartMissing(report) ?? wholeNetworkIntoLayer(report) ?? shortcutBuiltOtherwise(report);
  if (variant) {
    hints.blockers.push(variant);
    hints.anotherVariant = true;
    return hints;
  }

  // a fused attention projection, alone and unexpected, in blocks named as torch's: the model's names
  // for it are nn.MultiheadAttention's, which the text (its missing side hidden) does not list
  const fused = fusedAttentionNames(report);
  if (fused) {
    hints.impliedName = fused.name;
    hints.notes.push({
      code: 'fused_attention_names',
      message: `every key listed is ${fused.what} (${examples(fused.renames.map((r) => r.from))}): the blocks' attention loaded otherwise, so the model holds these tensors under its own names, which the text does not list (the checkpoint was merged into model.state_dict() before the load, or the model's side was not printed): rename them (\`${fused.renames[0]!.from}\` → \`${fused.renames[0]!.to}\`) rather than drop trained weights; the model's names are inferred from torch's naming, not read from the text: confirm with the checkpoint and a manifest of the model (sdmatch explain CHECKPOINT ERROR.txt)`,
    });
    // every listed key is such a projection (fusedAttentionNames): nothing is left for the rules below
    return hints;
  }

  // buffers that are not weights: out of the checkpoint when unexpected, the model's own when missing
  // a key whose name, minus leading module segments (a wrapper or component prefix), is a key the other side
  // lists is a weight under another name, never a buffer: the rules below describe names, and a real
  // submodule may be called `loss_head`
  const namedInMissing = lazyDottedRelation(report.missing);
  const namedInUnexpected = lazyDottedRelation(report.unexpected);
  // a buffer's name the text's other keys refute (its module's weight beside it, a rename covering it: listed-buffers.ts)
  const listed = listedBufferReading(report);
  const unexpected: string[] = [];
  const counters: string[] = [];
  // tensors of a body model beside its constants (body-models.ts): constants of that model too
  const bodySibling = (k: string) => `a tensor of the body or face model \`${moduleOf(k)}\`, listed beside its constants (\`v_template\`, \`shapedirs\`, …): read from the model file by the constructor, not trained`;
  const bodyUnexpected = new Set(bodyModelSiblings(report.unexpected));
  for (const k of report.unexpected) {
    // a counter may belong to a BatchNorm the plan renames: the plan layer implies the model's counters
    if (isCounter(k)) {
      counters.push(k);
      continue;
    }
    if (bodyUnexpected.has(k)) {
      hints.drops.push({ key: k, reason: bodySibling(k) });
      continue;
    }
    const rule = listed.unexpected(k);
    const r = rule && !namedInMissing(k) ? rule : null;
    if (r) hints.drops.push({ key: k, reason: `${r.what}: ${r.why}` });
    else unexpected.push(k);
  }
  // a prefix stripped from a module's keys is stripped from its BatchNorm counters too: they are that module's,
  // under the same name, whatever list form the text has (left behind, a counter would read as a part the model lacks)
  const withCounters = (prefix: string, keys: readonly string[]): string[] => [...keys, ...counters.filter((k) => k.startsWith(prefix) && !keys.includes(k))];
  // BatchNorm counters torch lists as missing are the plan layer's to explain (old checkpoints)
  const missing: string[] = [];
  const bodyMissing = new Set(bodyModelSiblings(report.missing));
  for (const k of report.missing) {
    if (isCounter(k)) continue;
    if (bodyMissing.has(k)) {
      hints.keepMissing.push({ key: k, reason: bodySibling(k), kind: 'buffer' });
      continue;
    }
    const rule = listed.missing(k);
    const r = rule && !namedInUnexpected(k) ? rule : null;
    if (r) hints.keepMissing.push({ key: k, reason: `${r.what}: ${r.why}`, kind: r.lossNetwork ? 'loss-network' : 'buffer' });
    else missing.push(k);
  }

  // numbered blocks past the model's beside what a fine-tune also shows (a head unused, parts new): the
  // extra block is the one difference no fine-tune makes (deeper-stack.ts); library loaders that load
  // part of a model by design are left out, as in extraLayers below
  if (!report.truncated && report.sizeMismatch.length === 0 && !(report.families ?? []).some((f) => LENIENT.has(f))) {
    const deeper = deeperBesideHeads(unexpected, missing, inHead);
    if (deeper.length > 0 && (missing.length > 0 || deeper.length < unexpected.length)) {
      hints.blockers.push({
        code: 'extra_layers',
        message: `the checkpoint has numbered layers past the model's (${examples(deeper)}; the lower-numbered ones loaded, so the model has those): it was trained deeper (another depth or size config of the model); what else the text lists (a head the model does not use, parts new in the model) is what a fine-tune shows, but it does not explain these layers: dropping them would throw trained layers away and run a shallower network than the one trained: build the model with the checkpoint's depth`,
      });
      return hints;
    }
  }
  // size mismatches: heads are re-initialised, vocabularies resized, anything else left to inference
  // a cut text may have lost the lines where the next layer's inputs differ too
  const terminal = report.truncated ? new Set<string>() : outputLayers(report.sizeMismatch);
  // one width changed across layers' inputs too: another size of the network, which inference says (it
  // names both widths); none of those tensors is a head to drop or a position table of another length
  const width = widthChange(report.sizeMismatch);
  if (width) hints.untouched.push(...width.keys);
  // a module one of whose lines changes an input width is another size of that layer, whatever its bias
  // line alone says: no class rule reads any of its lines
  const widened = new Set(report.sizeMismatch.filter((m) => m.source.length > 1 && m.source.length === m.expected.length && m.source[1] !== m.expected[1]).map((m) => modulePrefixOf(m.key)));
  const rowChange = (m: ReportedSizeMismatch) => `${m.source[0]}>${m.expected[0]}`;
  // a token table or its output layer, not a CTC recogniser's alphabet (ctc-heads.ts: a head of classes)
  // (or a sequence decoder's word projection, setting-outputs.ts)
  const vocabulary = (key: string, rows: readonly (number | undefined)[]) =>
    (isVocabulary(key, rows) && !ctcAlphabet(report.modelName, key)) || decoderWordProjection(key, report.sizeMismatch);
  const vocabRows = new Set(report.sizeMismatch.filter((m) => vocabulary(m.key, [m.source[0], m.expected[0]]) && outputsDiffer(m)).map(rowChange));
  const inputLayers = new Set<string>();
  const gridTables = new Set<string>();
  const kernelHeads: ReportedSizeMismatch[] = [];
  for (const m of report.sizeMismatch) {
    if (kernelLayoutChange(m)) {
      hints.untouched.push(m.key);
      if ([...hints.blockers, ...hints.notes].some((b) => b.code === 'kernel_layout')) continue;
      // the documented layout pair every such kernel of the text fits, if exactly one does (sparse-kernels.ts)
      const kernels = report.sizeMismatch.filter(kernelLayoutChange);
      const known = kernelConversion(kernels);
      // the plan makes the permutation itself (infer/layout-fixes.ts) for kernels of one name, two at least: no blocker then
      // — and only where the text names a sparse-convolution library: shapes alone fit dense kernels too (s22-verify F1)
      const planned = known !== null && report.sparseLibrary !== undefined && kernels.length >= 2 && new Set(kernels.map((k) => leafOf(k.key))).size === 1;
      const how = known
        ? `the layouts are ${known.from} in the checkpoint and ${known.to} in the model (the one documented pair that fits all ${plural(kernels.length, 'such kernel')} of the text, a library's convention, so it holds where in and out channels are equal too): permute each of these kernels, \`w.permute(${known.dims.join(', ')})\`${known.from.startsWith('spconv 1.x') && known.to.includes('KRSC') ? ' (what mmdet3d\'s spconv 2 loader does for spconv 1.x files)' : ''}${planned ? ' (the plan\'s transposes)' : ''}, or install the library version the checkpoint was saved with${planned ? '' : '; sdmatch\'s plan does not make this op from this text (it needs a text that names the sparse-convolution library, and two such kernels of one name at least: the shapes alone fit dense kernels of other orientations too)'}`
        : 'install the library version the checkpoint was saved with, or permute each kernel with that library\'s converter; sdmatch does not guess the permutation: no single documented layout pair fits these shapes, and where two dimensions have the same size the shapes cannot tell which is the input and which the output channel; a wrong guess loads without error and scrambles the weights';
      (planned ? hints.notes : hints.blockers).push({
        code: 'kernel_layout',
        message: `\`${m.key}\` has ${shape(m.source)} in the checkpoint and ${shape(m.expected)} in the model: the same sizes in another order, a convolution kernel stored in another layout (sparse-convolution libraries changed theirs: spconv 1.x RSCK [k, k, k, in, out], spconv 2.x RSKC [k, k, k, out, in] or KRSC [out, k, k, k, in]; torch.nn.Conv3d [out, in, k, k, k]; TensorFlow [k, k, in, out]), not another model size; ${how}`,
      });
      continue;
    }
    if (width?.keys.includes(m.key)) continue;
    // an input layer of another number of input channels, which a library loader re-initialised (input-channels.ts)
    if (isLenientLoad(report) && inputChannelsOnly(m)) {
      inputLayers.add(m.key);
      hints.drops.push({ key: m.key, reason: inputChannelsReason(m) });
      hints.keepMissing.push({ key: m.key, reason: 'the model\'s own input layer, re-initialised by the loader for its number of input channels: train it', kind: 'head' });
      continue;
    }
    // a pose network's heatmaps for another skeleton or tag setting: a config, not classes (keypoint-heads.ts)
    const joints = keypointLayout(m);
    if (joints) {
      hints.untouched.push(m.key);
      if (!hints.blockers.some((b) => b.code === 'keypoint_layout')) {
        hints.blockers.push({ code: 'keypoint_layout', message: `\`${m.key}\` is a pose network's heatmap output with ${joints.says}; no key edit fixes it, and re-initialising the layer would leave a pose model that predicts nothing` });
      }
      continue;
    }
    const first = outputsDiffer(m) && !widened.has(modulePrefixOf(m.key));
    // a table the model computes from its patch grid: another input resolution (grid-tables.ts)
    const grid = gridTableResized(m);
    if (grid) {
      gridTables.add(m.key);
      hints.drops.push({ key: m.key, reason: gridTableReason(m, grid) });
      hints.keepMissing.push({ key: m.key, reason: `the model's own table for its patch grid (${shape(m.expected)}), computed when it was built: keep it`, kind: 'buffer' });
      continue;
    }
    if (POSITION_MODULE.test(m.key)) {
      hints.untouched.push(m.key);
      hints.blockers.push({
        code: 'position_embedding',
        message: `\`${m.key}\` has ${shape(m.source)} in the checkpoint and ${shape(m.expected)} in the model: a position table of another length (another image size, patch grid or context length); no key edit fixes it: build the model with the checkpoint's size (img_size, max_length, max_position_embeddings), or resize the table on purpose (timm \`resample_abs_pos_embed\`, interpolation) and fine-tune`,
      });
      continue;
    }
    if (ATTENTION_PROJECTION.test(m.key) && first) {
      hints.untouched.push(m.key);
      if (hints.blockers.some((b) => b.code === 'attention_heads')) continue;
      hints.blockers.push({
        code: 'attention_heads',
        message: `\`${m.key}\` is an attention projection with ${m.source[0]} rows in the checkpoint and ${m.expected[0]} in the model: its rows are heads × head size, so the checkpoint's attention has another number of (key/value) heads or another width (grouped- or multi-query attention, another model size), not an output of another class count; no key edit fixes it: build the model from the checkpoint's config (num_attention_heads, num_key_value_heads, hidden size), or with a library version that supports that attention`,
      });
      continue;
    }
    if (isRadianceOutput(m.key) && first) {
      hints.untouched.push(m.key);
      if (!hints.blockers.some((b) => b.code === 'radiance_output')) hints.blockers.push({ code: 'radiance_output', message: radianceOutputMessage(m) });
      continue;
    }
    if (CODEBOOK_MODULE.test(m.key) && first) {
      hints.untouched.push(m.key);
      if (hints.blockers.some((b) => b.code === 'codebook_size')) continue;
      hints.blockers.push({
        code: 'codebook_size',
        message: `\`${m.key}\` is a vector quantiser's codebook with ${m.source[0]} entries in the checkpoint and ${m.expected[0]} in the model: another codebook size, neither a vocabulary nor a head of classes; no key edit fixes it: build the model with the checkpoint's codebook size (n_embed / num_embeddings / codebook_size in its config); a codebook re-initialised would throw away what the tokens mean`,
      });
      continue;
    }
    // a class table's rows are classes fed in (BigGAN's `shared`): sized by the class count like a head
    // a YOLO Detect output's rows are 3 anchors × (classes + 5), whatever the text lost (yolo-detect.ts)
    const head = inHead(m.key) || terminal.has(m.key) || isClassTable(m.key, [m.source[0], m.expected[0]]) || yoloDetectClasses(m) !== null;
    const apart = head && first ? oneClassApart(m, report.sizeMismatch) : null;
    // a layer whose rows change exactly as the token table's do is that vocabulary's output layer
    // (the seq2seq tutorial's `out` beside `embedding`), whatever it is called: not a head of classes
    if ((vocabulary(m.key, [m.source[0], m.expected[0]]) || vocabRows.has(rowChange(m))) && first) {
      hints.untouched.push(m.key);
      if (hints.blockers.some((b) => b.code === 'vocab_size')) continue;
      const rows = `\`${m.key}\` has ${m.source[0]} rows in the checkpoint and ${m.expected[0]} in the model`;
      // a module called `dec` may be a sequence decoder or a classifier's output layer: both readings, neither claimed
      const open = decoderNamedShort(m.key) && !isVocabulary(m.key, [m.source[0], m.expected[0]]);
      hints.blockers.push({
        code: 'vocab_size',
        message: open
          ? `${rows}: if \`dec\` is a sequence decoder, this is its word projection and the vocabulary changed size (tokens added or removed): ${vocabFix(report, m.key, m.source[0] ?? null)}; if it is a classifier's output layer, the model was built for ${m.expected[0]} classes where the checkpoint has ${m.source[0]}: build it with the checkpoint's count, or keep the model's own (untrained) output layer for the new classes; the names cannot tell which, and no key edit fixes either`
          : `${rows}: the vocabulary changed size (tokens added or removed); no key edit fixes it: ${vocabFix(report, m.key, m.source[0] ?? null)}`,
      });
    } else if (head && first && (REGRESSION_OUTPUT.test(modulePrefixOf(m.key)) || BOX_HEAD.test(m.key)) && !report.sizeMismatch.some((o) => CLASS_OUTPUT.test(modulePrefixOf(o.key)))) {
      hints.untouched.push(m.key);
      if (hints.blockers.some((b) => b.code === 'regression_setting')) continue;
      const what = REGRESSION_OUTPUT.test(modulePrefixOf(m.key)) ? 'a box regression output' : 'a layer of a box head (a box regressor or box feature tower, never sized by classes)';
      hints.blockers.push({
        code: 'regression_setting',
        message: `\`${m.key}\` is ${what} with ${m.source[0]} outputs in the checkpoint and ${m.expected[0]} in the model, and no class layer differs beside it: its size follows the box encoding or the head's width (bins, anchors, coordinates or hidden sizes the config sets), not a class count; no key edit fixes it: build the model with the config the checkpoint was trained with`,
      });
    } else if (first && LANGUAGE_CONNECTOR.test(m.key)) {
      hints.untouched.push(m.key);
      if (!hints.blockers.some((b) => b.code === 'connector_width')) hints.blockers.push(connectorWidthCause(m));
    } else if (first && EMBEDDING_PROJECTION.test(m.key)) {
      hints.untouched.push(m.key);
      if (!hints.blockers.some((b) => b.code === 'projection_dim')) hints.blockers.push(embeddingDimCause(m));
    } else if (head && first && projectionNotClasses(m)) {
      hints.untouched.push(m.key);
      if (!hints.blockers.some((b) => b.code === 'feature_projection')) hints.blockers.push(projectionCause(m));
    } else if (apart) {
      hints.untouched.push(m.key);
      if (hints.blockers.some((b) => b.code === 'class_count_config')) continue;
      const per = apart.per > 1 ? ` (${apart.per} outputs per class: ${apart.ckpt} classes in the checkpoint, ${apart.model} in the model; ${apart.pair})` : ` (${apart.pair})`;
      hints.blockers.push({
        code: 'class_count_config',
        message: `the head \`${m.key}\` has ${m.source[0]} outputs in the checkpoint and ${m.expected[0]} in the model, one class apart${per}: the same classes counted with and without one (a background class one library counts and another does not, or an extra — often empty — line in the labels file), not another dataset; set the class count (num_classes, the labels file) to the checkpoint's to use the trained head; re-initialising the head would throw away what it learned`,
      });
    } else if (head && first && builtWithDefault(m)) {
      hints.untouched.push(m.key);
      if (hints.blockers.some((b) => b.code === 'class_count_config')) continue;
      const n = m.expected[0]!;
      hints.blockers.push({
        code: 'class_count_config',
        message: `the model's head \`${m.key}\` has ${n} outputs (${DEFAULT_CLASS_COUNTS.get(n)}, a default) and the checkpoint's ${m.source[0]}: the model was built with the default class count where the checkpoint's own belonged; build it with ${m.source[0]} classes (num_classes / num_labels / classes file) to use the trained head; re-initialising the head instead would throw away what it learned`,
      });
    } else if (head && first) {
      // a conv head may change its kernel with its class count (3×3 → 1×1): say so, it is not only the count
      const kernel = m.source.length > 2 && m.source.slice(2).join() !== m.expected.slice(2).join() ? `, and a ${m.source.slice(2).join('×')} kernel where the model has ${m.expected.slice(2).join('×')}` : '';
      const yolo = yoloDetectClasses(m);
      const counted = yolo ? ` (a YOLO Detect output, 3 anchors × (5 + classes): ${yolo.checkpoint} in the checkpoint, ${yolo.model} in the model)` : '';
      hints.drops.push({ key: m.key, reason: `head of another size (${shape(m.source)} in the checkpoint, ${shape(m.expected)} in the model): trained for another number of classes${counted}${kernel}` });
      hints.keepMissing.push({ key: m.key, reason: `the model's own head (${shape(m.expected)}) is initialised from scratch: train or fine-tune it`, kind: 'head' });
    } else if (isOutputHead(m.key) && kernelOnlyDiffers(m)) {
      // a head conv built with another kernel (3×3 → 1×1), the same classes and inputs (issue 10's third canonical
      // failure): the model's head is another layer, its values cannot go in; re-initialised, and said so.
      // A named head, not a name fragment: a block's `mlp.fc1` conv is a backbone layer (s21-verify #1)
      kernelHeads.push(m);
      hints.drops.push({ key: m.key, reason: `head conv of another kernel size (${shape(m.source)} in the checkpoint, ${shape(m.expected)} in the model): the model builds its head with a ${m.expected.slice(2).join('×')} kernel where the checkpoint's was ${m.source.slice(2).join('×')}` });
      hints.keepMissing.push({ key: m.key, reason: `the model's own head conv (${shape(m.expected)}) is initialised from scratch: train or fine-tune it (or build the head with the checkpoint's ${m.source.slice(2).join('×')} kernel to use the trained one)`, kind: 'head' });
    }
  }
  // a size line cut before its shapes, beside a head of its module that is dropped, or beside the same
  // head of another layer (per-layer class heads `class_embed.N`, DINO-239): the same head
  for (const c of report.sizeMismatchCut ?? []) {
    const module = modulePrefixOf(c.key);
    const dropped = (m: ReportedSizeMismatch) => m.key !== c.key && hints.drops.some((d) => d.key === m.key);
    const sibling = report.sizeMismatch.find((m) => dropped(m) && modulePrefixOf(m.key) === module) ??
      report.sizeMismatch.find((m) => dropped(m) && sameHeadOfAnotherLayer(c, m));
    if (hints.drops.some((d) => d.key === c.key)) continue;
    // a head's size line alone, cut before its shapes: a head of another class count, as far as the
    // text shows (the shapes would tell a model built with a default class count apart)
    const lone = !sibling && report.sizeMismatch.length === 0 && inHead(c.key) && c.source === null;
    if (!sibling && !lone) continue;
    hints.drops.push({ key: c.key, reason: sibling ? `head of another size beside \`${sibling.key}\` (its own size line was cut): trained for another number of classes` : 'a head whose size differs (its line was cut before the shapes): trained for another number of classes; if the model\'s count is a default (1000, 2) where you meant the checkpoint\'s, build it with the checkpoint\'s count instead' });
    hints.keepMissing.push({ key: c.key, reason: 'the model\'s own head is initialised from scratch: train or fine-tune it', kind: 'head' });
  }
  // any other size line cut before its shapes still says the sizes differ: never "already matches"
  for (const c of report.sizeMismatchCut ?? []) {
    if (hints.drops.some((d) => d.key === c.key) || hints.untouched.includes(c.key)) continue;
    hints.untouched.push(c.key);
    const rows = c.source?.[0] ?? null;
    const what = isVocabulary(c.key, [c.source?.[0], c.expected?.[0]])
      ? { code: 'vocab_size', message: `\`${c.key}\` has another size in the checkpoint${rows !== null ? ` (${rows} rows)` : ''} than in the model (the line was cut before the model's shape): the vocabulary changed size (tokens added or removed); no key edit fixes it: ${vocabFix(report, c.key, rows)}` }
      : POSITION_MODULE.test(c.key)
      ? { code: 'position_embedding', message: `\`${c.key}\` has another size in the checkpoint than in the model (the line was cut before both shapes): a position table of another length; no key edit fixes it: build the model with the checkpoint's size, or resize the table on purpose` }
      : report.missing.length + report.unexpected.length > 0
      ? null // inference's findings on the lists lead; the key stays a size mismatch
      : report.sizeMismatch.length > 0
      ? // only size lines, the others settled here (heads dropped): the plan leaves this key as it is and
        // a strict load still fails on it: say so by name, and the plan is no fix (never "only the keys
        // kept missing stay missing")
        { code: 'size_line_cut_beside', message: `\`${c.key}\` also has another shape in the checkpoint than in the model (its line was cut before the shapes): the plan leaves it as it is, so a strict load still fails on it; give the whole line (or the checkpoint: sdmatch explain CHECKPOINT ERROR.txt) to tell what differs` }
      : { code: 'size_line_cut', message: `\`${c.key}\` has another shape in the checkpoint than in the model, and the line was cut before both shapes: no key edit changes a shape; give the whole line (or the checkpoint: sdmatch explain CHECKPOINT ERROR.txt) to tell what differs` };
    if (what && !hints.blockers.some((b) => b.code === what.code && (b.code !== 'size_line_cut_beside' || b.message === what.message))) hints.blockers.push(what);
  }
  // a bias-free table whose rows change as a dropped head's: that head's word or label set on the input side
  for (const m of tablesOfDroppedHeads(report, (k) => hints.drops.some((d) => d.key === k), (k) => hints.untouched.includes(k))) {
    hints.drops.push({ key: m.key, reason: `the input table of the head dropped beside it (its rows change as the head's, ${m.source[0]} → ${m.expected[0]}: the same word or label set): dropped with it, trained anew` });
    hints.keepMissing.push({ key: m.key, reason: `the model's own table (${shape(m.expected)}) for its word or label set, initialised from scratch with the head: train it`, kind: 'head' });
  }
  // a weight whose rows alone differ, with no bias and no rule above that reads it: a layer without a bias,
  // not an output (rows-without-bias.ts): a setting of the model
  const biasFree = rowsWithoutBias(report, (k) => hints.untouched.includes(k) || hints.drops.some((d) => d.key === k) || inHead(k));
  if (biasFree.length > 0) {
    hints.untouched.push(...biasFree.map((m) => m.key));
    hints.blockers.push({ code: 'layer_setting', message: rowsWithoutBiasMessage(biasFree) });
    // beside missing or unexpected keys (a branch the config adds), nothing is paired: a rename would move the layer
    if (report.missing.length + report.unexpected.length > 0) hints.anotherVariant = true;
  }
  if (kernelHeads.length > 0) {
    const k = kernelHeads[0]!;
    hints.notes.push({
      code: 'head',
      message: `the head conv ${examples(kernelHeads.map((h) => h.key))} has a ${k.source.slice(2).join('×')} kernel in the checkpoint and ${k.expected.slice(2).join('×')} in the model (${shape(k.source)} vs ${shape(k.expected)}; the same classes and inputs): the model's head is built another way, so the checkpoint's is dropped and the model's own (${plural(kernelHeads.length, 'key')}) starts from scratch; to use the trained head, build it with a ${k.source.slice(2).join('×')} kernel`,
    });
  }
  const heads = report.sizeMismatch.filter((m) => !inputLayers.has(m.key) && !gridTables.has(m.key) && !kernelHeads.includes(m) && hints.drops.some((d) => d.key === m.key));
  if (heads.length > 0) {
    hints.notes.push({
      code: 'head',
      message: `the head has another number of outputs (${examples(heads.map((h) => h.key))}: ${shape(heads[0]!.source)} in the checkpoint, ${shape(heads[0]!.expected)} in the model): the checkpoint was trained for another class count, so its head is dropped and the model's new head (${plural(heads.length, 'key')}) starts from scratch${largerThanDataset(heads)}`,
    });
  }

  // nothing but counters the model does not keep
  if (missing.length === 0 && unexpected.length === 0 && report.sizeMismatch.length === 0 && counters.length > 0) {
    for (const k of counters) hints.drops.push({ key: k, reason: 'BatchNorm batch counter the model does not keep (its normalisation layers use track_running_stats=False, or it predates PyTorch 0.4.1): it holds no weights' });
  }

  // a linear-evaluation loader's assertion failed: the checkpoint's keys carry the self-supervised
  // encoder's name the loader did not strip; strip it, leave its projector out, keep the asserted head missing
  const probe = report.assertedMissing && missing.length === 0 ? SSL_ENCODER_PREFIXES.find((p) => unexpected.length > 0 && unexpected.every((k) => k.startsWith(p.prefix) && k.length > p.prefix.length)) ?? assertedEncoder(unexpected) : undefined;
  if (probe && report.sizeMismatch.length === 0) {
    const projector = unexpected.filter((k) => k.startsWith(`${probe.prefix}fc.`));
    for (const key of projector) hints.drops.push({ key, reason: 'the self-supervised projector head, which the linear-evaluation loader leaves out (its loop skips `<encoder>.fc`)' });
    for (const key of report.assertedMissing!) hints.keepMissing.push({ key, reason: 'the new linear head the loader asserts is missing: the model initialises it and linear evaluation trains it', kind: 'head' });
    hints.prefix = {
      op: 'strip_prefix',
      prefix: probe.prefix,
      who: probe.who,
      // the encoder's BatchNorm counters go with it
      keys: withCounters(probe.prefix, unexpected.filter((k) => !projector.includes(k))),
      why: `the load asserts that only ${report.assertedMissing!.map((k) => `\`${k}\``).join(', ')} stay missing (main_lincls.py of MoCo, SimSiam, MoCo v3) and every key the text shows is under \`${probe.prefix}\`: the loader's loop keeps only keys under \`module.<encoder>.\` and strips that, so keys saved under another name (here without \`module.\`) are all deleted and the whole backbone stays missing; strip \`${probe.prefix}\` (or fix the loop's prefix), leave the projector \`${probe.prefix}fc.*\` out`,
    };
    return hints;
  }
  // every checkpoint key under a wrapper's prefix, no model key under it: the wrapper is stripped
  // (from a cut text too, where the model's side may not show the stripped names)
  // a model that is itself the wrapper ("for DataParallel:") expects the prefix on its own keys: not extra
  const shared = sharedWrapper(unexpected);
  const wrapped = shared && !isWrapperClass(shared.classes, report.modelName) ? shared : null;
  if (wrapped && report.sizeMismatch.length === 0 && (missing.length === 0 || (report.truncated && missing.every((k) => !k.startsWith(wrapped.prefix)) && unexpected.some((k) => !missing.includes(k.slice(wrapped.prefix.length)))))) {
    hints.prefix = { op: 'strip_prefix', prefix: wrapped.prefix, who: wrapped.who, keys: withCounters(wrapped.prefix, unexpected) };
  } else if (unexpected.length === 0 && report.sizeMismatch.length === 0) {
    const w = sharedWrapper(missing);
    // torch lists the keys of the dict passed that the model lacks as unexpected: a whole error without any says
    // that dict held none of these weights under any name. The text cannot say why: the dict is empty or not this
    // model's, or the user's loader kept only the model's own keys before the load (a common filter) and dropped
    // the file's every key, which the file holds without the prefix (s23-verify F3): both readings, neither a fact
    if (w && shownWhole(report)) {
      const inner = `model.${w.prefix.replace(/\.$/, '')}`;
      hints.blockers.push({
        code: 'wrapped_nothing_loaded',
        undecided: true,
        message: `every key the model expects is missing under \`${w.prefix}\` (${w.who}) and the error lists no key of the state dict passed in their place: that dict held none of these weights under any name (torch would list them as unexpected). Two readings, which the text cannot tell apart: the dict passed is empty or not this model's (a module whose state_dict()/load_state_dict() is overridden loads through the wrapper's own: call ${inner}.load_state_dict); or the loader kept only the model's own keys before the load (\`{k: v for k, v in sd.items() if k in model.state_dict()}\`), and the file holds the weights without \`${w.prefix}\`: then add \`${w.prefix}\` to the file's keys before that filter (or load into ${inner}). \`sdmatch explain CHECKPOINT ERROR.txt\` tells which (\`sdmatch inspect CHECKPOINT\` shows what the file holds)`,
      });
      return hints;
    }
    // a missing prefix lists the model's weights too: a list of state alone, module after module, says the
    // weights loaded under the prefix the model has (weightless-missing.ts)
    const state = w ? weightlessMissing(missing) : null;
    if (w && state) {
      hints.blockers.push({
        code: 'missing_state_only',
        message: `the keys the model misses are only ${state.leaves.map((l) => `\`${l}\``).join(', ')}, repeated under ${state.modules} modules (${examples(missing)}), and no weight or bias: a checkpoint without \`${w.prefix}\` would leave every key of the model missing, its weights listed first, so the weights loaded and adding the prefix is not the fix; the model keeps state the checkpoint's model did not have: it is built as another variant or version of the code than the one that saved the weights (e.g. a training-time model against released, converted weights); build the model the checkpoint was saved from (the repository's evaluation or conversion path), or, if the model computes this state itself, keep these keys missing`,
      });
      return hints;
    }
    if (w) hints.prefix = { op: 'add_prefix', prefix: w.prefix, who: w.who, keys: missing };
  }
  // OpenMMLab loads a backbone's pretrained weights into the backbone alone and lists what it did not
  // take: a whole detector's or classifier's checkpoint shows every key under `backbone.`
  const mm = report.families ?? [];
  if (!hints.prefix && mm.length > 0 && mm.every((f) => f === 'mmcv') && missing.length === 0 && report.sizeMismatch.length === 0 && unexpected.length > 0) {
    const c = COMPONENT_PREFIXES.find((p) => unexpected.every((k) => k.startsWith(p.prefix) && k.length > p.prefix.length));
    // not when the text loads into the whole model (init_detector, init_model, ...: they clear the backbone's
    // own init_cfg), whose keys start with `backbone.` too: its backbone did not take the checkpoint's blocks,
    // so it names them otherwise (another version or layout of the code), in the list the text does not show
    if (c && report.wholeModelLoad && unexpected.some((k) => splitKey(k).some(isIndexSegment))) {
      hints.blockers.push({
        code: 'whole_model_component',
        message: `the checkpoint was loaded into the whole model (\`${report.wholeModelLoad}\`), whose own keys start with \`${c.prefix}\` too, and its ${c.prefix.replace(/\.$/, '')} did not take the checkpoint's blocks (${examples(unexpected)}): not a prefix to strip nor parts to leave out; the model's ${c.prefix.replace(/\.$/, '')} names its weights otherwise (the checkpoint is of another version or layout of the code, e.g. mmdet 2.x / mmpose 0.x weights in a 3.x / 1.x model); the missing list the loader prints after this one shows its names: give the whole log, or the checkpoint (sdmatch explain CHECKPOINT ERROR.txt)`,
      });
      return hints;
    }
    if (c && !report.wholeModelLoad) hints.prefix = { op: 'strip_prefix', prefix: c.prefix, who: c.who, keys: withCounters(c.prefix, unexpected), why: c.why };
  }
  // every checkpoint key inside a training framework's container of a standard network (VISSL's trunk), nothing missing
  const trunk = !hints.prefix && missing.length === 0 && report.sizeMismatch.length === 0 ? trunkContainerPrefix(unexpected) : null;
  if (trunk) hints.prefix = { op: 'strip_prefix', prefix: trunk.prefix, who: trunk.row.who, keys: withCounters(trunk.prefix, unexpected), why: trunk.row.why };
  // every listed checkpoint key under a training copy's name (a teacher-student checkpoint's `modelTeacher.`);
  // a cut text whose unexpected list came first had nothing missing: the model loaded its own weights
  const twin = hints.prefix || report.sizeMismatch.length > 0 ? null : twinCopyPrefix(unexpected, missing, report.truncated && report.nothingMissing !== true);
  if (twin) hints.prefix = { op: 'strip_prefix', prefix: twin.prefix, who: twin.who, keys: withCounters(twin.prefix, unexpected), why: twin.why };
  const holder = hints.prefix ? null : sequentialHolder(report, unexpected, missing);
  if (holder) {
    hints.prefix = {
      op: 'strip_prefix',
      prefix: holder,
      who: `the larger model's name for the nn.Sequential being loaded`,
      // its BatchNorm counters go with it: the Sequential's own, under the same name
      keys: withCounters(holder, unexpected),
      why: `the model is an nn.Sequential, whose keys begin with its children's numbers (\`0.…\`), and every key listed is \`${holder}<number>.…\`: the checkpoint holds this Sequential as \`${holder.slice(0, -1)}\` of a larger model; strip \`${holder}\` to load it (the missing side the text does not show: the checkpoint merged into model.state_dict() before the load, or the paste cut)`,
    };
  }
  if (hints.prefix) return hints;

  // only unexpected keys left: modules the model does not have, or parameters its code lacks
  const rnnExtra = unexpected.filter((k) => Number(RNN_LAYER.exec(k)?.[1] ?? 0) >= 1);
  const rnnMissing = missing.filter((k) => Number(RNN_LAYER.exec(k)?.[1] ?? 0) >= 1);
  if (rnnExtra.length + rnnMissing.length > 0 && (rnnExtra.length === unexpected.length || rnnMissing.length === missing.length)) {
    const more = rnnExtra.length > 0;
    hints.blockers.push({
      code: 'rnn_layers',
      message: `${more ? 'the checkpoint' : 'the model'} has recurrent layers ${more ? 'the model lacks' : 'the checkpoint lacks'} (${examples(more ? rnnExtra : rnnMissing)}): it was ${more ? 'trained' : 'built'} with a larger num_layers; build the model with the checkpoint's num_layers (dropping a trained layer would lose it)`,
    });
    return hints;
  }
  // size mismatches the hints settled (heads dropped, vocabularies and positions left to a code change)
  const sizesSettled = report.sizeMismatch.every((m) => hints.untouched.includes(m.key) || hints.drops.some((d) => d.key === m.key));
  // a cut list may hide the keys that would pair with the missing ones; with nothing missing it hides
  // only more keys the model has no place for (the report says the rest may follow)
  if (missing.length === 0 && sizesSettled && unexpected.length > 0 && (!report.truncated || report.nothingMissing === true)) {
    // a list cut inside numbered blocks (`layers.0.mixer.A_b_log`, …) goes on block after block: the
    // same parameters in every block, which the model's code does not define
    // (parameters of their own, not a whole module's weights and biases: `aux_decoders.{i}.conv.weight` is a
    // module the model lacks, `layers.{i}.mixer.A_b_log` a parameter its blocks lack)
    const inBlocks = report.truncated ? unexpected.filter((k) => splitKey(k).some(isIndexSegment)) : [];
    const cutInBlocks = inBlocks.some((k) => !STANDARD_LEAF.test(k)) ? inBlocks : [];
    const newer = cutInBlocks.length > 0 ? cutInBlocks : perBlockParameters(unexpected);
    // a lenient load may leave layers out on purpose (a shallower student, a fine-tune that cuts the stack); an
    // evaluation or inference run computes with the network as trained, so there too they are another depth
    const deeper = isLenientLoad(report) && report.evaluationRun === undefined ? [] : extraLayers(unexpected, report.truncated);
    const rebuilt = reimplementedModules(report.missing, unexpected);
    if (rebuilt.length > 0) {
      hints.blockers.push({
        code: 'code_version',
        message: `the checkpoint has parameters (${examples(rebuilt.map((r) => r.key))}) inside a module the model has too but holds other tensors in (${rebuilt.map((r) => `\`${r.module}\``).filter((m, i, a) => a.indexOf(m) === i).slice(0, 3).join(', ')}: the model expects \`${rebuilt[0]!.sibling}\` there): the same module in another implementation (another library or code version): install the library or code version the checkpoint was saved with; dropping them lets the load pass, but the module then computes with the model's implementation, not the one these tensors were saved for`,
      });
    } else if (deeper.length > 0) {
      hints.blockers.push({
        code: 'extra_layers',
        message: `the checkpoint has numbered layers past the model's (${examples(deeper)}; the lower-numbered ones loaded, so the model has those)${isLenientLoad(report) ? `, and the load that went on without them is an evaluation or inference run (\`${report.evaluationRun}\`), which computes with the network as it was trained` : ''}: it was trained deeper or larger (more layers, blocks or resolutions: another depth, size or config); dropping them would throw trained layers away: build the model with the checkpoint's depth or size`,
      });
    } else if (newer.length > 0) {
      hints.blockers.push({
        code: 'code_version',
        message: `${cutInBlocks.length > 0 ? `the checkpoint has parameters inside numbered blocks that the model's code does not define (${examples(newer)}), and the list was cut: it most likely goes on through every block` : `the checkpoint has a parameter in every block that the model's code does not define (${examples(newer)})`}: it was trained with another version of the model code (or another config flag); dropping ${newer.length === 1 ? 'it' : 'them'} would throw away trained weights: update the model code or config to the checkpoint's`,
      });
    } else {
      const heads = unexpected.filter(inHead);
      // the counters of the modules dropped go with them
      // a counter whose module's weights are not among the unexpected may be a module the model has, kept
      // without running statistics (review13 F6: `bn` with track_running_stats=False)
      // (the root's counter, a bare `num_batches_tracked`, belongs to the model itself, which it always has)
      const lacked = (k: string) => {
        const module = counterModule(k);
        return module !== '' && unexpected.some((u) => u.startsWith(`${module}.`) && /\.(?:weight|bias)$/.test(u));
      };
      for (const k of counters) hints.drops.push({ key: k, reason: lacked(k) ? 'the batch counter of a module the model does not have' : 'the batch counter of a normalisation layer the model keeps without running statistics (track_running_stats=False), or of a module it lacks: it holds no weights' });
      for (const k of unexpected) {
        hints.drops.push({
          key: k,
          reason: heads.includes(k) ? 'a head the model does not have (trained for another task): unused by this model' : 'a module the model does not have: unused by this model',
        });
      }
    }
  }
  // only counters missing: a checkpoint from before PyTorch 0.4.1, loaded without module versions
  const missingCounters = report.missing.filter(isCounter);
  if (missing.length === 0 && unexpected.length === 0 && report.sizeMismatch.length === 0 && missingCounters.length > 0) {
    for (const k of missingCounters) hints.keepMissing.push({ key: k, reason: 'BatchNorm batch counter the state dict lacks although its module version asks for it (torch fills it in itself only for a module saved before PyTorch 0.4.1, without a version), so the code that built or edited the state dict left it out; the counter starts at 0 and holds no weights', kind: 'buffer' });
  }
  // only missing keys left
  if (unexpected.length === 0 && report.sizeMismatch.length === 0 && missing.length > 0) {
    // a lenient loader's list of one nested sub-network: lenientHints says what it is
    // the model's blocks past the checkpoint's in every stack it lists: another depth of the model, where
    // the stem, the head and the lower blocks loaded (review24 F6: not "nothing loaded")
    const shallower = shownWhole(report) ? shallowerStacks(missing) : null;
    if (shallower) {
      hints.blockers.push({ code: 'fewer_blocks_in_checkpoint', message: shallowerMessage(shallower, examples(missing)) });
    } else if (nothingLoaded(missing) && !(isLenientLoad(report) && noneUnplacedShown(report) && nestedTower(missing))) {
      hints.blockers.push(nothingLoadedCause(missing));
    } else if ((missing.every(inHead) || report.kind === 'transformers') && !report.truncated) {
      // transformers lists what it initialised itself: a task head or pooler the checkpoint was not trained with
      for (const k of missing) hints.keepMissing.push({ key: k, reason: 'a head the checkpoint does not have: the model initialises it; train or fine-tune it', kind: 'head' });
    } else if (newModulesOnly(report, missing)) {
      const mods = [...new Set(missing.map((k) => firstSegmentOf(k)))];
      for (const k of missing) hints.keepMissing.push({ key: k, reason: `part of \`${firstSegmentOf(k)}\`, a module the checkpoint was not trained with: the model initialises it; train it`, kind: 'head' });
      hints.notes.push({
        code: 'new_modules',
        message: `the whole error lists only keys of ${mods.map((m) => `\`${m}\``).join(', ')} as missing, and nothing in their place: ${mods.length === 1 ? 'a module' : 'modules'} the checkpoint was not trained with (a new part, or one the released weights leave out); if the rest of the model loaded (the text names no key that loaded: when ${mods.length === 1 ? 'this module is' : 'these modules are'} the whole model, nothing loaded; \`sdmatch inspect CHECKPOINT\` shows what the file holds), ${mods.length === 1 ? 'it starts' : 'they start'} from ${mods.length === 1 ? 'its' : 'their'} initial values: train ${mods.length === 1 ? 'it' : 'them'}, or, if you expected trained weights for ${mods.length === 1 ? 'it' : 'them'}, get the checkpoint that includes ${mods.length === 1 ? 'it' : 'them'}`,
      });
    }
  }
  return hints;
}

/** At most this many whole modules new in the model: more is another model, not a part added to it. */
const MAX_NEW_MODULES = 3;

/**
 * A strict torch error shown whole whose missing keys are all in a few top-level modules, none of them
 * numbered layers past ones that loaded (`convs.10` with `convs.0`–`9` not listed: another depth or
 * size): modules the checkpoint was never trained with (a new head or branch, or one the release
 * leaves out). Root parameters and the stem are left to `nothingLoaded`.
 */
function newModulesOnly(report: ErrorReport, missing: readonly string[]): boolean {
  if (report.truncated || !(report.families ?? []).every((f) => f === 'torch' || f === 'torch-keyerror')) return false;
  if (missing.some((k) => !k.includes('.'))) return false;
  if (new Set(missing.map((k) => firstSegmentOf(k))).size > MAX_NEW_MODULES) return false;
  // one part inside every numbered block (`blocks.N.attn.q`, `.k`, `.v`): the rest of those blocks loaded, so
  // their module is no new one; the part is the blocks' own (another layout or version), never kept missing
  // as new (review20 F5: a missing-only paste of split q/k/v kept missing, the trained fused qkv left behind)
  if (partInsideBlocks(missing) !== null) return false;
  return !missing.some((k) => numberedPastLoaded(k, missing));
}

/** Whether a key sits in a numbered stack whose listed members all start past 0 (the lower ones loaded). */
function numberedPastLoaded(key: string, keys: readonly string[]): boolean {
  const segs = splitKey(key);
  return segs.some((seg, i) => {
    if (!isIndexSegment(seg) || seg === '0') return false;
    const stack = `${segs.slice(0, i).join('.')}.`;
    return !keys.some((k) => k.startsWith(stack) && firstSegmentOf(k.slice(stack.length)) === '0');
  });
}

/**
 * A torch strict error shown whole (its heading, every list closed, nothing cut) or strict=False's whole
 * `_IncompatibleKeys` repr. Only then does the absence of unexpected keys say the checkpoint had no key the model lacks.
 */
function shownWhole(report: ErrorReport): boolean {
  if (report.truncated || !(report.families ?? []).every((f) => f === 'torch')) return false;
  // strict=False's whole `_IncompatibleKeys` repr lists both sides as the strict error would (an empty
  // `unexpected_keys=[]` is torch saying there were none): the same keys decide alike in either form
  if (report.kind === 'incompatible_keys') return report.reprWhole === true;
  return (report.kind === 'load_state_dict' || report.kind === 'mixed') && report.modelName !== null;
}

function nothingLoadedCause(missing: readonly string[]): Cause {
  return {
    code: 'nothing_loaded',
    message: `the model's keys are missing across the whole model (${examples(missing)}) and the checkpoint's side lists nothing usable: what was passed to load_state_dict is not this model's state dict (a whole training checkpoint whose weights sit under a field, or another file); run \`sdmatch inspect CHECKPOINT\` to see where its weights are, or \`sdmatch explain CHECKPOINT ERROR.txt\` to find the state dict that fits; do not load with strict=False: nothing would load`,
  };
}

/**
 * Missing keys that reach across the model: its first layers (the stem) with parameters at the root or
 * keys of several top-level modules, or a model whose every missing key is a root parameter. A few keys
 * of one module, or new modules and root parameters without the stem, are parts the checkpoint lacks.
 */
function nothingLoaded(missing: readonly string[]): boolean {
  const tops = new Set(missing.map((k) => firstSegmentOf(k)));
  const rootParams = missing.some((k) => !k.includes('.'));
  // the input layers missing too: had anything loaded, the stem would have (a backbone-only checkpoint
  // leaves the necks and heads missing, never the stem)
  const stem = missing.some((k) => STEM_MODULE.test(k));
  // without the stem, root parameters beside new modules (a learnable prompt, `test_class_weight`) are
  // new parts too; a model whose every missing key sits at the root (a bare layer) loaded nothing
  if (!stem) return missing.every((k) => !k.includes('.'));
  return rootParams || tops.size >= 2 || missing.length >= 8;
}

/**
 * `k` and some other key of `other` are one name under more or fewer leading module segments: another key
 * ends with `.k`, or `k` ends with `.` + another key. Indexed by dotted suffixes (built on first use, when a
 * buffer rule first matches) so a paste of 50,000 keys a side costs a few passes, not 50,000² `endsWith`s
 * (test/cli/explain-large.full.test.ts took minutes).
 */
function lazyDottedRelation(other: readonly string[]): (k: string) => boolean {
  let whole: Set<string> | null = null;
  let tails: Set<string> | null = null;
  return (k) => {
    if (!whole || !tails) {
      whole = new Set(other);
      tails = new Set();
      for (const o of other) for (let i = o.indexOf('.'); i >= 0; i = o.indexOf('.', i + 1)) tails.add(o.slice(i + 1));
    }
    // another key ends with `.k` (so it is not k itself)
    if (tails.has(k)) return true;
    // k ends with `.o` for another key o
    for (let i = k.indexOf('.'); i >= 0; i = k.indexOf('.', i + 1)) if (whole.has(k.slice(i + 1))) return true;
    return false;
  };
}
