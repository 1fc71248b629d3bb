/**
 * Which readings an error text leaves open. After the hints and inference have made their plan, this
 * looks at what the plan rests on (a head dropped, parts kept missing, modules dropped, a cut list, one
 * key of an old KeyError) and, for each such situation (reading-priors.ts), lists every reading the text
 * is consistent with, the evidence the text gives for and against each, the reading taken (the prior,
 * or none) and what would decide. Readings the text singles out (a nested checkpoint's fields, a wrapper
 * on every key, buffers, a vocabulary resize) are not listed: nothing is open there.
 *
 * Pure: no I/O.
 */
import type { ErrorReport } from '../formats/error-text.js';
import type { Cause } from './infer/causes.js';
import { maybeOneClassApart, type KeyWithReason } from './error-hints.js';
import { bufferRule, HEAD_MODULE, holdsNumber, isBookkeepingField, isCounter, isOutputHead, rootTower, separateTowers, WEIGHT_CONTAINERS } from './key-roles.js';
import { readingSituation, type ReadingSituation } from './reading-priors.js';
import { inputChannelsOnly } from './input-channels.js';
import { gridTableResized } from './grid-tables.js';
import { kernelOnlyDiffers } from './infer/shapes.js';
import { trunkContainerPrefix } from './trunk-containers.js';
import { partInsideBlocks, stackUnusedFromStart } from './block-parts.js';
import { isDotSuffix, modulePrefixOf, splitKey } from './key-tokens.js';
import { nestedTower, noneUnplacedShown } from './nested-tower.js';

export { partInsideBlocks, type PartInsideBlocks } from './block-parts.js';

export interface WeighedReading {
  id: string;
  says: string;
  fix: string;
  /** what in the text speaks for it */
  for: string[];
  /** what in the text speaks against it */
  against: string[];
}

export interface OpenReadings {
  situation: string;
  shows: string;
  /** the keys the situation is about */
  keys: string[];
  readings: WeighedReading[];
  /**
   * the reading the text points to: the row's prior, or the one the text's own evidence decides; null:
   * the text cannot tell. The plan follows the first reading: when this is another one (or null), the
   * plan is no fix on its own
   */
  chosen: string | null;
  why: string;
  decides: string;
  /** findings that state the taken reading as settled (reading-priors.ts) */
  asserts: readonly string[];
}

export interface ReadingFacts {
  report: ErrorReport;
  /** model keys the plan leaves missing on purpose */
  keptMissing: readonly KeyWithReason[];
  /** checkpoint keys the plan drops */
  dropped: readonly string[];
  /** the plan has ops that move or drop keys */
  moves: boolean;
  /** the plan renames keys (names of another code version) */
  renames?: boolean;
  /** the checkpoint was given too: it shows every key of its side, so a cut list or one KeyError key leaves nothing open there */
  withCheckpoint?: boolean;
}

/** A language model's output matrix, which most models tie to their input embeddings. */
const LM_OUTPUT_MATRIX = /(?:^|\.)(?:lm_head|embed_out)\.weight$|(?:^|\.)(?:lm_head|predictions)\.decoder\.weight$/;

/** Auxiliary outputs and pretraining heads a deployed model leaves out (Inception's AuxLogits, aux decoders, pretrain heads). */
const AUXILIARY = /(?:^|\.)(?:aux\w*|\w*_aux|pretrain\w*|online_finetuner|decoder_pred|mask_token)(?:\.|$)/i;

/** A training copy's keys: an EMA, a teacher, a momentum or target encoder. */
const TRAINING_COPY = /^(?:ema_|ema\.|model_ema\.|ema_model\.|teacher\.|model_teacher\.|modelTeacher\.|momentum_|target_encoder\.)/;

/** Evidence in the text that decides a situation's reading, whatever the row's prior: the reading and why. */
interface Decided {
  reading: string;
  because: string;
  /** what settles it, where that is not the row's */
  decides?: string;
}

function weigh(row: ReadingSituation, keys: string[], evidence: Record<string, { for?: string[]; against?: string[] }>, decided?: Decided | null): OpenReadings {
  if (decided && !row.readings.some((r) => r.id === decided.reading)) throw new Error(`readings: ${row.id} has no reading ${decided.reading}`);
  return {
    situation: row.id,
    shows: row.shows,
    keys,
    // a reading the row lists only where the text speaks for it is left out elsewhere
    readings: row.readings.filter((r) => !r.onlyWithEvidence || (evidence[r.id]?.for ?? []).length > 0).map(({ onlyWithEvidence: _o, ...r }) => ({ ...r, for: evidence[r.id]?.for ?? [], against: evidence[r.id]?.against ?? [] })),
    chosen: decided ? decided.reading : row.prior,
    why: decided ? `the text decides it: ${decided.because}` : row.why,
    decides: decided?.decides ?? row.decides,
    asserts: row.asserts ?? [],
  };
}

const tick = (k: string) => `\`${k}\``;

/**
 * The side of a list whose heading the paste cut, where the text decides it or a stated prior does:
 * its keys are the missing keys' names under one wrapper prefix (the checkpoint's, said in a note); or
 * the text is nothing but such a list, every key of it a buffer the library stopped saving
 * (transformers' `position_ids` since 4.31): on the checkpoint's side as the prior has it
 * (reading-priors.ts headless_buffers), so that the plan can drop them; or a counter checkpoints often lack
 * (BatchNorm's `num_batches_tracked`): on the model's side (headless_counters), kept missing. Any other text
 * is returned as it is.
 */
export function sideOfHeadless(report: ErrorReport): ErrorReport {
  const keys = report.unsided ?? [];
  if (keys.length === 0) return report;
  const { unsided: _unsided, ...rest } = report;
  const wrapped = wrapperOfMissing(keys, report);
  if (wrapped !== null) {
    const note = `the ${keys.length} key(s) of the list whose heading the paste cut are the missing keys' names under \`${wrapped}\` (\`${keys.find((k) => report.missing.includes(k.slice(wrapped.length)))}\`): a model does not expect the same names both with and without a wrapper, so they are the checkpoint's (unexpected)`;
    return { ...rest, unexpected: [...keys], notes: [...report.notes, note] };
  }
  const unwrapped = wrapperOfUnexpected(keys, report);
  if (unwrapped !== null) {
    const note = `the ${keys.length} key(s) of the list whose heading the paste cut are the unexpected keys' names without \`${unwrapped}\` (\`${report.unexpected.find((k) => keys.includes(k.slice(unwrapped.length)))!.slice(unwrapped.length)}\`): a checkpoint does not hold the same names both with and without a wrapper, so they are the model's (missing)`;
    return { ...rest, missing: [...keys], notes: [...report.notes, note] };
  }
  // a training checkpoint's own fields (its weights' container beside bookkeeping: `net`, `optimizer`, `epoch`) are
  // never a model's parameters: whatever else the text lists, they are the keys of the object passed (SuPreM-5)
  if (checkpointFields(keys)) {
    const note = `the ${keys.length} key(s) of the list whose heading the paste cut are a training checkpoint's fields (${keys.map(tick).join(', ')}), never a model's parameters: they are the keys of the object passed (unexpected)`;
    return { ...rest, unexpected: [...keys], notes: [...report.notes, note] };
  }
  if (report.missing.length + report.unexpected.length + report.sizeMismatch.length + (report.sizeMismatchCut?.length ?? 0) > 0) return report;
  const printed = checkpointKeysBesideAssertion(keys, report);
  if (printed) return { ...rest, unexpected: [...keys], notes: [...report.notes, printed] };
  // names inside a training framework's own container (VISSL's `_feature_blocks`): a checkpoint of that framework
  const trunk = trunkContainerPrefix(keys);
  if (trunk) return { ...rest, unexpected: [...keys], sidedByPrior: { side: 'unexpected', keys: [...keys] } };
  const side = bufferRule(keys[0]!)?.usualSide;
  if (side === undefined || !keys.every((k) => bufferRule(k)?.usualSide === side)) return report;
  return side === 'unexpected'
    ? { ...rest, unexpected: [...keys], sidedByPrior: { side, keys: [...keys] } }
    : { ...rest, missing: [...keys], sidedByPrior: { side, keys: [...keys] } };
}

/**
 * Dotless keys that are a training checkpoint's fields and nothing else: bookkeeping (key-roles.ts) beside a weights
 * container, known by its name (`net`, `state_dict`) or, beside two bookkeeping fields or more, by being the one other
 * field there is (`model_weights` beside `optimizer`, `scheduler`, `epoch`): what holds the weights is called whatever
 * its script called it, and no model has `optimizer` and `epoch` parameters (s22 robustness probe, select-field).
 */
function checkpointFields(keys: readonly string[]): boolean {
  if (keys.some((k) => k.includes('.'))) return false;
  const bookkeeping = keys.filter(isBookkeepingField);
  const others = keys.filter((k) => !isBookkeepingField(k));
  if (bookkeeping.length === 0 || others.length === 0) return false;
  // (the one other field beside counters alone may be a model's root tensor beside its `step` / `epoch` buffers: a
  // field holding a tensor is no container to select; a field no model holds, `optimizer` or `args`, shows the checkpoint)
  return others.every((k) => WEIGHT_CONTAINERS.includes(k)) || (others.length === 1 && bookkeeping.length >= 2 && !bookkeeping.every(holdsNumber));
}

/**
 * Keys printed beside an assertion that only the new head stays missing (a linear-evaluation loader's
 * `assert set(msg.missing_keys) == {"fc.weight", "fc.bias"}`): the model is the torchvision backbone the
 * loader builds, whose names start at its layers; keys that all sit under one module the head is not in
 * are the pre-trained checkpoint's, which is what such a thread prints (`for k in state_dict: print(k)`).
 */
function checkpointKeysBesideAssertion(keys: readonly string[], report: ErrorReport): string | null {
  const allowed = report.assertedMissing ?? [];
  if (allowed.length === 0 || keys.some((k) => allowed.includes(k))) return null;
  const first = keys[0]!.slice(0, keys[0]!.indexOf('.') + 1);
  if (!first || !keys.every((k) => k.startsWith(first)) || allowed.some((k) => k.startsWith(first))) return null;
  return `the ${keys.length} printed key(s) all sit under \`${first}\`, a module the asserted head (${allowed.map(tick).join(', ')}) is not in: they are the pre-trained checkpoint's keys (unexpected), not the model's`;
}

/**
 * The one prefix every key of `wrapped` carries, when at least two of them are keys of `bare` under it and no key of
 * `bare` carries it: the same names with and without a wrapper, which one side of a load never holds both of. What
 * the wrapper is called does not matter (s22 robustness probe: `network.` is read as `modelTeacher.` is).
 */
function sharedWrapperOver(wrapped: readonly string[], bare: readonly string[]): string | null {
  const names = new Set(bare);
  const prefixes = new Set<string>();
  let named = 0;
  for (const k of wrapped) {
    for (let i = k.indexOf('.'); i > 0; i = k.indexOf('.', i + 1)) {
      if (names.has(k.slice(i + 1))) {
        prefixes.add(k.slice(0, i + 1));
        named++;
        break;
      }
    }
  }
  if (prefixes.size !== 1 || named < 2) return null;
  const prefix = [...prefixes][0]!;
  return wrapped.every((k) => k.startsWith(prefix)) && !bare.some((k) => k.startsWith(prefix)) ? prefix : null;
}

/**
 * The prefix every headless key carries, when at least two of them are missing keys under it and the
 * text shows no unexpected list (review7 p03: torch's missing list, then `module.fc.weight", …` whose
 * heading the paste lost; p04: a transformers "newly initialized" list beside `module.`-prefixed keys):
 * the same names with and without a wrapper are never both the model's.
 */
function wrapperOfMissing(keys: readonly string[], report: ErrorReport): string | null {
  if (report.missing.length === 0 || report.unexpected.length > 0) return null;
  return sharedWrapperOver(keys, report.missing);
}

/**
 * The other direction: the headless keys are the unexpected keys' names without the one prefix every unexpected key
 * carries (fvcore's `modelTeacher.backbone.fpn_lateral2.bias` unexpected, `backbone.fpn_lateral2.bias` in the list
 * whose heading the paste cut), and the text shows no missing list: they are the model's.
 */
function wrapperOfUnexpected(keys: readonly string[], report: ErrorReport): string | null {
  if (report.unexpected.length === 0 || report.missing.length > 0) return null;
  return sharedWrapperOver(report.unexpected, keys);
}

/**
 * torch's own strict load raised (`Error(s) in loading state_dict for X`, no lenient loader's report
 * beside it: mmcv, fvcore, transformers or timm load pretrained weights into part of a model and warn)
 * and the text lists nothing missing.
 */
function strictLoadNothingMissing(report: ErrorReport): boolean {
  const families = report.families ?? [];
  // torch's `_IncompatibleKeys` lists what its strict error would: how load_state_dict was called says nothing of the keys,
  // nor does a paste that holds both forms (`mixed`: the strict error, then strict=False's repr of the same load)
  return (report.kind === 'load_state_dict' || report.kind === 'incompatible_keys' || report.kind === 'mixed') && families.length > 0 && families.every((f) => f === 'torch') && report.missing.length === 0;
}

/** Prefixes under which a model holds its own trunk (a detector's backbone, a wrapper), as opposed to another network of the checkpoint (a loss network, a teacher, an auxiliary tower). */
const TRUNK_HOLDERS: ReadonlySet<string> = new Set(['backbone', 'net', 'body', 'trunk', 'encoder', 'model', 'module', 'bottom_up']);
/** A vision trunk's input layer: its patch embedding or stem convolution (efficientnet-pytorch's `_conv_stem`, a stage-numbered `patch_embed1`). */
const INPUT_LAYER = /^_*(?:patch_embed\d*|conv_stem|stem|conv1|first_conv|conv_first|conv_in)$/;
const NORM_SEGMENT = /^_*(?:bn\d*|norm\d*|ln|gn)$/;

/**
 * The weight of the input layer of the trunk the model would compute with (at the root, or under a
 * backbone or wrapper prefix), among the checkpoint keys the model does not take: the model has an
 * input layer of its own, so the checkpoint's trunk is another network, or the model holds it under
 * other names. A norm's weight or a bias alone (a converted stem's `conv1.bias`, vos-44's `stem.conv1.bias`)
 * is not that, nor an input layer under another network's name (a loss network's `loss_segm_pl.impl.conv1`).
 */
function trunkDecided(input: string): Decided {
  return {
    reading: 'model_lacks',
    because: `the checkpoint's network from its input layer on (${tick(input)}) is not the model's: the model computes with a trunk of its own, so these are another model's weights, or ones the model holds under other names (a prefix such as \`backbone.\`)`,
    decides: 'the model\'s own keys (the missing list the text cut, or sdmatch explain CHECKPOINT ERROR.txt): renamed onto them if they are the same network, else the checkpoint made for this model',
  };
}

function stackDecided(stack: { container: string; first: number }): Decided {
  const which = stack.first <= 1
    ? 'from the first ones on'
    : `(the text was cut, and its list holds no order: block ${stack.first} is the lowest it shows; a model with fewer blocks would have loaded the first ones, which the whole text tells)`;
  return {
    reading: 'model_lacks',
    because: `the checkpoint's whole blocks of ${tick(stack.container)} ${which} are not the model's: the model computes with blocks of its own implementation there, which these weights do not load (they start from scratch)`,
    decides: 'the model class the weights were made for (the repository\'s own, or the library and version that wrote them), or the model\'s own keys (sdmatch explain CHECKPOINT ERROR.txt) if they are the same blocks under other names',
  };
}

export function trunkInputUnused(keys: readonly string[]): string | null {
  for (const k of keys) {
    if (!k.endsWith('.weight')) continue;
    const segs = splitKey(k).slice(0, -1);
    const i = segs.findIndex((seg) => INPUT_LAYER.test(seg));
    if (i < 0 || !segs.slice(0, i).every((seg) => TRUNK_HOLDERS.has(seg)) || segs.slice(i + 1).some((seg) => NORM_SEGMENT.test(seg))) continue;
    return k;
  }
  return null;
}

/**
 * What in the text says that parts kept missing are what the weights' code version lacked, not parts to
 * train: the loader's word that the checkpoint's weight format is older (Mask2Former-95, OneFormer-10),
 * a framework restoring the checkpoint into the module class that saved it, or an evaluation or
 * inference run, which trains nothing, where none of the parts is auxiliary (a
 * loss-only head may stay missing at evaluation: PathGeneration-2, SEED-29, human-gaze-7) and they are not
 * one nested pretrained tower the model builds from its own file (fc-clip-34).
 */
function olderWeightsSign(report: ErrorReport, newParts: readonly string[]): { evidence: string; decided: Decided } | null {
  const older = report.olderFormat;
  if (older) {
    return {
      evidence: `the loader says the weight format of ${tick(older)} has changed since the checkpoint was written ("Please upgrade your models")`,
      decided: { reading: 'weights_older', because: `the loader says the checkpoint holds an older weight format of ${tick(older)}: the parts missing are what the newer code added, not parts to train`, decides: 'the code version (and config) the weights were made for, or weights released for this version' },
    };
  }
  // a framework restoring the module class that saved the file (Lightning's ckpt_path resume,
  // load_from_checkpoint): the weights are this module's own, so every part of it, auxiliary ones
  // included, was saved with them when the code was the same (human-gaze-7, RAVE-65's buffer added
  // by a later commit, LaMa-308's generator configured with more blocks)
  const restore = report.restoreRun;
  if (restore !== undefined) {
    return {
      evidence: `the text shows a framework restoring the checkpoint into the module class that saved it (${tick(restore)}): that module's own weights hold every part its code had`,
      decided: { reading: 'weights_older', because: `the checkpoint is restored into the module class that saved it (${tick(restore)}), so parts it lacks are what another version or config of that code has, not new parts to train`, decides: 'the code version (commit) and hyper-parameters the checkpoint was saved with; to fine-tune it with parts added, load its state_dict into the new module yourself and train them' },
    };
  }
  const run = report.evaluationRun;
  if (run === undefined || newParts.some((k) => AUXILIARY.test(k))) return null;
  // one nested sub-network with its own input layers, the rest loaded: a pretrained part the model builds
  // from its own file (nested-tower.ts) computes with those weights at evaluation, not initial ones
  if (noneUnplacedShown(report) && nestedTower(newParts) !== null) return null;
  return {
    evidence: `the text shows an evaluation or inference run (${tick(run)}): nothing is trained there, so these parts would compute with their initial values`,
    decided: { reading: 'weights_older', because: `an evaluation or inference run (${tick(run)}) trains nothing, and none of the parts is auxiliary (a loss-only head): the weights were made for a model without them`, decides: 'the code version and config the weights were trained with (or weights released for this one); only parts that only a training loss uses may stay missing at evaluation' },
  };
}

export function openReadings(f: ReadingFacts): OpenReadings[] {
  const out: OpenReadings[] = [];
  const { report } = f;
  const sized = new Set(report.sizeMismatch.map((m) => m.key));

  // a checkpoint key dropped under the name the text gives, or under a prefix the checkpoint still carries
  const isDropped = (k: string) => f.dropped.some((d) => d === k || isDotSuffix(k, d));
  // an input layer re-initialised for other input channels is no head (input-channels.ts); a head conv of
  // another kernel alone has the same output count (its finding says both ways: error-hints.ts)
  // nor is a table the model computes from its patch grid (grid-tables.ts)
  const heads = report.sizeMismatch.filter((m) => isDropped(m.key) && !inputChannelsOnly(m) && !kernelOnlyDiffers(m) && !gridTableResized(m));
  // one class apart with nothing to confirm it: a fine-tune and a miscount fit alike
  const apart = heads.map((m) => ({ m, a: maybeOneClassApart(m, report.sizeMismatch) })).find((x) => x.a !== null);
  if (apart) {
    const { m, a } = apart;
    out.push(weigh(readingSituation('one_class_apart'), heads.map((h) => h.key), {
      same_classes: { for: [`${tick(m.key)} has ${m.source[0]} outputs in the checkpoint and ${m.expected[0]} in the model${a!.per > 1 ? `: ${a!.ckpt} vs ${a!.model} classes at ${a!.per} outputs per class` : ''}, one class apart`] },
      fine_tune: { for: ['no known pairing of counts (81/80, 91/90, 1001/1000, 21/20) and no other head confirms a class counted otherwise'] },
    }));
  } else if (heads.length > 0) {
    const larger = heads.filter((m) => (m.expected[0] ?? 0) > (m.source[0] ?? 0));
    const unnamed = heads.filter((m) => !HEAD_MODULE.test(modulePrefixOf(m.key)));
    const first = heads[0];
    // an evaluation or inference run trains nothing: a head re-initialised there only outputs noise; a
    // resumed training run goes on with the weights as saved (error-text.ts RE_RESUME_RUN)
    const run = report.evaluationRun;
    const resume = report.resumeRun;
    out.push(weigh(readingSituation('head_count'), heads.map((m) => m.key), {
      fine_tune: { for: first ? [`only the rows of ${tick(first.key)} changed (${first.source[0]} in the checkpoint, ${first.expected[0]} in the model): a class set of another size`] : [] },
      own_classes: {
        for: [
          ...(larger.length > 0 ? [`the model's head is the larger (${larger[0]!.expected[0]} > ${larger[0]!.source[0]}): on the checkpoint's own data that is a class count set too high`] : []),
          ...(run !== undefined ? [`the text shows an evaluation or inference run (${tick(run)}): nothing is trained there, so a re-initialised head would output noise`] : []),
          ...(resume !== undefined ? [`the text shows a training run resuming from its own checkpoint (${tick(resume)}): it goes on with the weights as saved`] : []),
        ],
      },
      config_output: unnamed.length > 0
        ? { for: [`${tick(unnamed[0]!.key)} is not named as a classifier: an output sized by a setting fits as well`] }
        : { against: ['the layers are named as a classifier or head'] },
    }, run !== undefined ? {
      reading: 'own_classes',
      because: `an evaluation or inference run (${tick(run)}) trains nothing: the weights are used as they are, so the model must be built with the checkpoint's output count (or given the weights trained for its own)`,
      decides: 'the config the checkpoint was trained with (its class or output count), or the weights trained for your classes',
    } : resume !== undefined ? {
      reading: 'own_classes',
      because: `a training run resumes from its own checkpoint (${tick(resume)}): a resume goes on with the model the checkpoint was saved from, so the model must be built with the checkpoint's config (its class or output count); to fine-tune on other classes, start a new run from the weights instead of resuming`,
      decides: 'the config the checkpoint was trained with, or a new run started from its weights',
    } : null));
  }

  const lmOutput = f.keptMissing.map((k) => k.key).filter((k) => LM_OUTPUT_MATRIX.test(k) && !sized.has(k));
  if (lmOutput.length > 0) {
    // the wording decides: the 1.x/2.x report listed tied weights before tying them; since 3 it leaves them out
    out.push(weigh(readingSituation(report.missingListsTied ? 'lm_output_listed_tied' : 'lm_output_new'), lmOutput, {
      tied: { for: ['most language models tie this matrix to the input embeddings, and a tied tensor is stored once'] },
      untied: { for: [`${tick(lmOutput[0]!)} is reported as not loaded: if the model does not tie it, it is random`] },
    }));
  }

  // keys of a list whose heading the paste cut: either side's; one that ends with a kept-missing key's
  // name may be its trained weights under a prefix
  const headless = f.withCheckpoint ? [] : report.unsided ?? [];
  const underAnotherName = (k: string) => headless.find((u) => isDotSuffix(k, u));
  const newParts = f.keptMissing.filter((k) => k.kind === 'head' && !sized.has(k.key) && !lmOutput.includes(k.key)).map((k) => k.key);
  if (newParts.length > 0) {
    const modules = new Set(newParts.map((k) => splitKey(k).slice(0, -1).join('.')));
    const shown = newParts.map(underAnotherName).find((u) => u !== undefined);
    const older = olderWeightsSign(report, newParts);
    out.push(weigh(readingSituation('new_parts'), newParts, {
      new_part: shown
        ? { against: [`${tick(shown)}, in the list whose heading was cut, may be one of them under a prefix`] }
        : { for: [`nothing in the checkpoint's side${headless.length > 0 ? ' the text shows' : ''} takes the place of ${newParts.length === 1 ? 'this key' : `these ${newParts.length} keys`} (${modules.size === 1 ? 'one module' : `${modules.size} modules`})`] },
      weights_older: {
        for: [
          ...(f.renames ? ['the plan renames other modules (names of another code version): the parts missing may be what the newer version added'] : []),
          ...(!f.renames && report.unexpected.length > 0 ? ['the checkpoint has keys the model does not take as well: the two sides are not of one version'] : []),
          ...(older ? [older.evidence] : []),
        ],
      },
    }, older?.decided));
  }

  const copies = report.unexpected.filter((k) => TRAINING_COPY.test(k) && isDropped(k));
  if (copies.length > 0) {
    out.push(weigh(readingSituation('training_copies'), copies, {
      for_inference: { for: ['the model being loaded has no such copy'] },
      for_resume: {},
    }));
  }

  const unused = report.unexpected.filter((k) => isDropped(k) && !sized.has(k) && !isCounter(k) && !bufferRule(k) && !copies.includes(k));
  if (unused.length > 0) {
    // a head or auxiliary output is the usual module a model does not use; a body module is where the
    // model lacking it (older code, a flag off, built after the load) is met
    const body = unused.filter((k) => !isOutputHead(k) && !AUXILIARY.test(k));
    const named = unused.length - body.length;
    // with nothing missing, a part inside blocks that loaded is no module the model leaves unused
    const inside = named === 0 && report.missing.length === 0 && headless.length === 0 ? partInsideBlocks(unused) : null;
    const where = inside && `inside ${inside.blocks} numbered blocks of ${inside.containers.map(tick).join(', ')}${report.truncated ? ' (before the cut)' : ''} and nothing else of those blocks is`;
    const insideSays = inside && !inside.fusedAttention && `${tick(inside.path)} is listed ${where}: the blocks loaded, and each computed with this part in the checkpoint, so the model's blocks are another implementation, version or configuration of them`;
    // a fused attention projection alone: the blocks' attention loaded otherwise (its output projection, its
    // norm), so the model computes q, k and v too, under a name the text does not list missing (scGPT-173's
    // tutorial merges the checkpoint into model.state_dict() before a strict load, which hides that side)
    const fusedSays = inside?.fusedAttention && `${tick(inside.path)}, a fused attention projection (q, k and v in one tensor), is listed ${where}: their attention loaded otherwise, so the model computes that projection under its own name, which the text does not list as missing`;
    // body modules only, in a strict torch load that lists nothing missing: weights saved for this model,
    // which computed with them (reading-priors.ts unused_body_strict); the text's own decision comes first
    // another model's whole tower (CLIP's text_model beside the ViT the model is), with at most a few root
    // parameters of that model (`logit_scale`, `text_projection.weight`): no part this model was built without
    const ownName = separateTowers(body);
    const atRoot = rootTower(body) ?? [];
    const towers = [...ownName, ...atRoot];
    const towerOnly = towers.length > 0 && body.every((k) => towers.some((t) => k.startsWith(`${t}.`)) || splitKey(k).length <= 2);
    const towerSays = [
      ...(ownName.length > 0 ? [`${ownName.map((t) => tick(`${t}.`)).join(', ')} ${ownName.length === 1 ? 'is a whole network' : 'are whole networks'} of ${ownName.length === 1 ? 'its' : 'their'} own (input embeddings and a stack of layers)`] : []),
      ...(atRoot.length > 0 ? [`${atRoot.map((t) => tick(`${t}.`)).join(' and ')}, with the parameters at the root beside them, are a whole network of its own at the root (input embeddings and a stack of layers, as OpenAI CLIP keeps its text tower beside \`visual.\`)`] : []),
    ].join('; ');
    const strictBody = !inside && named === 0 && strictLoadNothingMissing(report) && headless.length === 0 && !towerOnly;
    // the trunk's own input layer unused: the model computes with a network of its own (another model, or these names under a prefix)
    const trunk = inside ? null : trunkInputUnused(unused);
    // the stack's first blocks unused whole: the model's blocks are of another implementation
    const stack = inside || trunk || named > 0 ? null : stackUnusedFromStart(unused, report.truncated);
    const stackSays = stack && `whole blocks of ${tick(stack.container)}${stack.first <= 1 ? ` from block ${stack.first} on` : ` (the text was cut; block ${stack.first} is the lowest it shows)`} (${stack.blocks} blocks, their ${stack.parts.slice(0, 4).map(tick).join(', ')}) are listed: the model computes with blocks of its own there, under other names`;
    out.push(weigh(readingSituation(strictBody ? 'unused_body_strict' : 'unused_parts'), unused, {
      unused: {
        for: [
          ...(report.missing.length === 0 && !report.truncated && headless.length === 0 ? ['no key of the model is missing, so none of these is one of its keys under another name'] : []),
          ...(named > 0 ? [`${named === unused.length ? 'they are' : `${named} of them are`} named as a head or auxiliary output`] : []),
          ...(towerOnly ? [`${towerSays}: another model's tower saved beside the one this model has, not a part it was built without`] : []),
        ],
      },
      model_lacks: {
        for: [
          ...(body.length > 0 ? [`${body.length === unused.length ? 'none of them is' : `${body.length} of them are not`} named as a head or auxiliary output`] : []),
          ...(strictBody ? [report.kind === 'incompatible_keys'
            ? 'torch lists nothing missing (strict=False\'s `_IncompatibleKeys`, the same keys its strict error would list): every key of the model loaded from weights saved for this model, which computed with these modules'
            : `the load was strict (torch raised \`Error(s) in loading state_dict${report.modelName ? ` for ${report.modelName}` : ''}\`) and lists nothing missing: the weights were saved for this model and computed with these modules`] : []),
          ...(insideSays ? [insideSays] : []),
          ...(trunk ? [`${tick(trunk)}, the input layer of the network the model computes with, is among them: the model has its own`] : []),
          ...(stackSays ? [stackSays] : []),
        ],
        against: named === unused.length ? ['every one is named as a head or auxiliary output'] : [],
      },
      renamed: fusedSays ? { for: [fusedSays] } : {},
    }, trunk ? trunkDecided(trunk) : stack ? stackDecided(stack) : inside ? (inside.fusedAttention
      ? { reading: 'renamed', because: `a fused attention projection (${tick(inside.path)}) of blocks whose attention otherwise loaded: the model holds it under another name`, decides: 'the model\'s own names for those weights (its state_dict keys, or sdmatch explain CHECKPOINT ERROR.txt with a manifest of the model)' }
      : { reading: 'model_lacks', because: `one part (${tick(inside.path)}) of blocks that otherwise loaded, in every block the text shows: the checkpoint's blocks computed with it` }) : null));
  }

  if (!f.withCheckpoint && (report.families ?? []).includes('torch-keyerror') && report.unexpected.length + report.missing.length === 1 && f.moves) {
    out.push(weigh(readingSituation('one_key'), [...report.unexpected, ...report.missing], {
      pattern: { for: ['the key carries the pattern the plan applies'] },
      other_keys: { for: ['PyTorch < 0.4 stops at the first key: every other difference is unseen'] },
    }));
  }

  const byPrior = f.withCheckpoint ? undefined : report.sidedByPrior;
  if (byPrior) {
    const rule = bufferRule(byPrior.keys[0]!);
    const trunk = rule ? null : trunkContainerPrefix(byPrior.keys);
    const what = rule ? `${rule.what}: ${rule.why}` : trunk ? `every key sits under \`${trunk.prefix}\` (${trunk.row.who})` : 'a buffer the library stopped saving';
    const row = trunk ? 'headless_framework' : byPrior.side === 'unexpected' ? 'headless_buffers' : 'headless_counters';
    out.push(weigh(readingSituation(row), byPrior.keys, byPrior.side === 'unexpected'
      ? { checkpoint_side: { for: [what] }, model_side: {} }
      : { model_side: { for: [what] }, checkpoint_side: {} }));
  }

  if (headless.length > 0) {
    const missingShown = [...report.missing, ...f.keptMissing.map((k) => k.key)].map(underAnotherName).filter((u): u is string => u !== undefined);
    out.push(weigh(readingSituation('headless_list'), headless, {
      checkpoint_side: missingShown.length > 0 ? { for: [`${tick(missingShown[0]!)} ends with the name of a key the model lacks: the trained weights, under a prefix, if this list is the checkpoint's`] } : {},
      model_side: {},
    }));
  }

  if (!f.withCheckpoint && report.truncated && f.moves) {
    out.push(weigh(readingSituation('cut_text'), [], { shown_pattern: {}, more_differs: { for: ['the text stops before its end'] } }));
  }
  return out;
}

/**
 * The situations where the plan is no fix on its own: the text cannot tell which reading holds (no
 * prior, nothing decides), or it points to a reading other than the plan's (the first).
 */
export function undecided(open: readonly OpenReadings[]): OpenReadings[] {
  return open.filter((o) => o.chosen === null || againstPlan(o));
}

/** The text points to a reading other than the plan's (the first one listed). */
function againstPlan(o: OpenReadings): boolean {
  return o.chosen !== null && o.readings.length > 0 && o.chosen !== o.readings[0]!.id;
}

/** The findings to keep beside the readings: none that states an undecided reading as settled. */
export function consistentCauses(causes: readonly Cause[], open: readonly OpenReadings[]): Cause[] {
  const contradicted = new Set(undecided(open).flatMap((o) => o.asserts));
  return causes.filter((c) => !contradicted.has(c.code));
}

/** The finding that says what is open, for a person. */
export function readingsCause(open: readonly OpenReadings[]): Cause | null {
  if (open.length === 0) return null;
  const parts = open.map((o) => {
    const evidence = (r: WeighedReading) => [...r.for.map((e) => `for: ${e}`), ...r.against.map((e) => `against: ${e}`)].join('; ');
    const alts = o.readings.map((r) => `${r.id === o.chosen ? '[taken] ' : ''}${r.says} (fix: ${r.fix}${evidence(r) ? `; ${evidence(r)}` : ''})`).join('; or ');
    const taken = o.chosen === null ? `the text alone cannot tell which (${o.why})` : againstPlan(o) ? `not the plan's reading: ${o.why}` : `taken because ${o.why}`;
    return `${o.shows}${o.keys.length > 0 ? ` (${o.keys.slice(0, 2).map(tick).join(', ')}${o.keys.length > 2 ? ', …' : ''})` : ''}: ${alts}. ${taken}; what decides: ${o.decides}`;
  });
  const notFix = undecided(open);
  const none = notFix.length > 0;
  const head = !none ? 'the text leaves other readings open' : notFix.every((o) => o.chosen !== null) ? 'the text points to a fix other than the plan\'s' : 'the text leaves the fix undecided';
  return {
    code: 'open_readings',
    message: `${head}: ${parts.join(' | ')}`,
    ...(none ? { undecided: true as const } : {}),
  };
}
