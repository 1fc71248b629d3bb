import { MODULE_OBJECT_LOAD, stateDictHolder, type StateDictHolder } from '../checkpoint/state-dict-holder.js';
import type { CheckpointSafety } from '../checkpoint/safety.js';
import { TIED_APART, TIED_EQUAL, TIED_UNKNOWN, tiedApartWords, tiedEqualWords, tiedUnknownWords, tieWrites, type TieWrite } from './tied-writes.js';
import { consistentCauses, openReadings, partInsideBlocks, readingsCause, undecided, type OpenReadings } from '../analysis/readings.js';
import type { CheckpointFormat } from '../checkpoint/types.js';
/**
 * From the two sides a command resolved to a plan: what inference compares (which depends on what the
 * user gave: two key sets, a checkpoint and an error text, an error text alone, or an error text and
 * the model), then inference's result as a Plan (via makePlan) with what stays wrong after it.
 *
 * An error text names only the keys that differed, so from it alone the source side is its unexpected
 * keys and the target its missing ones, size-mismatched keys on both sides with their shapes.
 * torch never lists a BatchNorm's `num_batches_tracked` as missing when loading a checkpoint saved
 * without module versions (BatchNorm fills it in), yet lists the checkpoint's counters as unexpected
 * under a wrong prefix: the model's counters are therefore implied for every BatchNorm the error shows,
 * so `module.bn.num_batches_tracked` maps like its siblings instead of staying "unexpected".
 */
import { compilePattern, escapeRegex } from '../analysis/infer/regex.js';
import type { ResolvedSide } from '../analysis/sides.js';
import { diffKeys, diffWithErrorReport, isAssumedMatchedNote, passedWhole } from '../analysis/diff.js';
import { rankFilePass, type RankFilePass } from '../analysis/rank-file.js';
import { castOnLoad, dtypesDiffer } from '../analysis/dtype-cast.js';
import { diagnose } from '../analysis/diagnose.js';
import { bufferRuleSeen, HEAD_MODULE, isCounter, isWrapperClass, WRAPPER_PREFIXES, type BufferRule } from '../analysis/key-roles.js';
import { listedBufferReading } from '../analysis/listed-buffers.js';
import { counterBeside, counterFilledIn, counterlessCounters, moduleVersions } from '../analysis/module-versions.js';
import { dotSuffixes, firstSegmentOf, isDotSuffix, moduleOf, modulePrefixOf } from '../analysis/key-tokens.js';
import { builtWithDefault, errorHints, isLenientLoad, lenientHints, NO_HINTS, outsideSubmoduleHints, type ErrorHints, type KeyWithReason } from '../analysis/error-hints.js';
import { inferPlan, type InferResult } from '../analysis/infer/index.js';
import { SQUARE_CONV1D_UNNAMED } from '../analysis/infer/tensor-ops.js';
import { KEEP_THE_MODELS, NO_COUNTERPART_KEYS, NO_SUCH_KEYS, type Cause } from '../analysis/infer/causes.js';
import { flattenedParametersCause } from '../analysis/flattened-params.js';
import { anchoredLiteral, compileNameOp, compileSplit, concatGroups, isNameOp, stackGroups } from '../analysis/op-vocabulary.js';
import { NameSimulation, outputsOfOps, simulateNames } from '../analysis/op-keys.js';
import type { ErrorReport } from '../formats/error-text.js';
import { FormatError } from '../formats/errors.js';
import { sameShape, type KeyEntry } from '../formats/keys.js';
import type { KeyPath } from '../checkpoint/types.js';
import { fieldsAlong } from '../checkpoint/walk.js';
import { megatronArgs, sourceStorageGroups, storageGroups } from '../checkpoint/side-facts.js';
import { valueGroups } from '../checkpoint/equal-values.js';
import { SAVED_COPIES } from '../formats/megatron/names.js';
import { rankShard, rankShardMessage, type RankShard, type ShapePair } from '../analysis/rank-shard.js';
import { zeroPlaceholderMessage, zeroPlaceholders } from '../analysis/zero-placeholders.js';
import type { AdapterAlphas } from './adapter-alphas.js';
import type { MegatronArgs } from '../analysis/infer/megatron-qkv.js';
import { checkDeclaredMissing, checkEdits, deriveFromOps, dropsAlreadyDone, editOps, hasEdits, keptMissingBy, NO_EDITS, producedNames, renameEditOps, type PlanEdits } from './edit.js';
import { makePlan, type PlanSourceInfo } from './schema.js';
import type { Plan, PlanOp } from './types.js';
import { pythonAccess } from '../formats/python-source.js';
import { AGAINST_TEXT, UNSETTLED_MARKER } from './unsettled.js';
import { unshapedDatasetHead, unshapedTargets, type UnshapedTargets } from './unshaped.js';
import { copyWords, markTrainedDrops } from './trained-drops.js';
import { namesAloneCauses, unshapedLeftCause } from './names-alone.js';
import { namesAfterLoad, TRANSFORMERS_LOAD_RENAMES } from '../analysis/loader-renames.js';
import { keyExamples as examples, plural } from '../analysis/prose.js';

/**
 * - `keys`: two key sets (checkpoints, manifests, key lists);
 * - `checkpoint-and-error`: the source's full state dict against the model the error implies;
 * - `error-only`: the error's unexpected keys against its missing keys;
 * - `error-and-model`: the checkpoint the error implies against the model's full key set.
 */
export type InferenceMode = 'keys' | 'checkpoint-and-error' | 'error-only' | 'error-and-model';

export interface InferenceSides {
  mode: InferenceMode;
  source: KeyEntry[];
  target: KeyEntry[];
  /** target keys added because BatchNorm fills them itself; never reported as missing */
  implied: ReadonlySet<string>;
  /** what the inputs leave open, in plain words (a cut-short error text above all) */
  uncertain: string[];
  /** the error text, when one side is one */
  report: ErrorReport | null;
  /** the state dict chosen inside the source checkpoint */
  selected: KeyPath | null;
  /** with the checkpoint: keys the error puts on the checkpoint's side that this checkpoint does not hold (keysNotInCheckpoint) */
  notInCheckpoint?: string[];
  /** module versions the source state dict's `_metadata` records (module-versions.ts: whether BatchNorm fills in a missing counter); absent or empty: none */
  versions?: ReadonlyMap<string, number>;
  /** the target's keys one storage holds (ties: a checkpoint's storages, a manifest's `tied`); absent or null: the target cannot show them (side-facts.ts) */
  targetStorages?: string[][] | null;
  /** the source's keys one storage holds, as targetStorages (a source tied as the target is fills its tie itself) */
  sourceStorages?: string[][] | null;
  /** source keys that could fill one of the target's ties whose bytes were read, grouped by equal bytes (checkpoint/equal-values.ts valueGroups; a group of one equals none); absent: the source is no checkpoint */
  sourceEqualValues?: string[][];
  /** each module's class on the source side, as a manifest records it (`modules`); absent or null: it does not say */
  sourceModules?: ReadonlyMap<string, string> | null;
  /** each module's class on the target side, as sourceModules */
  targetModules?: ReadonlyMap<string, string> | null;
  /** the source is a folder of several files (DeepSpeed, Megatron-LM, DCP: `Checkpoint.files`), which no torch.load of one file reads */
  sourceFolder?: boolean;
  /** the source's state dict sits in what is no state dict (a whole module, TorchScript, npz: state-dict-holder.ts) */
  sourceHolder?: StateDictHolder | null;
  /** the source is one rank's file of a folder and was passed whole: what it holds and what to load (rank-file.ts) */
  rankFile?: RankFilePass | null;
  /** the source's saved Megatron args, which give its fused q/k/v rows' layout (side-facts.ts) */
  megatronArgs?: MegatronArgs | null;
  /** source keys a Megatron save holds as a byte-equal copy of another source key (savedCopies), with what each is */
  sourceCopies?: ReadonlyMap<string, { of: string; what: string }>;
  /** the target's saved Megatron args (a Megatron checkpoint as the model): the layout q/k/v are joined into */
  targetMegatronArgs?: MegatronArgs | null;
}

/** The cause said when the keys match but the file is no state dict (planVerdict reads it). */
export const NOT_A_STATE_DICT = 'not-a-state-dict';

/**
 * `P.num_batches_tracked` for every BatchNorm `P` among the target keys (when the source has counters
 * at all), each right after its `running_var`, where a model's state dict has it: order is evidence.
 */
function withImplied(mode: InferenceMode, source: KeyEntry[], target: KeyEntry[], uncertain: string[], report: ErrorReport | null, selected: KeyPath | null = null): InferenceSides {
  const implied = new Set<string>();
  let withCounters = target;
  if (source.some((e) => isCounter(e.key))) {
    // with the checkpoint, a counter BatchNorm's hook put in and the model refused is one the model has no place for
    // (counterlessCounters); an error alone keeps implying it: there the counter is one of the text's own source keys
    const have = new Set([...target.map((e) => e.key), ...(report && mode === 'checkpoint-and-error' ? counterlessCounters(report) : [])]);
    withCounters = [];
    for (const e of target) {
      withCounters.push(e);
      const counter = counterBeside(e.key, (k) => have.has(k));
      if (counter !== null) {
        have.add(counter);
        implied.add(counter);
        withCounters.push({ key: counter, shape: [], dtype: null });
      }
    }
  }
  return { mode, source, target: withCounters, implied, uncertain, report, selected };
}

const unshaped = (key: string): KeyEntry => ({ key, shape: null, dtype: null });

function errorOnly(report: ErrorReport): InferenceSides {
  // a size line cut before its shapes still names a key on both sides
  const cut = (report.sizeMismatchCut ?? []).filter((c) => !report.sizeMismatch.some((m) => m.key === c.key));
  const source = [...report.unexpected.map(unshaped), ...report.sizeMismatch.map((s) => ({ key: s.key, shape: s.source, dtype: null })), ...cut.map((c) => ({ key: c.key, shape: c.source, dtype: null }))];
  const target = [...report.missing.map(unshaped), ...report.sizeMismatch.map((s) => ({ key: s.key, shape: s.expected, dtype: null })), ...cut.map((c) => ({ key: c.key, shape: c.expected, dtype: null }))];
  const uncertain = ['the error names only the keys that differed: the keys it does not mention are assumed to load as they are, and the plan covers only the keys it names'];
  if (report.truncated) uncertain.push('the error text was cut short: its lists may have held more keys than the plan could see');
  if (report.missing.length > 0 && report.unexpected.length > 0) {
    uncertain.push('the error gives no shapes for missing or unexpected keys, so correspondences rest on names and order alone (give the checkpoint too: sdmatch explain CHECKPOINT ERROR.txt)');
  }
  return withImplied('error-only', source, target, uncertain, report);
}

/** Prefixes a user strips by hand before loading: the wrappers', and Lightning's `model.`/`net.`. */
const WRAPPER_PREFIXES_AND_LIGHTNING = [...WRAPPER_PREFIXES, { prefix: 'model.', who: 'a LightningModule' }, { prefix: 'net.', who: 'a training wrapper' }];

/**
 * The prefix the user stripped before the load that failed (`{k[7:]: v}` for DDP's `module.`): the
 * checkpoint-side keys the error names are this state dict's keys without it. Null when the error's
 * keys are the state dict's own.
 */
function strippedBeforeLoad(entries: readonly KeyEntry[], report: ErrorReport): string | null {
  const named = [...report.unexpected, ...report.sizeMismatch.map((m) => m.key)];
  const have = new Set(entries.map((e) => e.key));
  if (named.length === 0 || named.some((k) => have.has(k))) return null;
  for (const { prefix } of WRAPPER_PREFIXES_AND_LIGHTNING) {
    if (named.every((k) => have.has(prefix + k))) return prefix;
  }
  return null;
}

/**
 * A cut text whose missing keys are none of the checkpoint's and all of them its keys under one wrapper's
 * prefix (`module.` + each): that prefix, which the model's keys lack; else null. A whole Missing list with no
 * Unexpected list reads the same (review 20 F9): a strict load of this file would have named every
 * `module.`-prefixed key unexpected, so the paste left that list out (or the load had wrapped the file).
 */
function cutUnderPrefix(entries: readonly KeyEntry[], report: ErrorReport): string | null {
  if (!(report.truncated || report.unexpected.length === 0) || report.missing.length === 0) return null;
  const have = new Set(entries.map((e) => e.key));
  if (report.missing.some((k) => have.has(k))) return null;
  // a whole Missing list says nothing of the checkpoint keys it does not name: only where every one carries the
  // prefix are they the model's without it (a `model.` copy beside `model_ema.` is two state dicts, not one)
  const whole = !report.truncated;
  return WRAPPER_PREFIXES_AND_LIGHTNING.find(({ prefix }) => report.missing.every((k) => have.has(prefix + k)) && (!whole || entries.every((e) => e.key.startsWith(prefix))))?.prefix ?? null;
}

/**
 * A cut text that names only unexpected keys, every one under a wrapper's prefix every checkpoint key carries
 * (`module.` from DataParallel): that prefix, else null. Torch prints the missing list first, so a paste that
 * starts inside the unexpected list (or cut its heading) lost the model's side; a model that takes none of a
 * checkpoint's keys has no parameters, so the keys the model expects are taken to be the checkpoint's without
 * the wrapper (as cutUnderPrefix does from the missing side), never dropped as modules it lacks.
 */
function cutUnexpectedUnderWrapper(entries: readonly KeyEntry[], report: ErrorReport): string | null {
  if (!report.truncated || report.missing.length + report.sizeMismatch.length > 0 || report.unexpected.length === 0 || entries.length === 0) return null;
  return LONGEST_WRAPPERS.find(({ prefix }) => entries.every((e) => e.key.startsWith(prefix)) && report.unexpected.every((k) => k.startsWith(prefix)))?.prefix ?? null;
}

/**
 * The same from the model's side: a cut text that names only missing keys, each a wrapper's prefix before a key
 * the checkpoint holds (the model wrapped in DataParallel, the checkpoint saved from the bare one): the prefix
 * the model's keys carry, the ones past the cut too (the unexpected list, printed after, is where the cut fell).
 */
function cutMissingOverWrapper(entries: readonly KeyEntry[], report: ErrorReport): string | null {
  if (!report.truncated || report.unexpected.length + report.sizeMismatch.length > 0 || report.missing.length === 0) return null;
  const have = new Set(entries.map((e) => e.key));
  if (report.missing.some((k) => have.has(k))) return null;
  return LONGEST_WRAPPERS.find(({ prefix }) => entries.every((e) => !e.key.startsWith(prefix)) && report.missing.every((k) => k.startsWith(prefix) && have.has(k.slice(prefix.length))))?.prefix ?? null;
}
const LONGEST_WRAPPERS = [...WRAPPER_PREFIXES].sort((a, b) => b.prefix.length - a.prefix.length);

/**
 * A whole text that lists every key missing under a wrapper's prefix and nothing unexpected, where the file holds
 * exactly those keys without the prefix (each file key is one missing key with it; a BatchNorm counter, which
 * BatchNorm fills in itself and so never lists, goes with its module): the loader dropped the file's every key
 * before the load (it kept only the model's own: `{k: v … if k in model.state_dict()}`), so none of them loaded
 * and none is "assumed matched"; the model's keys are the file's with the prefix (s23-verify F3: "no key
 * transform" for a file that holds every key). Only whole-model wrappers' prefixes (DataParallel's `module.`,
 * torch.compile's `_orig_mod.`), and a text naming no model class or the wrapper's: such a model has no key outside
 * the prefix, so no file key can be a model key that loaded as it is (s23-verify F1: moving a tower the model had and
 * loaded lost it). The whole file moves.
 */
function filteredUnderWrapper(entries: readonly KeyEntry[], report: ErrorReport): string | null {
  if (report.truncated || report.unexpected.length + report.sizeMismatch.length > 0 || report.missing.length === 0 || entries.length === 0) return null;
  const have = new Set(entries.map((e) => e.key));
  const missing = new Set(report.missing);
  const counterOwner = (key: string) => key.slice(0, key.length - 'num_batches_tracked'.length);
  // a strict error naming a model class that is not the wrapper (`for Net:`) has `module` as a submodule of its own,
  // which may have siblings named as the file's keys that loaded: only the wrapper, or a repr that names no class
  return LONGEST_WRAPPERS.find(({ prefix, classes }) => (report.modelName === null || isWrapperClass(classes, report.modelName)) &&
    entries.every((e) => !e.key.startsWith(prefix) && (missing.has(prefix + e.key) || (isCounter(e.key) && report.missing.some((k) => k.startsWith(prefix + counterOwner(e.key)))))) &&
    report.missing.every((k) => k.startsWith(prefix) && have.has(k.slice(prefix.length))))?.prefix ?? null;
}

/** Top-level modules the error names only among unexpected keys (a `teacher.` copy the model lacks). */
function unexpectedOnlyModules(report: ErrorReport): Set<string> {
  const modelSide = new Set([...report.missing, ...report.sizeMismatch.map((m) => m.key)].map(firstSegmentOf));
  return new Set(report.unexpected.map(firstSegmentOf).filter((m) => !modelSide.has(m)));
}

/**
 * Checkpoint keys a cut text leaves unmentioned that the text still shows loaded: where its unexpected
 * keys are one part inside every numbered block and nothing else of those blocks (readings.ts
 * partInsideBlocks: scGPT's `transformer_encoder.layers.N.self_attn.Wqkv.*`), the blocks loaded, so every
 * other key of a block of that container (`….layers.7.linear1.weight`, past the cut too) is the model's;
 * only that part's keys are taken to be unexpected with the rest of the list.
 */
function loadedBesidePart(report: ErrorReport): (key: string) => boolean {
  const inside = partInsideBlocks(report.unexpected);
  if (!inside) return () => false;
  const blocks = inside.containers.map((c) => `${c}.`);
  const parts = inside.paths.map((p) => `${p}.`);
  return (key) => blocks.some((c) => {
    if (!key.startsWith(c)) return false;
    const m = /^\d+\.(.+)$/.exec(key.slice(c.length));
    return m !== null && !parts.some((p) => m[1]!.startsWith(p));
  });
}

/**
 * Checkpoint keys a cut text leaves unmentioned under a module it shows only through saved buffers
 * (`layers.0.relative_position_index`, `layers.0.attn_mask`: Swin's constants, GPT-2's `h.0.attn.bias` mask):
 * such a module is not one the model lacks, only its buffers are unexpected (the model builds them, not
 * persistent), so a key of it past the cut is taken to be unexpected only when it is one of the same buffers
 * (the same buffer reading, its shape allowing it); its trained tables and weights load (review20 F4: the
 * drop widened to `^layers\.`, every trained weight of the blocks, under "nothing trained").
 */
function loadedBesideBuffers(entries: readonly KeyEntry[], report: ErrorReport, extraOnly: ReadonlySet<string>): (e: KeyEntry) => boolean {
  const reading = listedBufferReading(report).unexpected;
  const shown = new Map<string, Set<BufferRule> | null>();
  for (const k of report.unexpected) {
    const m = firstSegmentOf(k);
    if (!extraOnly.has(m) || shown.get(m) === null) continue;
    const r = reading(k);
    if (r === null) shown.set(m, null);
    else shown.set(m, (shown.get(m) ?? new Set()).add(r));
  }
  if (![...shown.values()].some((rules) => rules !== null)) return () => false;
  const have = new Set(entries.map((e) => e.key));
  return (e) => {
    const rules = shown.get(firstSegmentOf(e.key));
    if (!rules) return false;
    const r = bufferRuleSeen(e.key, e.shape, e.dtype, (k) => have.has(k));
    return r === null || !rules.has(r);
  };
}

/**
 * transformers lists the checkpoint keys it did not use under the names its own renames gave them
 * (loader-renames.ts: a legacy `LayerNorm.gamma` is listed as `LayerNorm.weight`): with the checkpoint
 * given, each such name is put back to the key the file holds, so the plan acts on that key (review9 A #4).
 */
function asCheckpointNames(entries: readonly KeyEntry[], report: ErrorReport): ErrorReport {
  if (!transformersText(report)) return report;
  const own = new Set(entries.map((e) => e.key));
  const back = new Map<string, string>();
  for (const e of entries) for (const n of namesAfterLoad(e.key, TRANSFORMERS_LOAD_RENAMES).slice(1)) if (!own.has(n) && !back.has(n)) back.set(n, e.key);
  if (back.size === 0) return report;
  const name = (k: string) => (own.has(k) ? k : back.get(k) ?? k);
  return { ...report, unexpected: report.unexpected.map(name), sizeMismatch: report.sizeMismatch.map((m) => ({ ...m, key: name(m.key) })) };
}

function transformersText(report: ErrorReport): boolean {
  return report.kind === 'transformers' || (report.families ?? []).includes('transformers');
}

/**
 * A DCP checkpoint's own load errors name flattened FQNs, the top-level dict's key first (`model.embed.weight` for
 * `dcp.load({'model': …})`): read against the state dict selected inside it, without that path (review19 F6/F7).
 */
function dcpRelative(source: ResolvedSide, r: ErrorReport): ErrorReport {
  if (source.checkpoint?.format !== 'dcp' || !source.selected || source.selected.length === 0) return r;
  const prefix = `${source.selected.join('.')}.`;
  const keys = [...r.missing, ...r.unexpected, ...r.sizeMismatch.map((m) => m.key), ...(r.sizeMismatchCut ?? []).map((m) => m.key)];
  if (keys.length === 0 || !keys.every((k) => k.startsWith(prefix))) return r;
  const cut = (k: string) => k.slice(prefix.length);
  return { ...r, missing: r.missing.map(cut), unexpected: r.unexpected.map(cut), sizeMismatch: r.sizeMismatch.map((m) => ({ ...m, key: cut(m.key) })), ...(r.sizeMismatchCut ? { sizeMismatchCut: r.sizeMismatchCut.map((m) => ({ ...m, key: cut(m.key) })) } : {}) };
}

function checkpointAndError(source: ResolvedSide, given: ErrorReport): InferenceSides {
  const report = asCheckpointNames(source.entries, dcpRelative(source, given));
  const whole = passedWhole(source.entries, report);
  // the keys as the failed load saw them: the user's own prefix strip undone
  const stripped = whole ? null : strippedBeforeLoad(source.entries, report);
  const view = stripped ? source.entries.map((e) => (e.key.startsWith(stripped) ? { ...e, key: e.key.slice(stripped.length) } : e)) : source.entries;
  const d = diffWithErrorReport(view, report);
  const matched = new Set(d.matched);
  const resized = new Map(d.shapeMismatch.map((m) => [m.key, m.expected]));
  const target: KeyEntry[] = [];
  const under = whole ? null : cutUnderPrefix(view, report);
  const unwrapped = whole || under !== null ? null : cutUnexpectedUnderWrapper(view, report);
  const wrapped = whole || under !== null || unwrapped !== null ? null : cutMissingOverWrapper(view, report);
  const filtered = whole || under !== null || unwrapped !== null || wrapped !== null ? null : filteredUnderWrapper(view, report);
  if (unwrapped !== null) {
    target.push(...view.map((e) => ({ key: e.key.slice(unwrapped.length), shape: e.shape, dtype: null })));
    d.notes.push(`every checkpoint key starts with \`${unwrapped}\` and the cut text names only unexpected keys under it: the missing list torch prints first is not in the paste, and the model's keys are taken to be the checkpoint's without \`${unwrapped}\``);
  } else if (wrapped !== null) {
    target.push(...view.map((e) => ({ key: wrapped + e.key, shape: e.shape, dtype: null })));
    d.notes.push(`every missing key the cut text names is a checkpoint key with \`${wrapped}\` before it: the model is wrapped, and its keys are taken to be the checkpoint's with \`${wrapped}\`, the ones past the cut too`);
  } else if (filtered !== null) {
    // the text gives no shape of the model's: the file's are not evidence of them (unshaped, as torch's whole error reads)
    target.push(...view.map((e) => ({ key: filtered + e.key, shape: null, dtype: null })));
    d.notes = d.notes.filter((n) => !isAssumedMatchedNote(n));
    d.notes.push(`the text names every checkpoint key as missing with \`${filtered}\` before it and none unexpected: the state dict passed held none of the file's keys (a loader that keeps only the model's own keys drops them all before the load), so the model's keys are taken to be the checkpoint's with \`${filtered}\`; if the text came from another file, this does not hold`);
  } else if (whole) {
    // nothing loaded: the model's keys are exactly what the error calls missing or mismatched
    target.push(...report.missing.map(unshaped), ...report.sizeMismatch.map((m) => ({ key: m.key, shape: m.expected, dtype: null })));
  } else {
    // ... unless the keys it does name as missing are all the checkpoint's under a wrapper's prefix: then
    // the keys it lost are the model's without that prefix too (review13 F2: `module.` + every name)
    const name = (key: string) => (under !== null && key.startsWith(under) ? key.slice(under.length) : key);
    const named = new Set(d.missing);
    for (const e of view) {
      const shape = resized.get(e.key);
      if (shape) target.push({ key: e.key, shape, dtype: null });
      // a whole Missing list without its Unexpected list: the keys it does not name are the model's under their names without the prefix
      else if (matched.has(e.key) && !named.has(name(e.key))) target.push({ key: name(e.key), shape: e.shape, dtype: null });
    }
    // a cut text does not say whether the keys it lost loaded: they are taken to (the plan must not drop
    // weights the model may have) unless they sit under a top-level module the text shows only as unexpected
    const extraOnly = unexpectedOnlyModules(report);
    const loaded = loadedBesidePart(report);
    const besideBuffers = loadedBesideBuffers(view, report, extraOnly);
    for (const e of view) if (d.unknown.includes(e.key) && (!extraOnly.has(firstSegmentOf(e.key)) || loaded(e.key) || besideBuffers(e)) && !named.has(name(e.key))) target.push({ key: name(e.key), shape: e.shape, dtype: null });
    if (under !== null) {
      // the keys it does not mention are not "assumed matched" as they are: they are the model's without the prefix
      if (!report.truncated) d.notes = d.notes.filter((n) => !isAssumedMatchedNote(n));
      d.notes.push(report.truncated
        ? `every key the cut text names as missing is in the checkpoint under \`${under}\`: the model's keys are taken to be the checkpoint's without it, the ones past the cut too`
        : `every key the text names as missing is in the checkpoint under \`${under}\`, and it names none unexpected (a strict load of this file names those): the paste left the Unexpected list out, and the model's keys are taken to be the checkpoint's without \`${under}\``);
    }
    target.push(...d.missing.map(unshaped));
  }
  const uncertain = whole ? [] : [...d.notes];
  if (stripped) uncertain.unshift(`the error names this state dict's keys without \`${stripped}\`: it came from a load that stripped that prefix first, so the model's keys are taken to be these without it`);
  if (d.unknown.length > 0 && under === null && unwrapped === null && wrapped === null && filtered === null) {
    uncertain.push(`${plural(d.unknown.length, 'checkpoint key')} the cut-short error text does not mention ${d.unknown.length === 1 ? 'is' : 'are'} taken to load as they are, except those under a module the text shows only as unexpected: if a strict load still names some, give the whole error text`);
  }
  return { ...withImplied('checkpoint-and-error', [...source.entries], target, uncertain, report, source.selected), notInCheckpoint: keysNotInCheckpoint(source, report, whole), rankFile: whole ? rankFileOf(source, report) : null, megatronArgs: sideArgs(source), sourceFolder: source.checkpoint?.files !== undefined, sourceHolder: holderOf(source) };
}

/** Most checkpoint tensors of one tie's shape compared for equal bytes: a tie's shape (a vocabulary) is rarely anyone else's. */
const MAX_TIE_CANDIDATES = 8;

/**
 * The checkpoint's tensors that could fill one of the model's ties, grouped where their bytes are equal (review24
 * F4): the checkpoint's tensors of the tie's shape, read only when the model ties something and there are few.
 */
function tieValues(source: ResolvedSide, target: readonly KeyEntry[], targetStorages: readonly (readonly string[])[] | null): Pick<InferenceSides, 'sourceEqualValues'> {
  if (!source.checkpoint || !targetStorages || targetStorages.length === 0) return {};
  // a checkpoint: its bytes can be read, so what is not read is said unknown (plan/tied-writes.ts), never passed over
  const shapeOf = new Map(target.map((e) => [e.key, e.shape?.join(',')]));
  const sets: string[][] = [];
  for (const g of targetStorages) {
    const shape = shapeOf.get(g[0]!);
    if (shape === undefined) continue;
    const same = source.entries.filter((e) => e.shape?.join(',') === shape).map((e) => e.key);
    if (same.length >= 2 && same.length <= MAX_TIE_CANDIDATES) sets.push(same);
  }
  return { sourceEqualValues: sets.length === 0 ? [] : valueGroups(source.checkpoint, source.selected, sets) };
}

/**
 * The source's keys a Megatron save holds as a copy of another (formats/megatron/names.ts SAVED_COPIES), where the bytes
 * of both are read and equal (review25 F14): leaving such a copy out loses nothing. A save without Megatron args, or
 * bytes not read, gives none.
 */
function savedCopies(source: ResolvedSide): Map<string, { of: string; what: string }> {
  const out = new Map<string, { of: string; what: string }>();
  if (!source.checkpoint || sideArgs(source) === null) return out;
  for (const row of SAVED_COPIES) {
    const copies = source.entries.filter((e) => row.copy.test(e.key));
    const originals = source.entries.filter((e) => row.of.test(e.key));
    if (copies.length !== 1 || originals.length !== 1) continue;
    const [copy, of] = [copies[0]!.key, originals[0]!.key];
    if (valueGroups(source.checkpoint, source.selected, [[copy, of]]).some((g) => g.includes(copy) && g.includes(of))) out.set(copy, { of, what: row.what });
  }
  return out;
}

/** What holds the source's chosen state dict, when that is no state dict (a pickled module: review24 F5). */
function holderOf(source: ResolvedSide): StateDictHolder | null {
  return source.checkpoint && source.selected ? stateDictHolder(source.checkpoint, source.selected) : null;
}

/** A side's Megatron args: a checkpoint's saved ones, or those a manifest keeps (`megatron`); null when it says none. */
function sideArgs(side: ResolvedSide): MegatronArgs | null {
  return side.checkpoint ? megatronArgs(side.checkpoint) : side.megatron ?? null;
}

function errorAndModel(report: ErrorReport, model: readonly KeyEntry[]): InferenceSides {
  const missing = new Set(report.missing);
  const resized = new Map(report.sizeMismatch.map((s) => [s.key, s.source]));
  const source: KeyEntry[] = [];
  for (const e of model) {
    if (missing.has(e.key)) continue;
    const shape = resized.get(e.key);
    source.push(shape ? { key: e.key, shape, dtype: null } : e);
  }
  const modelKeys = new Set(model.map((e) => e.key));
  for (const s of report.sizeMismatch) if (!modelKeys.has(s.key)) source.push({ key: s.key, shape: s.source, dtype: null });
  source.push(...report.unexpected.filter((k) => !modelKeys.has(k)).map(unshaped));
  const uncertain = ['the checkpoint is known only through the error: the model keys the error does not call missing are assumed to be in it with the model\'s shapes'];
  if (report.truncated) uncertain.push('the error text was cut short: more keys may be missing or unexpected than it shows');
  return withImplied('error-and-model', source, [...model], uncertain, report);
}

/** What inference compares, from the resolved sides (`expected` null: SOURCE is an error text on its own). */
export function inferenceSides(source: ResolvedSide, expected: ResolvedSide | null): InferenceSides {
  if (source.report && expected?.report) throw new FormatError(expected.file, 'both sides are error texts; give the checkpoint or the model on the other side');
  if (expected === null) {
    if (!source.report) throw new FormatError(source.file, 'is not a load_state_dict error text; name what the model expects too (a manifest, a checkpoint or a key list)');
    return errorOnly(source.report);
  }
  if (expected.report) return checkpointAndError(source, expected.report);
  if (source.report) return errorAndModel(source.report, expected.entries);
  // a checkpoint shows its storages; a manifest says them in its `tied` field, or cannot show a tie (null)
  const targetStorages = expected.checkpoint ? storageGroups(expected.checkpoint, expected.selected) : expected.tied ?? null;
  return {
    mode: 'keys', source: [...source.entries], target: [...expected.entries], implied: new Set(), uncertain: [], report: null, selected: source.selected, versions: moduleVersions(source),
    targetStorages,
    sourceStorages: source.checkpoint ? sourceStorageGroups(source.checkpoint, source.selected) : source.tied ?? null,
    ...tieValues(source, expected.entries, targetStorages),
    // a manifest may record each module's class; a checkpoint holds no module objects
    sourceModules: source.modules ?? null,
    targetModules: expected.modules ?? null,
    megatronArgs: sideArgs(source),
    targetMegatronArgs: sideArgs(expected),
    sourceCopies: savedCopies(source),
    sourceFolder: source.checkpoint?.files !== undefined,
    sourceHolder: holderOf(source),
  };
}

/** A plan, inference's account of it, and what stays wrong after it. */
export interface PlanOutcome {
  plan: Plan;
  /** the source checkpoint's format, when the source is one (a folder of shards needs another first step in Python) */
  sourceFormat?: CheckpointFormat;
  result: InferResult;
  mode: InferenceMode;
  /** per op, how many keys it acts on; null for an op kind this version cannot count */
  opKeys: (number | null)[];
  /** target keys still without a source after the plan, BatchNorm counters aside (those kept missing on purpose included) */
  missing: string[];
  /** `num_batches_tracked` counters without a source: BatchNorm fills them in when loading */
  counters: string[];
  /** source keys the model has no place for after the plan */
  unexpected: string[];
  /** causes, most important first, adjusted to what the plan says (counters, one-sided inputs) */
  causes: Cause[];
  /** the ops are a fix (see InferResult.fixable); false when nothing corresponds on one side */
  fixable: boolean;
  /**
   * the plan explains everything: a strict load succeeds after it (the exit 0 of `sdmatch plan`):
   * fixable, nothing missing (BatchNorm counters aside), unexpected, ambiguous, mismatched or warned about
   */
  complete: boolean;
  /** target keys the plan produces whose shape still differs from the model's (a position embedding of another length) */
  shapesDiffer: string[];
  uncertain: string[];
  /** model keys left missing on purpose (a new head, buffers the model computes), each with why that is safe */
  keptMissing: KeyWithReason[];
  /** with the model's key list: trained weights the plan drops for having no place in the model, a decision (plan/trained-drops.ts) */
  trainedDrops?: { keys: string[]; accept: string; shift?: string[] };
  /** from an error text alone: the readings it leaves open (src/analysis/readings.ts), none when it singles one out */
  readings?: OpenReadings[];
  /** with a checkpoint and an error that names the model's keys without shapes: what a strict load may still refuse */
  unshaped?: UnshapedTargets;
  /**
   * everything else settled, the one thing that keeps the plan from `complete`: the head among `unshaped` has a
   * public dataset's class count the error does not confirm for the model (unshaped.ts unshapedDatasetHead); exit 1
   */
  notShown?: NonNullable<ReturnType<typeof unshapedDatasetHead>>;
  /** the error text was cut short: keys past the cut are unknown to the plan */
  truncated?: boolean;
  /** the chosen state dict sits in what is no state dict (a pickled module at `checkpoint['model']`): the fix lines take its state_dict() (review24 F5) */
  sourceHolder?: StateDictHolder;
  /** the keys of a paste that is only a list whose heading it cut: their side is unknown (cli/run-plan.ts) */
  sideUnknown?: string[];
  /** the values of the LoRA alphas the plan leaves out, for the adapter's config (read by the CLI: plan/adapter-alphas.ts) */
  adapterAlphas?: AdapterAlphas;
  /**
   * the options the command was given that shape the plan (`--select`, `--min-confidence`, the edits), as the words
   * to pass again: a line that makes the plan anew (the `fix:` line) must make this plan, not the unedited one
   * (set by the CLI, cli/run-plan.ts)
   */
  remake?: string[];
  /** each checkpoint input's safety verdict, in argument order (set by the CLI, cli/run-plan.ts; `checkpointSafety` in the JSON) */
  checkpointSafety?: CheckpointSafety[];
}

/**
 * Keys the plan produces with a shape (known on both sides) other than the model's: a warning that is
 * not fixed, such as a position embedding of another length. Loading still fails on those.
 */
function shapesStillDiffering(plan: Plan, sides: InferenceSides): string[] {
  const expected = new Map(sides.target.map((e) => [e.key, e.shape]));
  const out: string[] = [];
  const check = (key: string, shape: readonly number[] | null) => {
    const want = expected.get(key);
    if (want && shape && !sameShape(want, shape)) out.push(key);
  };
  if (plan.ops.every(isNameOp)) {
    // names only (nearly every plan at scale): each tensor keeps its stored shape, so the names alone
    // are run — the outputs of applyOpsToKeys in the same order, without a recipe and a shape copy per
    // key (1,000,000 at scale)
    const names = new NameSimulation(sides.source.map((e) => e.key)).after(plan.ops);
    // every key listed once (any file but a damaged one): the names stand beside the entries, with no
    // map of every key to its name and no set of the keys seen (1,000,000 each at scale)
    if (names.keys.length === sides.source.length) {
      sides.source.forEach((e, i) => {
        const name = names.values[i];
        if (typeof name === 'string') check(name, e.shape);
      });
      return out;
    }
    const seen = new Set<string>();
    for (const e of sides.source) {
      if (seen.has(e.key)) continue;
      seen.add(e.key);
      const name = names.get(e.key);
      if (typeof name === 'string') check(name, e.shape);
    }
    return out;
  }
  for (const t of outputsOfOps(plan.ops, sides.source)) check(t.key, t.shape);
  return out;
}

/**
 * How many keys each op acts on, running the ops over the source keys as `apply` would. Linear in ops
 * plus keys where plans hold many ops of one key each: a run of exact drops is one pass over the names
 * (each drop run over every name made a plan of 30,000 drops quadratic, review 14 F13), and copies and
 * tensor ops of one key look names up in a set kept while no other op renames them.
 */
export function opKeyCounts(ops: readonly PlanOp[], sourceKeys: readonly string[]): (number | null)[] {
  let names = [...sourceKeys];
  // the names now, for copies and tensor ops of one key; null once another op has changed them
  let present: Set<string> | null = null;
  const counts: (number | null)[] = [];
  for (let i = 0; i < ops.length; ) {
    const end = exactDropsFrom(ops, i);
    if (end > i + 1) {
      // the first drop of a name takes every key of it; a later drop of the same name finds none
      const first = new Map<string, number>();
      for (let o = i; o < end; o++) {
        counts.push(0);
        const name = exactDropName(ops[o]!)!;
        if (!first.has(name)) first.set(name, o);
      }
      const next: string[] = [];
      for (const name of names) {
        const o = first.get(name);
        if (o === undefined) next.push(name);
        else counts[o]!++;
      }
      names = next;
      present = null;
      i = end;
      continue;
    }
    const op = ops[i++]!;
    if (op.op === 'copy') {
      // the tensor keeps its name and gains a second one
      present ??= new Set(names);
      if (!present.has(op.key)) {
        counts.push(0);
        continue;
      }
      if (!present.has(op.target)) {
        names.push(op.target);
        present.add(op.target);
      }
      counts.push(1);
      continue;
    }
    if ((op.op === 'transpose' || op.op === 'reshape' || op.op === 'rope_permute') && typeof op.key === 'string') {
      // a tensor op names no key anew: the set stays
      present ??= new Set(names);
      counts.push(present.has(op.key) ? 1 : 0);
      continue;
    }
    present = null;
    counts.push(countOne(op));
  }
  return counts;

  function countOne(op: PlanOp): number | null {
    if (isNameOp(op)) {
      const step = compileNameOp(op);
      let n = 0;
      const next: string[] = [];
      for (const name of names) {
        const r = step(name);
        if (r !== undefined) n++;
        if (r === null) continue;
        next.push(r ?? name);
      }
      names = next;
      return n;
    }
    switch (op.op) {
      // a tensor op by pattern: the keys it matches (rope_permute's too: the table showed `?` for it)
      case 'transpose':
      case 'reshape':
      case 'rope_permute': {
        if (typeof op.pattern !== 'string') return null;
        const re = compilePattern(op.pattern);
        return names.filter((k) => re.test(k)).length;
      }
      case 'split': {
        if (op.key === undefined && typeof op.pattern !== 'string') return null;
        const cut = compileSplit(op);
        const next: string[] = [];
        let n = 0;
        for (const k of names) {
          const targets = cut(k);
          if (targets) {
            n++;
            next.push(...targets);
          } else next.push(k);
        }
        names = next;
        return n;
      }
      case 'concat': {
        if (op.pattern !== undefined) {
          const { groups } = concatGroups(op, names);
          const joined = new Set([...groups.values()].flat());
          names = [...names.filter((k) => !joined.has(k)), ...groups.keys()];
          return joined.size;
        }
        const keys = op.keys;
        const parts = keys.filter((k) => names.includes(k));
        names = [...names.filter((k) => !keys.includes(k)), op.target];
        return parts.length;
      }
      case 'stack': {
        // as apply groups them: the stacked keys give way to one name per group
        const { groups } = stackGroups(op, names);
        const stacked = new Set([...groups.values()].flat());
        names = [...names.filter((k) => !stacked.has(k)), ...groups.keys()];
        return stacked.size;
      }
      default:
        return null;
    }
  }
}

/** The name an exact drop (`^name$`, drop-ops.ts's form for one key) removes, or null for any other op. */
function exactDropName(op: PlanOp): string | null {
  if (op.op !== 'drop') return null;
  const name = anchoredLiteral(op.pattern);
  return op.pattern === `^${escapeRegex(name)}$` ? name : null;
}

/** Where the run of exact drops starting at op `from` ends (`from` itself when none starts there). */
function exactDropsFrom(ops: readonly PlanOp[], from: number): number {
  let end = from;
  while (end < ops.length && exactDropName(ops[end]!) !== null) end++;
  return end;
}

const counterNote = (n: number) => `${plural(n, 'BatchNorm layer')}`;

/** The error came from passing a whole checkpoint: every key it calls missing is in the chosen state dict and none it calls unexpected is. */
function containerPassedWhole(sides: InferenceSides): boolean {
  return sides.mode === 'checkpoint-and-error' && sides.report !== null && passedWhole(sides.source, sides.report);
}

/** Causes rewritten where this layer knows more than inference: counters, one-sided errors, nested checkpoints. */
function adjustCauses(result: InferResult, sides: InferenceSides, missing: string[], counters: string[], unfilled: string[] = []): { causes: Cause[]; fixable: boolean } {
  let causes = result.causes.filter((c) => c.code !== 'missing' && c.code !== 'match');
  let fixable = result.fixable;
  const lead: Cause[] = [];
  const nested = sides.mode === 'error-only' || sides.mode === 'error-and-model'
    ? diagnose(diffWithErrorReport(null, sides.report!), sides.source, sides.target).find((d) => d.code === 'nested')
    : undefined;
  if (nested) {
    causes = causes.filter((c) => c.code !== 'another_model');
    fixable = false;
    lead.push({ code: 'nested', message: `${nested.message.replace(/\.$/, '')}: load that state dict instead of the whole checkpoint (sdmatch diff CHECKPOINT ERROR.txt finds it); no key transform is needed` });
  } else if (containerPassedWhole(sides) && sides.rankFile) {
    // the fix stays the folder's (report/explain.ts FOLDER_FIRST_STEP: apply merges the ranks), which the words name
    lead.push({ code: 'nested', message: sides.rankFile.message });
  } else if (containerPassedWhole(sides)) {
    const path = sides.selected ?? [];
    // a pickled module there is no state dict either: load_state_dict raises TypeError on it (review24 F5)
    const access = sides.sourceHolder?.access;
    lead.push({
      code: 'nested',
      message: `the error came from passing the whole checkpoint to load_state_dict: the state dict is inside it, at ${path.length ? path.join('/') : '(root)'}; ${access ? `that field holds ${sides.sourceHolder!.holder}: load its state dict, \`${access}\`, instead (${MODULE_OBJECT_LOAD})` : `load \`${pythonAccess(path)}\` instead`}`,
    });
  }
  // with one side empty nothing could be renamed (inference says no "another model" then either):
  // what stays is said as it is
  const oneSided = sides.source.length === 0 || sides.target.length - sides.implied.size === 0;
  if (oneSided && !nested) {
    const listedCounters = missing.length > 0 && missing.every(isCounter);
    const leftCounters = missing.length === 0 && result.leftover.length > 0 && result.leftover.every(isCounter);
    if (listedCounters) {
      fixable = false;
      lead.push({
        code: 'num_batches_tracked',
        message: `only \`num_batches_tracked\` counters are missing (${counterNote(missing.length)}): the checkpoint was saved before PyTorch 0.4.1 counted batches, and this PyTorch does not fill them in; no key transform supplies them: give each listed counter a zero (\`state_dict[k] = torch.tensor(0)\`; they count batches and hold no weights) and keep the load strict, or use PyTorch 1.0 or later`,
      });
      missing = [];
    } else if (leftCounters) {
      fixable = false;
      lead.push({
        code: 'num_batches_tracked',
        message: `the only unexpected keys are \`num_batches_tracked\` counters (${counterNote(result.leftover.length)}): the model's normalisation layers keep no such counter (PyTorch before 0.4.1, or track_running_stats=False); leave them out: they hold no weights`,
      });
    } else if (missing.length > 0 || result.leftover.length > 0) {
      fixable = false;
      lead.push({
        code: 'one_sided',
        message: missing.length > 0
          ? `the checkpoint lacks ${plural(missing.length, 'key')} the model expects and the error shows nothing in ${missing.length === 1 ? 'its' : 'their'} place: no key transform supplies ${missing.length === 1 ? 'it' : 'them'} from what it shows; ${sides.report?.truncated ? 'the text was cut, so the keys that would correspond may be in the part not pasted: give the whole text, or the checkpoint (sdmatch explain CHECKPOINT ERROR.txt)' : 'either the model has parts the checkpoint was not trained with (they can only start from their initial values), or the checkpoint is of another version of the model: sdmatch explain CHECKPOINT ERROR.txt tells which'}`
          : `the model lacks nothing, but the checkpoint holds ${plural(result.leftover.length, 'key')} it has no place for: no key transform is needed; leave ${result.leftover.length === 1 ? 'it' : 'them'} out`,
      });
    }
  }
  const extra: Cause[] = [];
  const unsourced = missing.filter((k) => !unfilled.includes(k));
  if (unsourced.length > 0) {
    extra.push({ code: 'missing', message: `${plural(unsourced.length, 'key')} the model expects ha${unsourced.length > 1 ? 've' : 's'} no source in the checkpoint (${examples(unsourced)})` });
  }
  if (unfilled.length > 0) {
    extra.push({
      code: 'num_batches_tracked',
      message: `the checkpoint has no \`num_batches_tracked\` for ${counterNote(unfilled.length)} (${examples(unfilled)}), and its \`_metadata\` records BatchNorm version 2 for ${unfilled.length === 1 ? 'that module' : 'those modules'} (saved by PyTorch 0.4.1 or later), so BatchNorm does not fill ${unfilled.length === 1 ? 'it' : 'them'} in and a strict load reports ${unfilled.length === 1 ? 'it' : 'them'} missing: give ${unfilled.length === 1 ? 'it' : 'each'} a zero (\`state_dict[k] = torch.tensor(0)\`; ${unfilled.length === 1 ? 'it counts batches and holds' : 'they count batches and hold'} no weights) and keep the load strict`,
    });
  }
  // only of norms the checkpoint has: a counter of a module it lacks whole (resnet50's `bn3` from a resnet34
  // checkpoint) goes with that module's missing weights, no finding of its own (review24 F7)
  const ofPresentNorms = counters.filter(normPlaced(result.mapping));
  if (ofPresentNorms.length > 0) extra.push({ code: 'num_batches_tracked', message: filledCountersWords(ofPresentNorms, sides) });
  const at = causes.findIndex((c) => c.code === 'unexpected');
  causes.splice(at < 0 ? causes.length : at, 0, ...extra);
  causes = [...lead, ...causes];
  if (causes.length === 0) {
    // nested: the keys need nothing, the load needs the state dict rather than the file (no plan, no apply: review 16 F10)
    const at = sides.selected && sides.selected.length > 0 ? sides.selected : null;
    // a folder's state dict is one sdmatch builds from its files: no torch.load gives `checkpoint[...]` of it (explain's Python merges it first)
    const load = (path: KeyPath) => (sides.sourceFolder ? 'the folder is no file torch.load reads: sdmatch apply merges its files into one that loads as it is' : `load it, \`${pythonAccess(path)}\`, rather than the whole checkpoint`);
    const holder = sides.sourceHolder;
    // a whole module, TorchScript or npz: its state dict matches, the file as torch.load gives it does not load (review 22 F3)
    if (holder) causes.push({ code: NOT_A_STATE_DICT, message: `the file holds ${holder.holder}: its state dict, \`${holder.python}\`, already matches what the model expects (nothing needs doing to its keys), but the file as it is does not load: ${holder.fails}; pass that state dict` });
    else {
      // keys and shapes match; dtypes may not: said as diff says it (dtype-cast.ts, review 23 F6), never "already matches"
      const dtypes = diffKeys(sides.source, sides.target).dtypeMismatch;
      const cast = dtypes.length === 0 ? null : `${dtypesDiffer(dtypes)}: ${castOnLoad(dtypes)}`;
      causes.push({ code: 'match', message: at ? `the state dict at \`${at.map(String).join('/')}\` ${cast === null ? 'already matches what the model expects' : `matches the model's keys and shapes, but ${cast}`}: nothing needs doing to its keys; ${load(at)}` : cast === null ? 'the checkpoint already matches what the model expects' : `the checkpoint matches the model's keys and shapes, but ${cast}` });
    }
  }
  return { causes, fixable };
}

/**
 * Whether BatchNorm fills in a model counter the plan leaves without a source: what the source's
 * `_metadata` records for the module whose tensors land on the counter's module (the plan renames
 * module names with their tensors, as apply renames `_metadata`).
 */
/**
 * Counters BatchNorm fills in, said by what the keys show and no more: whether the checkpoint holds any
 * counter at all and whether it records module versions. A checkpoint with no counter at all is as
 * likely from normalisation layers that keep none (Detectron2's FrozenBatchNorm2d) as from PyTorch
 * before 0.4.1: the keys cannot tell, so both are said.
 */
function filledCountersWords(counters: readonly string[], sides: InferenceSides): string {
  const one = counters.length === 1;
  const head = `the checkpoint has no \`num_batches_tracked\` for ${counterNote(counters.length)} (${examples(counters)})`;
  const fills = `so BatchNorm fills ${one ? 'it' : 'them'} in (a zero) when loading; ${one ? 'it counts batches and holds' : 'they count batches and hold'} no weights`;
  const versions = (sides.versions?.size ?? 0) > 0 ? `its \`_metadata\` records no BatchNorm version 2 for ${one ? 'that module' : 'those modules'}` : 'it records no module versions (`_metadata`)';
  if (sides.source.some((e) => isCounter(e.key))) {
    return `${head}, though it has counters for other layers: ${one ? 'that layer' : 'those layers'} kept none where it was saved (a frozen norm, or track_running_stats=False); ${versions}, ${fills}`;
  }
  return `${head} and no counter at all, and ${versions}, ${fills} (a checkpoint without counters comes from normalisation layers that keep none, such as Detectron2's FrozenBatchNorm2d, or from PyTorch before 0.4.1)`;
}

/** Whether a counter's norm gets any of its other tensors from the checkpoint (its weight or running statistics). */
function normPlaced(mapping: Readonly<Record<string, string | string[] | null>>): (counter: string) => boolean {
  const placed = new Set<string>();
  for (const t of Object.values(mapping)) for (const k of t === null ? [] : Array.isArray(t) ? t : [t]) if (!isCounter(k)) placed.add(moduleOf(k));
  return (counter) => placed.has(moduleOf(counter));
}

function counterFilter(sides: InferenceSides, mapping: Readonly<Record<string, string | string[] | null>>): (key: string) => boolean {
  const versions = sides.versions ?? new Map<string, number>();
  // made at the first counter asked about: most plans leave none without a source
  let sourceModule: Map<string, string> | null = null;
  const inSource = (module: string) => {
    if (sourceModule === null) {
      sourceModule = new Map();
      for (const [s, t] of Object.entries(mapping)) if (typeof t === 'string' && !sourceModule.has(moduleOf(t))) sourceModule.set(moduleOf(t), moduleOf(s));
    }
    return sourceModule.get(module) ?? module;
  };
  return (key) => counterFilledIn(key, versions, inSource);
}

/**
 * How to load when keys stay missing on purpose, without strict=False: strict=False would also let
 * through any key the plan did not foresee (a rename gone wrong loads nothing and says nothing), so
 * the kept keys get the model's own values and the load stays strict.
 */
/** Keys a recipe lists in its Python; more are named KEPT. */
const KEPT_INLINE = 8;

export function keptMissingRecipe(keys: readonly string[]): string {
  const n = keys.length;
  // the list itself while it stays readable: a placeholder leaves the user to build it by hand (review13 F6, F10)
  const inline = n <= KEPT_INLINE;
  const named = inline ? `[${keys.map((k) => `'${k}'`).join(', ')}]` : `KEPT`;
  return `after the plan, give ${n === 1 ? 'it' : 'them'} the model's own ${n === 1 ? 'value' : 'values'} and keep the load strict: \`own = model.state_dict(); state_dict.update({k: own[k] for k in ${named}})\`${inline ? '' : ` (KEPT: the ${n} keys listed as kept missing; --json gives them as keptMissing)`}, then load_state_dict(state_dict): any other key still wrong fails loudly instead of staying random`;
}

export function planFromInference(sides: InferenceSides, result: InferResult, source: PlanSourceInfo, targetFile: string, hints: ErrorHints | null = null, keepMissing: readonly string[] = []): PlanOutcome {
  const unmapped = result.unmapped.filter((k) => !sides.implied.has(k));
  const targetKeys = new Set(sides.target.map((e) => e.key));
  const unexpected = producedNames(result.mapping).filter((k) => !targetKeys.has(k));
  // kernels whose layout nothing decided are written as stored: the plan file says so, for apply's verdict
  const loadsAsStored = result.ambiguities.filter((a) => a.loadsAsStored).flatMap((a) => a.keys);
  const plan = makePlan(source, { file: targetFile, keys: sides.target.length - sides.implied.size }, { ops: result.ops, mapping: result.mapping, unmapped, unexpected, keepMissing: [...keepMissing], loadsAsStored });
  // keys declared with --keep-missing join those the names alone showed the model initialises
  if (keepMissing.length > 0) {
    const declared = keptMissingBy(keepMissing, unmapped).map((key): KeyWithReason => ({ key, reason: 'declared with --keep-missing', kind: 'head' }));
    hints = { ...(hints ?? NO_HINTS), keepMissing: [...(hints?.keepMissing ?? []), ...declared] };
  }
  // counters torch itself listed as missing were not filled in, nor are those of a module `_metadata`
  // records at version 2 (module-versions.ts): they stay missing
  const listed = new Set(sides.report?.missing ?? []);
  const filled = counterFilter(sides, result.mapping);
  const counters = unmapped.filter((k) => isCounter(k) && !listed.has(k) && filled(k));
  const unfilled = unmapped.filter((k) => isCounter(k) && !listed.has(k) && !counters.includes(k));
  const kept = new Map([...replacedByPlan(plan, sides), ...(hints?.keepMissing ?? [])].map((k) => [k.key, k]));
  const keptMissing = unmapped.filter((k) => kept.has(k)).map((k) => kept.get(k)!);
  const missing = unmapped.filter((k) => !counters.includes(k));
  let { causes, fixable } = adjustCauses(result, sides, missing.filter((k) => !kept.has(k)), counters, unfilled);
  // keys the model expects that neither the plan nor a hint accounts for: weights with no source
  const unsourced = missing.filter((k) => !kept.has(k));
  if (hints || keptMissing.length > 0) ({ causes, fixable } = withHintCauses(causes, fixable, hints ?? NO_HINTS, keptMissing, unsourced.length));
  // a wrapper's flattened parameters (FSDP's flat_param) are the model's weights, not another model's: said as
  // such, and no key edit fixes them (review 25 F4); from an error text errorHints said it already
  const flat = flattenedParametersCause(sides.source.map((e) => e.key));
  if (flat) {
    causes = [...(causes.some((c) => c.code === flat.code) ? [] : [flat]), ...causes.filter((c) => c.code !== 'another_model')];
    fixable = false;
  }
  // "another model" from a cut text: the keys it lost may be the very ones that pair the sides (review13 F3)
  // (layer numbers that differ say it whatever was cut: those stand)
  if (sides.report?.truncated) causes = causes.map((c) => (c.code === 'another_model' && /correspond by name/.test(c.message) ? { ...c, message: `${c.message}; but the error text was cut short, and the keys it lost may be what pairs them: give the whole error text before concluding` } : c));
  // size mismatches the hints already explained by name (a head built with a default class count, a
  // vocabulary, a position table) are not "another model size": say only the finding that fits
  const explained = new Set(hints?.untouched ?? []);
  if (hints && hints.blockers.length > 0 && result.sizeMismatches.length > 0 && result.sizeMismatches.every((m) => explained.has(m.target))) {
    causes = causes.filter((c) => c.code !== 'size_mismatch');
  }
  // a size line cut before its shapes whose key the plan leaves as it is still fails a strict load,
  // whatever else the plan fixes: a size mismatch of unknown shapes, and the plan is no fix
  const cutLeft = (sides.report?.sizeMismatchCut ?? []).filter((c) => result.mapping[c.key] === c.key && !result.sizeMismatches.some((m) => m.target === c.key));
  if (cutLeft.length > 0) {
    fixable = false;
    result = { ...result, sizeMismatches: [...result.sizeMismatches, ...cutLeft.map((c) => ({ source: c.key, target: c.key, sourceShape: c.source, targetShape: c.expected }))] };
    const unnamed = cutLeft.filter((c) => !causes.some((x) => x.message.includes(`\`${c.key}\``)));
    if (unnamed.length > 0) {
      causes.push({ code: 'size_line_cut', message: `${examples(unnamed.map((c) => c.key))} ${unnamed.length === 1 ? 'has' : 'have'} another shape in the checkpoint than in the model (the line was cut before the shapes): the plan leaves ${unnamed.length === 1 ? 'it' : 'them'} as ${unnamed.length === 1 ? 'it is' : 'they are'}, so a strict load still fails on ${unnamed.length === 1 ? 'it' : 'them'}; give the whole line (or the checkpoint: sdmatch explain CHECKPOINT ERROR.txt) to tell what differs` });
    }
  }
  // every or most mismatches 1/N of the model's shape along one dim: one rank's shard, not heads (review 14 F1)
  const shard = rankShardOf(plan, result, sides);
  if (shard) {
    fixable = false;
    const targets = new Set(shard.targets);
    const shardWords = /^(new_head|size_mismatch)$/;
    causes = [{ code: 'rank_shard', message: rankShardMessage(shard.found), count: shard.found.count }, ...causes.filter((c) => !shardWords.test(c.code) && !(c.code === 'drop' && /\] vs \[/.test(c.message)) && !(c.code === 'missing' && missing.every((k) => targets.has(k) || kept.has(k))))];
    keptMissing.splice(0, keptMissing.length, ...keptMissing.filter((k) => !targets.has(k.key)));
  }
  // every mismatch an empty [0] where the model has elements: ZeRO-3's placeholders, not another model size (review 16 F16)
  const placeholders = shard ? null : zeroPlaceholders(result.sizeMismatches);
  if (placeholders) {
    fixable = false;
    causes = [{ code: 'zero3_placeholder', message: zeroPlaceholderMessage(placeholders), count: placeholders.length }, ...causes.filter((c) => c.code !== 'size_mismatch')];
  }
  // a plan that changes nothing while model keys stay without a source is no fix (review 17 F8: a resnet18
  // checkpoint into a resnet34 read `fixable: true` beside "80 keys the model expects have no source")
  // (a BatchNorm counter BatchNorm does not fill in is no such key: its finding gives it a zero)
  if (result.ops.length === 0 && plan.source.select.length === 0 && unsourced.some((k) => !isCounter(k))) fixable = false;
  const shapesDiffer = shapesStillDiffering(plan, sides);
  // a cut-short error text may have named more keys: the plan cannot claim to explain everything;
  // keys kept missing still fail a strict load
  // a square Conv1D weight the error never names loads as stored, transposed (review 17 F1): no claim of success
  // a head of a public dataset's class count whose size in the model the error does not give (ImageNet-21k's 21841
  // into a model of its own classes, canonical failure 4 named only): not shown to load, as apply says of the output
  const unshaped = unshapedOf(sides, result);
  const settled = !sides.report?.truncated && fixable && !result.warnings.includes(SQUARE_CONV1D_UNNAMED) && missing.length === 0 && result.leftover.length === 0 && result.ambiguities.length === 0 && result.sizeMismatches.length === 0 && shapesDiffer.length === 0;
  const datasetHead = settled ? unshapedDatasetHead(unshaped.unshaped) : null;
  const complete = settled && datasetHead === null;
  return {
    plan: recordKept(plan, keptMissing),
    result,
    mode: sides.mode,
    opKeys: opKeyCounts(result.ops, sides.source.map((e) => e.key)),
    missing,
    counters,
    unexpected: result.leftover,
    causes,
    fixable,
    complete,
    shapesDiffer,
    uncertain: sides.uncertain,
    keptMissing,
    ...unshaped,
    ...(datasetHead ? { notShown: datasetHead } : {}),
    ...(sides.report?.truncated ? { truncated: true } : {}),
    ...(sides.sourceHolder ? { sourceHolder: sides.sourceHolder } : {}),
  };
}

/** With a checkpoint, the model keys the plan writes whose shape the error does not give (unshaped.ts). */
function unshapedOf(sides: InferenceSides, result: InferResult): Pick<PlanOutcome, 'unshaped'> {
  if (sides.mode !== 'checkpoint-and-error') return {};
  const produced = new Map<string, KeyEntry>();
  for (const e of sides.source) {
    const to = result.mapping[e.key];
    for (const t of typeof to === 'string' ? [to] : (to ?? [])) produced.set(t, e);
  }
  const unshaped = unshapedTargets(sides.target, produced);
  return unshaped ? { unshaped } : {};
}

/**
 * Model keys the plan leaves missing because it drops the checkpoint's tensor of that very name (a head
 * of another class count, a buffer): the model keeps its own, on purpose.
 */
function replacedByPlan(plan: Plan, sides: InferenceSides): KeyWithReason[] {
  const dropped = Object.keys(plan.mapping).filter((k) => plan.mapping[k] === null);
  if (dropped.length === 0 || plan.unmapped.length === 0) return [];
  const landing = simulateNames(plan.ops.filter((o) => o.op !== 'drop'), dropped);
  const unmapped = new Set(plan.unmapped);
  const shapes = new Map(sides.source.map((e) => [e.key, e.shape]));
  const out: KeyWithReason[] = [];
  for (const s of dropped) {
    const t = landing.get(s);
    // a head, re-initialised on purpose; any other tensor of another shape is another model's
    if (typeof t !== 'string' || !unmapped.has(t) || !HEAD_MODULE.test(t)) continue;
    const shape = shapes.get(s);
    out.push({ key: t, reason: `the plan drops the checkpoint's \`${s}\`${shape ? ` (${`[${shape.join(', ')}]`})` : ''}, of another shape: the model initialises its own; train or fine-tune it`, kind: 'head' });
  }
  return out;
}

/**
 * The plan file records what the report calls kept missing on purpose (review 16 F3): a head the plan drops
 * for its shape, a key the names show the model initialises. Else plan check and apply, which read the file
 * alone, call them gaps. Each key the user's own patterns do not cover is added as an anchored literal.
 */
function recordKept(plan: Plan, keptMissing: readonly KeyWithReason[]): Plan {
  const declared = plan.keepMissing ?? [];
  const more = keptMissing.map((k) => k.key).filter((k) => keptMissingBy(declared, [k]).length === 0);
  if (more.length === 0) return plan;
  return { ...plan, keepMissing: [...declared, ...more.map((k) => `^${escapeRegex(k)}$`)] };
}

/**
 * The rank-shard reading of the plan's shape mismatches (analysis/rank-shard.ts): the size mismatches it
 * keeps and the keys it drops for their shape, each against the model key it lands on. Null when it does not fit.
 */
function rankShardOf(plan: Plan, result: InferResult, sides: InferenceSides): { found: RankShard; targets: string[] } | null {
  const pairs: ShapePair[] = result.sizeMismatches.flatMap((m) => (m.sourceShape && m.targetShape ? [{ key: m.target, source: m.sourceShape, target: m.targetShape }] : []));
  const dropped = Object.keys(plan.mapping).filter((k) => plan.mapping[k] === null);
  if (pairs.length + dropped.length < 4) return null;
  const landing = simulateNames(plan.ops.filter((o) => o.op !== 'drop'), dropped);
  const sourceShape = new Map(sides.source.map((e) => [e.key, e.shape]));
  const targetShape = new Map(sides.target.map((e) => [e.key, e.shape]));
  for (const s of dropped) {
    const t = landing.get(s);
    const a = sourceShape.get(s);
    const b = typeof t === 'string' ? targetShape.get(t) : undefined;
    if (typeof t === 'string' && a && b && a.join() !== b.join()) pairs.push({ key: t, source: a, target: b });
  }
  // a key both kept as a mismatch and landing from a drop counts once
  const once = [...new Map(pairs.map((p) => [p.key, p])).values()];
  const found = rankShard(once);
  return found ? { found, targets: once.map((p) => p.key) } : null;
}

/** Findings from the names alone lead; a finding no key edit fixes makes the plan no fix. */
function withHintCauses(causes: Cause[], fixable: boolean, hints: ErrorHints, keptMissing: readonly KeyWithReason[], unsourced: number): { causes: Cause[]; fixable: boolean } {
  const lead: Cause[] = [...hints.blockers, ...hints.notes];
  if (hints.prefix) {
    const p = hints.prefix;
    lead.push({
      code: 'wrapper_prefix',
      message: p.why !== undefined
        ? `every checkpoint key the error lists starts with \`${p.prefix}\` (${p.who}): ${p.why}`
        : p.op === 'strip_prefix'
        ? `every checkpoint key the error lists starts with \`${p.prefix}\` (${p.who} adds it when the checkpoint is saved from the wrapped model): strip it`
        : `every key the model expects starts with \`${p.prefix}\`: the model is wrapped (${p.who}) and the checkpoint was saved from the bare model: add the prefix (or load into the unwrapped model: \`model.module.load_state_dict(...)\`)`,
    });
  }
  // biases to set to zero are said by their own finding (analysis/bias-free.ts), never as buffers
  const buffers = keptMissing.filter((k) => k.kind !== 'head' && k.kind !== 'loss-network' && k.kind !== 'zero-bias');
  const lossNetwork = keptMissing.filter((k) => k.kind === 'loss-network');
  const newHead = keptMissing.filter((k) => k.kind === 'head');
  const part = newHead.every((k) => HEAD_MODULE.test(k.key)) ? "the model's head" : 'parts new in the model';
  if (newHead.length > 0) lead.push({ code: 'new_head', message: `${plural(newHead.length, 'key')} of ${part} stay missing on purpose (${examples(newHead.map((k) => k.key))}): the model initialises ${newHead.length === 1 ? 'it' : 'them'}; ${keptMissingRecipe(newHead.map((k) => k.key))}` });
  // a loss network's parameters are trained or pretrained: what is said is that the inference model does not use them
  if (lossNetwork.length > 0) lead.push({ code: 'loss_network_missing', message: `${plural(lossNetwork.length, 'key')} the model expects ${lossNetwork.length === 1 ? 'is a parameter' : 'are parameters'} of a loss network the inference model does not use (${examples(lossNetwork.map((k) => k.key))}; ${lossNetwork[0]!.reason}); ${keptMissingRecipe(lossNetwork.map((k) => k.key))}` });
  if (buffers.length > 0) lead.push({ code: 'buffers_missing', message: `${plural(buffers.length, 'key')} the model expects ${buffers.length === 1 ? 'is a buffer' : 'are buffers'} it computes itself (${examples(buffers.map((k) => k.key))}; ${buffers[0]!.reason}): nothing trained is lost; ${keptMissingRecipe(buffers.map((k) => k.key))}` });
  // the hints' own findings replace the generic one-sided account, which they make precise; while model
  // keys stay without a source (weights beside the buffers kept missing: XPixelGroup/HAT#102 cut short),
  // the one-sided account still holds for those
  // (a checkpoint shallower than the model accounts for every key it lacks: the blocks past its own)
  const accountsForMissing = hints.blockers.some((b) => b.code === 'fewer_blocks_in_checkpoint');
  // keys that are a checkpoint's fields, none holding weights, pair with no model key for that reason: not "another
  // model" or a regrouping the full key list may show (s25-verify F5's {optim_state_dict, scaler_state_dict, epoch})
  const weightless = hints.blockers.some((b) => b.code === 'fields_without_weights');
  const rest = causes.filter((c) => !(lead.length > 0 && ((c.code === 'one_sided' && (unsourced === 0 || accountsForMissing)) || c.code === 'match' || (c.code === 'num_batches_tracked' && buffers.length > 0) || (weightless && c.code === 'another_model'))));
  const blocked = hints.blockers.length > 0;
  // what the names alone settled (a prefix, drops, keys kept missing) makes a plan a fix, but only when no
  // model key stays unsourced: buffers kept missing do not give the weights beside them a source; keys the
  // plan itself left missing do not turn a plan that is no fix into one
  const settledByHints = unsourced === 0 && (hints.prefix !== null || hints.drops.length > 0 || hints.keepMissing.length > 0 || hints.notes.length > 0);
  // a size mismatch left (another width or size) stays one whatever else the names settled
  return { causes: [...lead, ...rest], fixable: blocked ? false : fixable || (settledByHints && rest.every((c) => c.code !== 'another_model' && c.code !== 'size_mismatch')) };
}

/**
 * Inference's result with the user's edits appended (src/plan/edit.ts) and what they change recomputed:
 * the mapping, what stays missing and unexpected, and the ambiguities and size mismatches they settle.
 */
function withEdits(result: InferResult, sides: InferenceSides, edits: PlanEdits): InferResult {
  const done = new Set(dropsAlreadyDone(result.ops, sides.source, edits.drop));
  const kept = withoutRenamedDrops(result.ops, sides.source, edits.rename);
  const ops = editOps(kept.ops, { ...edits, rename: kept.renamed.size > 0 ? [] : edits.rename, drop: edits.drop.filter((d) => !done.has(d)) });
  const target = sides.target.map((e) => e.key);
  const d = deriveFromOps(ops, sides.source, new Set(target), target);
  if (d.errors.length > 0) {
    const more = d.errors.length > 1 ? ` (and ${d.errors.length - 1} more problem(s))` : '';
    throw new FormatError('', `after --rename/--tie/--drop: ${d.errors[0]}${more}`);
  }
  const unexpected = new Set(d.unexpected);
  const names = (v: string | string[] | null | undefined) => (v == null ? [] : typeof v === 'string' ? [v] : v);
  const leftover = sides.source.map((e) => e.key).filter((k) => names(d.mapping[k]).some((n) => unexpected.has(n)));
  const still = new Set(leftover);
  // what inference said stays missing or unexpected is what the edits left; the edits themselves are findings
  const said = edits.rename.map((r) => `rename ${r.from} → ${r.to === '' ? '""' : r.to}`).concat(
    edits.tie.map((t) => `tie ${t.target} = ${t.source}`),
    edits.drop.map((d) => (done.has(d) ? `drop ${d} (the plan already drops those keys)` : `drop ${d}`)),
  );
  // ambiguities the edits settled (a list's shift said with --rename) are no longer counted as undecided
  // (an ambiguity of model keys, a list's new end, stays while one of them is still missing and not declared so)
  const declared = new Set(keptMissingBy(edits.keepMissing, d.unmapped));
  const unsourced = new Set(d.unmapped.filter((k) => !declared.has(k)));
  const ambiguities = result.ambiguities.filter((a) => a.keys.some((k) => still.has(k) || unsourced.has(k)));
  const causes = result.causes.filter((c) => c.code !== 'missing' && c.code !== 'unexpected' && c.code !== 'match' && (c.code !== 'ambiguous' || ambiguities.length > 0) && !(c[NO_COUNTERPART_KEYS]?.every((k) => kept.renamed.has(k)) ?? false));
  if (said.length > 0) causes.push({ code: 'edited', message: `edited on the command line: ${said.join('; ')}` });
  if (d.unmapped.length) causes.push({ code: 'missing', message: `${plural(d.unmapped.length, 'key')} the model expects ${d.unmapped.length > 1 ? 'have' : 'has'} no source in the checkpoint (${examples(d.unmapped)})` });
  if (leftover.length) causes.push({ code: 'unexpected', message: `${plural(leftover.length, 'checkpoint key')} ${leftover.length > 1 ? 'have' : 'has'} no place in the model (${examples(leftover)})` });
  return {
    ...result,
    causes,
    ops,
    mapping: d.mapping,
    unmapped: d.unmapped,
    leftover,
    ambiguities,
    sizeMismatches: result.sizeMismatches.filter((m) => names(d.mapping[m.source]).includes(m.target)),
  };
}

/**
 * The ops without inference's no-counterpart drops whose every key a `--rename` renames: the user has said
 * where those keys go (a list's shift, review 18 S08c: the last look-alike is the shifted layers' last, not a
 * layer gone), and a drop before the rename would leave the rename nothing to match. The renames then take
 * the first such drop's place, in their order, rather than come last: a later op of the plan (the list's next
 * layer moved down, `mlp.6 → mlp.4`) would otherwise name a key the same as one the renames have yet to move.
 * `renamed`: the keys of the drops taken out (empty: nothing changed, the renames are appended as usual).
 */
function withoutRenamedDrops(ops: readonly PlanOp[], source: readonly KeyEntry[], renames: PlanEdits['rename']): { ops: PlanOp[]; renamed: Set<string> } {
  const renamed = new Set<string>();
  if (renames.length === 0) return { ops: [...ops], renamed };
  const patterns = renames.map((r) => compilePattern(r.from));
  const out: PlanOp[] = [];
  for (const op of ops) {
    if (op.op === 'drop' && op.no_counterpart === true) {
      const re = compilePattern(op.pattern);
      const keys = source.filter((e) => re.test(e.key)).map((e) => e.key);
      if (keys.length > 0 && keys.every((k) => patterns.some((r) => r.test(k)))) {
        if (renamed.size === 0) out.push(...renameEditOps(renames));
        for (const k of keys) renamed.add(k);
        continue;
      }
    }
    out.push(op);
  }
  return { ops: out, renamed };
}

export interface BuildOptions {
  minConfidence?: number;
  /** the model's attention and key/value head counts (`--heads`): rotary q/k renames made with a rope row permute (rope-renames.ts) */
  ropeHeads?: { heads: number; kvHeads?: number };
  /** `--drop/--keep-missing/--rename/--tie`, applied after inference */
  edits?: PlanEdits;
}

/** Infer and build in one step. */
export function buildPlan(sides: InferenceSides, source: PlanSourceInfo, targetFile: string, options: BuildOptions = {}): PlanOutcome {
  const edits = options.edits ?? NO_EDITS;
  checkEdits(edits);
  const edited = (r: InferResult) => (hasEdits(edits) ? withEdits(r, sides, edits) : r);
  let hints = sides.mode === 'error-only' && sides.report ? errorHints(sides.report) : sides.mode === 'checkpoint-and-error' && sides.report ? checkpointHints(errorHints(shapesTheCheckpointHas(sides.report, sides)), sides) : null;
  if (hints?.select) return selectionPlan(sides, hints.select, source, targetFile);
  const hinted = hints ? withImpliedPrefix(sides, hints) : sides;
  // one rank's shard (review 14 F1): its halved tensors are neither heads nor vocabularies, whatever their
  // names say; they stay paired as size mismatches, and the words of the text's hints and readings go
  const shard = shardBeforeInference(hinted);
  if (shard) hints = null;
  // ZeRO-3's empty placeholders (review 16 F16): a [0] head is no head of another class count; one finding says it
  if (sides.report && zeroPlaceholders(sides.report.sizeMismatch.map((m) => ({ target: m.key, sourceShape: m.source, targetShape: m.expected })))) hints = null;
  // an error text alone names only the keys that differed: inference must not reach past them
  const infer = (h: ErrorHints | null) => inferPlan({
    source: hinted.source,
    target: hinted.target,
    options: {
      minConfidence: options.minConfidence ?? 0,
      partial: sides.mode === 'error-only',
      ...(sides.report?.sparseLibrary !== undefined && { sparseLibrary: sides.report.sparseLibrary }),
      // a rank's pieces are not the model's ties: a tie moved between pieces would only add wrong words
      targetStorages: shard ? null : sides.targetStorages ?? null,
      sourceStorages: shard ? null : sides.sourceStorages ?? null,
      sourceEqualValues: shard ? null : sides.sourceEqualValues ?? null,
      sourceModules: sides.sourceModules ?? null,
      targetModules: sides.targetModules ?? null,
      megatronArgs: sides.megatronArgs ?? null,
      targetMegatronArgs: sides.targetMegatronArgs ?? null,
      ropeHeads: options.ropeHeads ?? null,
      cut: sides.report?.truncated ?? false,
      // from an error alone the names decide which size mismatches are heads (error-hints.ts); inference's
      // position-and-word guess is for full key lists, so every other mismatch stays one
      ...(h ? { drops: h.drops, keepMissing: h.keepMissing.map((k) => k.key), neverDrop: [...h.untouched, ...(sides.report?.sizeMismatch ?? []).map((m) => m.key).filter((k) => !h.drops.some((d) => d.key === k))] } : {}),
      ...(shard ? { neverDrop: shard } : {}),
    },
  });
  const result = hints?.anotherVariant ? unpaired(hinted) : infer(hints);
  // a lenient load's leftovers, when nothing moves them: unused and new modules, said as such
  const movesNothing = result.ops.every((o) => o.op === 'drop');
  const unmappedNow = result.unmapped.filter((k) => !sides.implied.has(k));
  const lenient = hints && hints.blockers.length === 0 && sides.report
    // a lenient load's leftovers once inference moved what it could: unused and new modules too
    ? ((movesNothing || isLenientLoad(sides.report) ? lenientHints(sides.report, result.leftover, unmappedNow, (k) => heldUnderAnotherPrefix(sides)(k) !== null) : null) ?? (movesNothing ? null : outsideSubmoduleHints(sides.report, result.ops, result.leftover, unmappedNow)))
    : null;
  if (lenient) {
    const merged: ErrorHints = { ...hints!, drops: [...hints!.drops, ...lenient.drops], keepMissing: [...hints!.keepMissing, ...lenient.keepMissing], notes: [...hints!.notes, ...lenient.notes] };
    return withReadings(sides, declaredMissingFound(planFromInference(hinted, edited(infer(merged)), source, targetFile, merged, edits.keepMissing)));
  }
  const planned = plannedFromInference(hinted, edited(result), source, targetFile, hints, edits);
  const read = shard ? planned : withReadings(sides, planned);
  // an error that names keys this checkpoint lacks is no error of this checkpoint: no read-outcome rule applies to it
  const out = (sides.notInCheckpoint ?? []).length > 0 ? notFromThisCheckpoint(sides, read) : applyOutcomeRules('read', read, { sides, userDrops: edits.drop });
  // from an error text, names that pair nothing are no proof of another model: a regrouping needs the model's key list (review 17 F3)
  if (sides.mode === 'error-only') return { ...out, causes: namesAloneCauses(out.causes) };
  if (sides.mode !== 'checkpoint-and-error') return out;
  const causes = namesAloneCauses(out.causes);
  // the model's keys left have no shape in the error: pairing by shapes and order needs its key list (s24-verify F5)
  const shapeOf = new Map(sides.target.map((e) => [e.key, e.shape]));
  const unshaped = out.fixable ? null : unshapedLeftCause(causes, out.missing, out.unexpected, (k) => (shapeOf.get(k) ?? null) === null);
  return { ...out, causes: unshaped ? [unshaped, ...causes] : causes };
}

/**
 * With the checkpoint in hand: whether a key the model misses is in the file under another prefix, the same
 * name after it (`clip.visual.conv1.weight` for `model.clip.visual.conv1.weight`, or the other way round) and
 * the same shape where both are known. Such a key is no part the checkpoint leaves out (s22-verify F2).
 */
function heldUnderAnotherPrefix(sides: InferenceSides): (key: string) => string | null {
  if (sides.mode !== 'checkpoint-and-error') return () => null;
  const shapes = new Map(sides.source.map((e) => [e.key, e.shape]));
  const targetShape = new Map(sides.target.map((e) => [e.key, e.shape]));
  // the same shape where both are known
  const fits = (a: readonly number[] | null | undefined, b: readonly number[] | null | undefined) => !a || !b || sameShape(a, b);
  return (key) => {
    const want = targetShape.get(key);
    // the file's key a dot-suffix of the model's (a prefix the model adds), longest first
    const tail = dotSuffixes(key).find((t) => shapes.has(t) && fits(shapes.get(t), want));
    if (tail !== undefined) return tail;
    // the model's key a dot-suffix of the file's (a prefix the file adds)
    return sides.source.find((e) => isDotSuffix(key, e.key) && fits(e.shape, want))?.key ?? null;
  };
}

/**
 * The plan of an inference already run, with the marks `sdmatch plan` puts on it: keys the user declared
 * missing that were found, and (with the checkpoint, against the model's key list or an error text) trained weights dropped for having no
 * place marked unsettled, a decision rather than a fix (review 17 F0). `check --plan-out` writes its plan
 * through here too, so the two plan files cannot differ in what apply refuses (review 18 F2: check's plan
 * lost the mark, and apply dropped trained weights and said "verified").
 */
export function plannedFromInference(sides: InferenceSides, result: InferResult, source: PlanSourceInfo, targetFile: string, hints: ErrorHints | null = null, edits: PlanEdits = NO_EDITS): PlanOutcome {
  const found = declaredMissingFound(planFromInference(sides, result, source, targetFile, hints, edits.keepMissing));
  // with the checkpoint, an error's Unexpected keys are as sure a "no place in the model" as the model's own key
  // list: the same drop of trained weights is the same decision (review 20 F2: unmarked, apply ran it and said "verified")
  return applyOutcomeRules('inferred', found, { sides, userDrops: edits.drop });
}

/** What an outcome rule reads beside the outcome: the two sides, and the user's `--drop` patterns (a drop they asked for is no guess). */
export interface OutcomeContext {
  sides: InferenceSides;
  userDrops: readonly string[];
}

/**
 * A rule over a finished plan outcome: it may mark ops unsettled and rewrite the causes, fixable and complete
 * where this layer knows what inference could not. `at` is the point of buildPlan it runs at: 'inferred' on
 * the plan made from inference (check --plan-out's too: plannedFromInference), 'read' once an error text's
 * readings are said (they reorder the causes, which the rule's first finding must still lead), and only when the
 * error is this checkpoint's (buildPlan says notFromThisCheckpoint's finding instead).
 */
export interface OutcomeRule {
  name: string;
  why: string;
  at: 'inferred' | 'read';
  apply: (outcome: PlanOutcome, ctx: OutcomeContext) => PlanOutcome;
}

/** The outcome rules, in the order they run: a rule that marks a drop first words it; a later one leaves a marked op as it is. */
export const OUTCOME_RULES: readonly OutcomeRule[] = [
  {
    name: 'default-count heads',
    why: "with the model's key list, a head of the family's default count against the checkpoint's own is a config to build, not a head to drop (review 20 F3)",
    at: 'inferred',
    apply: (outcome, { sides, userDrops }) => (sides.mode === 'keys' ? withDefaultCountHeads(outcome, sides, userDrops) : outcome),
  },
  {
    name: 'trained drops',
    why: "with the checkpoint's shapes, a trained weight dropped for having no place in the model is a decision, not a fix (review 17 F0, review 20 F2)",
    at: 'inferred',
    apply: (outcome, { sides, userDrops }) => (sides.mode === 'keys' || sides.mode === 'checkpoint-and-error' ? withTrainedDrops(outcome, sides, userDrops) : outcome),
  },
  {
    name: 'tied written apart',
    why: "a model's tied keys written from separate tensors of the checkpoint load, and torch keeps one of them: trained values lost without an error, never a complete plan (review 23 F3)",
    at: 'inferred',
    apply: (outcome, { sides }) => withTiedApart(outcome, sides),
  },
  {
    name: 'wrapped by the load',
    why: "an error whose unexpected keys are this checkpoint's under one more module, with nothing to move, came from a load that added the wrapper (review 20 F9)",
    at: 'read',
    apply: (outcome, { sides }) => wrappedByTheLoad(sides, outcome),
  },
];

/** Apply the outcome rules of one point of buildPlan, in their order. */
function applyOutcomeRules(at: OutcomeRule['at'], outcome: PlanOutcome, ctx: OutcomeContext): PlanOutcome {
  let out = outcome;
  for (const rule of OUTCOME_RULES) if (rule.at === at) out = rule.apply(out, ctx);
  return out;
}

/**
 * A head drop ("classifier of another class count") where the model's head has its family's default count and
 * the checkpoint's count is its own (error-hints.ts' builtWithDefault, the reading explain gives the same pair):
 * the model was most likely built with the default where the checkpoint's count belonged, a config question,
 * not a head to throw away (review 20 F3: the drop, then strict=True with the head random). Marked unsettled
 * unless `--drop` covers it, so apply refuses it; the first finding says to build the model with the
 * checkpoint's count, or how to drop it anyway.
 */
function withDefaultCountHeads(outcome: PlanOutcome, sides: InferenceSides, userDrops: readonly string[]): PlanOutcome {
  const target = new Map(sides.target.map((e) => [e.key, e.shape]));
  const source = new Map(sides.source.map((e) => [e.key, e.shape]));
  const accepted = userDrops.map(compilePattern);
  const dropped = Object.entries(outcome.plan.mapping).filter(([, v]) => v === null).map(([k]) => k);
  // a model key the plan fills from another checkpoint key (a list shifted: `mlp.8` → `mlp.6`) is not a head left
  // random: the dropped key of the same name was another layer (review 18 S08c's hidden Linear), not its head
  const filled = new Set(Object.values(outcome.plan.mapping).flatMap((v) => (v === null ? [] : Array.isArray(v) ? v : [v])));
  // the dropped keys that read as a default-count head, once: each drop op then takes those it matches
  const candidates = dropped.filter((k) => {
    const [s, t] = [source.get(k), target.get(k)];
    return !accepted.some((a) => a.test(k)) && !filled.has(k) && s && t && s.length > 0 && s.length === t.length && s[0] !== t[0] && builtWithDefault({ key: k, source: [...s], expected: [...t] });
  });
  if (candidates.length === 0) return outcome;
  // by key, in the order the drops reach them: a key two drop ops match is one head, counted once in the words
  const heads = new Map<string, { key: string; ckpt: number; model: number }>();
  const ops = outcome.plan.ops.map((op): PlanOp => {
    if (op.op !== 'drop' || op.unsettled) return op;
    const re = compilePattern(op.pattern);
    const config = candidates.filter((k) => re.test(k));
    if (config.length === 0) return op;
    for (const k of config) if (!heads.has(k)) heads.set(k, { key: k, ckpt: source.get(k)![0]!, model: target.get(k)![0]! });
    return { ...op, reason: `${UNSETTLED_MARKER}: ${op.reason}; but the model's count is a default: build it with the checkpoint's`, unsettled: true as const };
  });
  if (heads.size === 0) return outcome;
  const keys = [...heads.keys()];
  const accept = `^(?:${[...new Set(keys.map((k) => escapeRegex(modulePrefixOf(k) || k)))].join('|')})`;
  const h = heads.get(keys[0]!)!;
  const cause: Cause = {
    code: 'class_count_config',
    message: `the model's head \`${h.key}\` has ${h.model} outputs (a default count) and the checkpoint's ${h.ckpt}: the model was most likely built with the default class count where the checkpoint's own belonged; build it with ${h.ckpt} classes (num_classes / num_labels / classes file) to use the trained head; dropping the head instead would throw away what it learned (to do so anyway, say so: --drop '${accept}', or apply --allow-guessed-drops on the plan as written)`,
    subject: examples(keys),
    count: keys.length,
  };
  // the drop's own finding and the "give them the model's own values" step are the reading this one replaces
  const about = (c: Cause) => (c.code === 'new_head' || c.code === 'drop') && keys.some((k) => c.message.includes(`\`${k}\``));
  return { ...outcome, plan: { ...outcome.plan, ops }, causes: [cause, ...outcome.causes.filter((c) => !about(c))], complete: false, fixable: false };
}

/**
 * The model's ties the plan writes apart (plan/tied-writes.ts), recorded in the plan (apply and plan check read
 * them) and said first: the plan is not complete, whatever else it settles.
 */
function withTiedApart(outcome: PlanOutcome, sides: InferenceSides): PlanOutcome {
  if (!sides.targetStorages || sides.targetStorages.length === 0) return outcome;
  const pos = new Map(sides.target.map((e, i) => [e.key, i]));
  const groups = sides.targetStorages.map((g) => [...g].sort((a, b) => (pos.get(a) ?? 0) - (pos.get(b) ?? 0)));
  const writes = tieWrites(outcome.plan.mapping, groups, sides.sourceStorages, sides.sourceEqualValues);
  const held = (h: TieWrite['held']) => writes.filter((w) => w.held === h).map((w) => w.keys);
  const [apart, unknown, equal] = [held('lost'), held('unknown'), held('equal')];
  // written from separate tensors whose bytes were compared equal: the tie keeps what both hold (review24 F4)
  const notes: Cause[] = equal.length === 0 ? [] : [{ code: TIED_EQUAL, message: tiedEqualWords(equal) }];
  // a source that cannot show its storages, bytes not read (review 25 F7): not "succeeds", and apply compares them
  const first: Cause[] = [...(apart.length > 0 ? [{ code: TIED_APART, message: tiedApartWords(apart) }] : []), ...(unknown.length > 0 ? [{ code: TIED_UNKNOWN, message: tiedUnknownWords(unknown) }] : [])];
  if (first.length === 0) return notes.length === 0 ? outcome : { ...outcome, causes: [...outcome.causes, ...notes] };
  // ("the checkpoint already matches" is untrue of a checkpoint that loses a tensor, or may)
  return { ...outcome, plan: apart.length > 0 ? { ...outcome.plan, tiedApart: apart } : outcome.plan, causes: [...first, ...outcome.causes.filter((c) => c.code !== 'match'), ...notes], complete: false };
}

/** A no-counterpart drop's finding, by its keys' mark: the model has no such keys, so there is no "model's" to keep. */
function noModelCounterpart(c: Cause): Cause {
  return c[NO_COUNTERPART_KEYS] !== undefined && c.message.endsWith(KEEP_THE_MODELS) ? { ...c, message: `${c.message.slice(0, -KEEP_THE_MODELS.length)}${NO_SUCH_KEYS}` } : c;
}

/**
 * The plan's no-counterpart drops of trained weights marked unsettled (trained-drops.ts), unless `--drop`
 * covers them: the plan then still proposes the drop, but is not complete, and its first finding says both
 * readings and how to accept it.
 */
function withTrainedDrops(outcome: PlanOutcome, sides: InferenceSides, userDrops: readonly string[]): PlanOutcome {
  const dropped = Object.entries(outcome.plan.mapping).filter(([, v]) => v === null).map(([k]) => k);
  const placed = new Set(Object.entries(outcome.plan.mapping).filter(([, v]) => v !== null).map(([k]) => k));
  const marked = markTrainedDrops(outcome.plan.ops, dropped, userDrops, sides.sourceStorages ?? null, placed, outcome.result.ambiguities, new Map(sides.source.map((e) => [e.key, e])), sides.sourceCopies);
  // a finding of saved copies alone says what they are (trained-drops.ts copyWords), as their drop's reason does
  const copies = sides.sourceCopies ?? new Map();
  const said = (c: Cause): Cause => {
    const keys = c[NO_COUNTERPART_KEYS];
    return keys && keys.length > 0 && keys.every((k) => copies.has(k)) ? { ...c, message: copyWords(keys, copies) } : noModelCounterpart(c);
  };
  if (!marked.cause) return { ...outcome, plan: { ...outcome.plan, ops: marked.ops }, causes: outcome.causes.map(said) };
  const words = new Set(marked.keys);
  // the inferred "leave them out and keep the model's" finding of these keys gives way to the decision
  const causes = [marked.cause, ...outcome.causes.filter((c) => c[NO_COUNTERPART_KEYS] === undefined)];
  return { ...outcome, plan: { ...outcome.plan, ops: marked.ops }, causes, complete: false, trainedDrops: { keys: [...words], accept: marked.accept, ...(marked.shift ? { shift: marked.shift } : {}) } };
}

/**
 * With the checkpoint's own shapes (two key sets, or the checkpoint beside its error): the keys both sides
 * name whose shapes read as one rank's shard (analysis/rank-shard.ts), else null.
 */
function shardBeforeInference(sides: InferenceSides): string[] | null {
  if (sides.mode !== 'keys' && sides.mode !== 'checkpoint-and-error') return null;
  const target = new Map(sides.target.map((e) => [e.key, e.shape]));
  const pairs: ShapePair[] = sides.source.flatMap((e) => {
    const t = target.get(e.key);
    return e.shape && t && !sameShape(e.shape, t) ? [{ key: e.key, source: e.shape, target: t }] : [];
  });
  return rankShard(pairs) ? pairs.map((p) => p.key) : null;
}

/**
 * With the checkpoint given: the keys the error puts on the checkpoint's side (unexpected, size-mismatched)
 * that this checkpoint's state dict does not hold, with a prefix the user stripped before loading put back.
 * A paste cannot invent a key: the load that failed read another file (YOLOv5's `model.33.anchor_grid`
 * named against a yolov5n.pt whose Detect head is `model.24`), another state dict of it, or keys the
 * code changed first. When the whole checkpoint was passed, what it names are a container's fields: those
 * that no dict on the way to the state dict holds (`optimizer`, `previous_best` beside a file of `model`,
 * `epoch`, `args`).
 */
function keysNotInCheckpoint(source: ResolvedSide, report: ErrorReport, whole: boolean): string[] {
  if (whole) {
    // the checkpoint passed whole: what the error calls unexpected are the fields of a container on the way to the state dict
    if (!source.checkpoint || !source.selected) return [];
    // a folder named by one of its files: `torch.load(file)` gave that file's own fields, not the folder's joined tree
    const member = source.checkpoint.namedMember;
    if (member) return report.unexpected.filter((k) => !member.fields.includes(k));
    const fields = fieldsAlong(source.checkpoint.root, source.selected);
    return report.unexpected.filter((k) => !fields.has(k));
  }
  const stripped = strippedBeforeLoad(source.entries, report);
  // transformers renames legacy keys (LayerNorm.gamma -> .weight, weight_g -> parametrizations...) before it
  // lists the ones it did not use: the renamed name is this checkpoint's key (review9 A #4)
  const renames = transformersText(report) ? TRANSFORMERS_LOAD_RENAMES : [];
  const have = new Set(source.entries.flatMap((e) => namesAfterLoad(stripped && e.key.startsWith(stripped) ? e.key.slice(stripped.length) : e.key, renames)));
  // an empty or dot-edged name (`""`, `.cl` after a `k[7:]` that cut a shorter key) is no checkpoint's key but
  // the failed load's own cutting, which its own finding (the over-stripped prefix) explains
  const name = (k: string) => k !== '' && !k.startsWith('.') && !k.endsWith('.');
  // one top-level module more or less than the checkpoint's key (transformers' base-model prefix, a wrapper
  // the loading code added or took off) is the same tensor under the load's naming, not another file's key
  const tail = (k: string) => k.slice(k.indexOf('.') + 1);
  const deeper = (k: string) => k.indexOf('.') > 0 && tail(k).includes('.');
  const tails = new Set([...have].filter(deeper).map(tail));
  const sameTensor = (k: string) => have.has(k) || (deeper(k) && have.has(tail(k))) || (k.includes('.') && tails.has(k));
  return [...report.unexpected, ...report.sizeMismatch.map((m) => m.key)].filter((k) => name(k) && !sameTensor(k));
}

/** A folder's rank file passed whole (rank-file.ts): said from the file's own fields. */
function rankFileOf(source: ResolvedSide, report: ErrorReport): RankFilePass | null {
  const c = source.checkpoint;
  if (!c) return null;
  return rankFilePass({ format: c.format, member: c.namedMember, tensorParallel: c.tensorParallel, files: c.files, selected: source.selected, unexpected: report.unexpected });
}

/**
 * An error that names checkpoint keys this checkpoint lacks says nothing sure of this checkpoint's load:
 * the plan read from the pair is no fix ("the checkpoint already matches", "its head is dropped" would be
 * said of a file that did not fail), and the first finding says so and what to give instead.
 */
function notFromThisCheckpoint(sides: InferenceSides, outcome: PlanOutcome): PlanOutcome {
  const foreign = sides.notInCheckpoint ?? [];
  const whole = passedWhole(sides.source, sides.report!);
  const named = sides.report!.unexpected.length + (whole ? 0 : sides.report!.sizeMismatch.length);
  const where = sides.selected && sides.selected.length > 0 ? ` at ${sides.selected.join('/')}` : '';
  const which = foreign.length === named ? (named === 1 ? 'the key' : named === 2 ? 'both keys' : `all ${named} keys`) : `${foreign.length} of the ${named} keys`;
  const isAre = foreign.length === 1 ? 'is' : 'are';
  const cause: Cause = {
    code: 'not_this_checkpoint',
    message: `the error was not produced by loading this checkpoint as it is: ${whole ? `${which} it calls unexpected (a checkpoint's fields: it was passed whole) ${isAre} no field of this checkpoint` : `${which} it names on the checkpoint's side ${isAre} not in its state dict${where}`} (${examples(foreign)}); the load that failed read another file (or another state dict in it), or changed the keys first, so nothing here is a fix for it: run explain with the file that failed, or compare this checkpoint with the model's keys (sdmatch manifest, then sdmatch plan CHECKPOINT MANIFEST)`,
    subject: examples(foreign),
    count: foreign.length,
  };
  return { ...outcome, causes: [cause, ...outcome.causes.filter((c) => c.code !== 'match')], fixable: false, complete: false };
}

/**
 * The error's checkpoint side is this checkpoint's keys under one more top-level module (`module.features.0.weight`
 * for its `features.0.weight`), every key it calls missing is here, and the plan needs no op: this file loads as it is,
 * and the load that failed read one saved from a wrapped model or added the wrapper itself (review 20 F9). Never
 * "already matches" under exit 0: the error is not explained by this file, and the first finding says what added it.
 */
function wrappedByTheLoad(sides: InferenceSides, outcome: PlanOutcome): PlanOutcome {
  const report = sides.report;
  if (sides.mode !== 'checkpoint-and-error' || !report || outcome.plan.ops.length > 0 || report.unexpected.length === 0 || report.sizeMismatch.length > 0) return outcome;
  const have = new Set(sides.source.map((e) => e.key));
  const wrapper = (k: string) => (k.indexOf('.') > 0 && !have.has(k) && have.has(k.slice(k.indexOf('.') + 1)) ? k.slice(0, k.indexOf('.') + 1) : null);
  const prefixes = new Set(report.unexpected.map(wrapper));
  const prefix = prefixes.size === 1 ? [...prefixes][0] : null;
  if (!prefix || !report.missing.every((k) => have.has(k))) return outcome;
  const cause: Cause = {
    code: 'not_this_checkpoint',
    message: `the error was not produced by loading this checkpoint as it is: the keys it calls unexpected are this checkpoint's under an extra \`${prefix}\` (${examples(report.unexpected)}), and ${report.missing.length > 0 ? 'the keys it calls missing are in it' : 'it names no key missing'}: this file loads as it is, with no key changed; the load that failed read a file saved from a model wrapped as \`${prefix.slice(0, -1)}\`${prefix === 'module.' ? ' (DataParallel / DistributedDataParallel)' : ''}, or its code added \`${prefix}\` to the keys (or wrapped the state dict) before load_state_dict: load this file without that step, or run explain with the file that failed`,
    subject: examples(report.unexpected),
    count: report.unexpected.length,
  };
  return { ...outcome, causes: [cause, ...outcome.causes.filter((c) => c.code !== 'match')], fixable: false, complete: false };
}

/**
 * From an error text (alone, or beside the checkpoint, which settles its own side but not what the user
 * means to do): the readings the text leaves open beside the plan's (readings.ts). Where
 * none of them is more likely than the others (no prior), the plan is one of several fixes and the
 * text cannot say which: it is no fix on its own, and the finding says what decides.
 */
function withReadings(sides: InferenceSides, outcome: PlanOutcome): PlanOutcome {
  if ((sides.mode !== 'error-only' && sides.mode !== 'checkpoint-and-error') || !sides.report) return outcome;
  const dropped = Object.entries(outcome.plan.mapping).filter(([, v]) => v === null).map(([k]) => k);
  const readings = openReadings({ report: sides.report, keptMissing: outcome.keptMissing, dropped, moves: outcome.plan.ops.length > 0, renames: outcome.plan.ops.some((o) => o.op === 'rename'), withCheckpoint: sides.mode === 'checkpoint-and-error' });
  const cause = readingsCause(readings);
  if (!cause) return outcome;
  const open = undecided(readings);
  // a key an undecided reading is about keeps no reason that settles it ("train or fine-tune it" for an LM
  // head that may be tied): its reason says the text leaves it open and what decides
  const openAbout = new Map(open.flatMap((o) => o.keys.map((k) => [k, o] as const)));
  const keptMissing = outcome.keptMissing.map((k) => {
    const o = openAbout.get(k.key);
    return o ? { ...k, reason: `left missing by the plan; the text leaves open what it is (${o.readings.map((r) => r.id).join(' or ')}): ${o.decides}` } : k;
  });
  const none = open.length > 0;
  const plan = none ? { ...outcome.plan, ops: outcome.plan.ops.map((op) => (op.op === 'drop' ? contestedDrop(op, dropped, open) : op)) } : outcome.plan;
  return { ...outcome, plan, readings, keptMissing, causes: none ? [cause, ...consistentCauses(outcome.causes, readings)] : [...outcome.causes, cause], fixable: outcome.fixable && !none, complete: outcome.complete && !none };
}

/**
 * A drop whose keys an undecided reading is about (review8 p6: an adapter inside blocks the model should
 * have): its reason, which every emitted form of the plan carries (the table, --emit python's comment, the
 * plan file), says that the text points elsewhere or leaves it open, and that the drop loses trained
 * weights if so, instead of "unused by this model".
 */
function contestedDrop(op: Extract<PlanOp, { op: 'drop' }>, dropped: readonly string[], open: readonly OpenReadings[]): PlanOp {
  const re = new RegExp(op.pattern);
  const keys = new Set(dropped.filter((k) => re.test(k)));
  const o = open.find((r) => r.keys.some((k) => keys.has(k)));
  if (!o) return op;
  const chosen = o.readings.find((r) => r.id === o.chosen);
  const why = chosen ? `${AGAINST_TEXT} (${chosen.id}: ${chosen.fix})` : `the text leaves open whether these should go (${o.readings.map((r) => r.id).join(' or ')})`;
  // `unsettled` carries the flag as data: apply refuses the plan without --allow-guessed-drops; `text_reading`,
  // the reading the text points to instead: the flag leaves such a drop undone
  return { ...op, reason: `${UNSETTLED_MARKER}: ${why}; this drop follows the plan's reading (${o.readings[0]?.id ?? 'drop'}) and loses trained weights if another holds; what decides: ${o.decides}`, unsettled: true, ...(chosen ? { text_reading: chosen.id } : {}) };
}

/**
 * With the checkpoint beside the error text: what the text's names and shapes said that the checkpoint
 * cannot overturn stays (a vocabulary to resize, an attention of another head count, a class count set
 * otherwise, another variant's keys, buffers that are not weights, heads re-initialised): the same rules
 * as from the text alone, not a second, weaker set. What the checkpoint settles itself is left to it: where
 * its weights sit (the selection), a wrapper prefix, and the findings that only ask for the checkpoint.
 */
function checkpointHints(h: ErrorHints, sides: InferenceSides): ErrorHints {
  // the text names keys as the loader saw them: a drop or a key kept missing applies where the checkpoint
  // (or the model side) holds that very key; under a prefix the checkpoint still carries, inference's own
  // shape judgement decides
  const inSource = new Set(sides.source.map((e) => e.key));
  const inTarget = new Set(sides.target.map((e) => e.key));
  const drops = h.drops.filter((d) => inSource.has(d.key));
  // a key the checkpoint holds under another prefix (same name after it, same shape) is never kept missing as a
  // new part: the text alone cannot see it, the file shows it (s22-verify F2: a CLIP tower the file holds as
  // `clip.visual.*` was left at its random initial values); inference and the listing decide it
  const held = heldUnderAnotherPrefix(sides);
  const heldAs = h.keepMissing.filter((k) => k.kind === 'head').map((k) => [k.key, held(k.key)] as const).filter((p): p is readonly [string, string] => p[1] !== null);
  const heldOut = heldAs.length > 0;
  const keepMissing = h.keepMissing.filter((k) => inTarget.has(k.key) && (k.kind !== 'head' || (!heldOut && drops.length === h.drops.length)));
  const notes = heldOut
    ? [...h.notes.filter((n) => n.code !== 'new_modules'), { code: 'held_under_prefix', message: `${heldAs.length === 1 ? 'a key the error lists as missing is' : `${heldAs.length} keys the error lists as missing are`} in the checkpoint under another prefix, the same name after it (\`${heldAs[0]![1]}\` for \`${heldAs[0]![0]}\`): the loader (or the code that filtered the state dict before it) never placed them; rename them to the model's names instead of leaving them at the model's initial values` }]
    : h.notes;
  return { ...h, select: null, prefix: null, drops, keepMissing, notes, blockers: h.blockers.filter((b) => !ASKS_FOR_CHECKPOINT.has(b.code)) };
}

/**
 * The error's size lines this checkpoint bears out: its tensor under that key (as the failed load saw
 * it, a user's prefix strip undone) has the line's checkpoint shape. A line another file produced (the
 * checkpoint's tensor already has the model's shape, or a third one) says nothing of this checkpoint: a
 * rule read from it (drop a head, resize a vocabulary, another head count) would act on a tensor that
 * is not there, so only the lines borne out reach the text's rules and the rest is left to inference
 * on the checkpoint's own shapes. A line cut before the checkpoint's shape stays.
 */
function shapesTheCheckpointHas(report: ErrorReport, sides: InferenceSides): ErrorReport {
  const stripped = strippedBeforeLoad(sides.source, report);
  const shapes = new Map<string, readonly number[] | null>();
  for (const e of sides.source) shapes.set(stripped && e.key.startsWith(stripped) ? e.key.slice(stripped.length) : e.key, e.shape);
  const bears = (key: string, source: readonly number[] | null) => {
    const have = shapes.get(key);
    // a key this checkpoint lacks is not borne out either (keysNotInCheckpoint says so first)
    return source === null || (have !== undefined && (have === null || have.join() === source.join()));
  };
  const sizeMismatch = report.sizeMismatch.filter((m) => bears(m.key, m.source));
  const cut = report.sizeMismatchCut?.filter((c) => bears(c.key, c.source));
  if (sizeMismatch.length === report.sizeMismatch.length && cut?.length === report.sizeMismatchCut?.length) return report;
  return { ...report, sizeMismatch, ...(cut ? { sizeMismatchCut: cut } : {}) };
}

/**
 * The text-alone findings that only say what the text cannot show and ask for the checkpoint (or say
 * that nothing of the model loaded, which the checkpoint's keys show directly).
 */
const ASKS_FOR_CHECKPOINT: ReadonlySet<string> = new Set(['first_key_only', 'size_line_cut', 'nothing_loaded', 'wrapped_nothing_loaded']);

/**
 * The keys as they are, nothing paired or moved: for keys of another variant of the model, where any
 * pairing by name or order would load tensors of another design.
 */
function unpaired(sides: InferenceSides): InferResult {
  const sourceKeys = sides.source.map((e) => e.key);
  const have = new Set(sourceKeys);
  const targetKeys = sides.target.map((e) => e.key);
  const expected = new Set(targetKeys);
  const mapping: InferResult['mapping'] = Object.create(null);
  for (const k of sourceKeys) mapping[k] = k;
  return { ops: [], mapping, unmapped: targetKeys.filter((k) => !have.has(k)), leftover: sourceKeys.filter((k) => !expected.has(k)), ambiguities: [], warnings: [], causes: [], sizeMismatches: [], fixable: false };
}

function declaredMissingFound(outcome: PlanOutcome): PlanOutcome {
  checkDeclaredMissing('', outcome.plan.keepMissing ?? [], outcome.plan.unmapped);
  return outcome;
}

/**
 * A wrapper prefix on every key of one side, the other side empty: the other side's keys are the same
 * names without (or with) it, loaded fine once renamed, so they join that side as implied keys.
 */
function withImpliedPrefix(sides: InferenceSides, hints: ErrorHints): InferenceSides {
  const p = hints.prefix;
  // the model's names a library's naming gives for checkpoint keys (error-hints.ts impliedName): model
  // keys of the same tensors, implied like a stripped prefix's (every such checkpoint key, the cut ones too)
  const named = p ? null : hints.impliedName;
  if (named) {
    const have = new Set(sides.target.map((e) => e.key));
    const extra = sides.source.flatMap((e) => {
      const key = named(e.key);
      return key !== null && !have.has(key) ? [{ ...e, key }] : [];
    });
    return { ...sides, target: [...sides.target, ...extra], implied: new Set([...sides.implied, ...extra.map((e) => e.key)]) };
  }
  if (!p) return sides;
  const implied = new Set(sides.implied);
  if (p.op === 'strip_prefix') {
    const have = new Set(sides.target.map((e) => e.key));
    const extra = p.keys.map((k) => k.slice(p.prefix.length)).filter((k) => !have.has(k));
    for (const k of extra) implied.add(k);
    return { ...sides, target: [...sides.target, ...extra.map(unshaped)], implied };
  }
  const have = new Set(sides.source.map((e) => e.key));
  const extra = p.keys.map((k) => k.slice(p.prefix.length)).filter((k) => !have.has(k));
  return { ...sides, source: [...sides.source, ...extra.map(unshaped)] };
}

/**
 * The error's keys are a checkpoint's fields: the fix is to load the field that holds the weights.
 * What its keys are is unknown until the checkpoint is read, so the plan selects and claims no more.
 */
function selectionPlan(sides: InferenceSides, select: NonNullable<ErrorHints['select']>, source: PlanSourceInfo, targetFile: string): PlanOutcome {
  const plan = makePlan({ ...source, select: [select.field] }, { file: targetFile, keys: sides.target.length - sides.implied.size }, { ops: [], mapping: {}, unmapped: [] });
  const others = select.alternatives.length > 0 ? ` (it also holds ${select.alternatives.map((f) => `\`${f}\``).join(', ')}: if the weights you want are there, select that instead)` : '';
  // from the text alone the field is chosen by its name: what it holds, and how deep the weights sit, is unseen
  const where = sides.mode === 'error-only'
    ? `its weights are probably under \`${select.field}\` (chosen by the field's name: the text does not show what the fields hold, and the state dict may sit deeper, as in \`${pythonAccess([select.field, 'model'])}\`)${others}: try \`${pythonAccess([select.field])}\`; \`sdmatch inspect CHECKPOINT\` or \`sdmatch explain CHECKPOINT ERROR.txt\` reads the file and finds where they are`
    : `its weights are under \`${select.field}\`${others}: load \`${pythonAccess([select.field])}\` instead`;
  const causes: Cause[] = [{
    code: 'nested',
    message: `the keys given to the model are a checkpoint's fields (${select.fields.slice(0, 5).map((f) => `\`${f}\``).join(', ')}) rather than weights: the whole checkpoint was passed to load_state_dict; ${where}`,
  }];
  // a Lightning checkpoint's state dict names keys by the LightningModule's attributes: `model.` + the network's, most often
  const lightning = select.fields.includes('pytorch-lightning_version') && select.field === 'state_dict';
  if (lightning) {
    causes[0]!.message += `; it is a PyTorch Lightning checkpoint (it has \`pytorch-lightning_version\`), whose state_dict keys start with the LightningModule's attribute that holds the network (\`model.\` when it is self.model): if the keys then carry it, strip it (\`{(k[6:] if k.startswith('model.') else k): v for k, v in state_dict.items()}\`)`;
  }
  const uncertain = [
    `the error shows the checkpoint's fields, not the keys inside \`${select.field}\`: they may still differ from the model's (${lightning ? "the LightningModule's attribute prefix, such as `model.`; " : ''}a \`module.\` prefix from DataParallel, or a state dict nested one level deeper); run \`sdmatch explain CHECKPOINT ERROR.txt\` to check them`,
    ...sides.uncertain.filter((u) => !u.startsWith('the error names only')),
  ];
  const result: InferResult = { ops: [], mapping: {}, unmapped: [], leftover: [], ambiguities: [], warnings: [], causes, sizeMismatches: [], fixable: true };
  return { plan, result, mode: sides.mode, opKeys: [], missing: [], counters: [], unexpected: [], causes, fixable: true, complete: false, shapesDiffer: [], uncertain, keptMissing: [] };
}
