import { basename, dirname, join } from 'node:path';
import { LATEST_FILE, LATEST_UNIVERSAL_FILE, LOADER_FILE, parseDeepSpeedName, parseLatestTag, type DeepSpeedFile } from '../../formats/deepspeed/names.js';
import { readModelStates, readOptimStates, zero12Params, zero3Params, zeroStageOf, type ModelStates, type OptimStates, type ParamRanges } from '../../formats/deepspeed/states.js';
import { FormatError } from '../../formats/errors.js';
import { asDict, dictGet } from '../../formats/pickle/read-values.js';
import type { PyDict, PyTensor, PyValue } from '../../formats/pickle/values.js';
import { contiguousStrides, numel } from '../../formats/tensor.js';
import type { FileContents, FileRef } from '../contents.js';
import { gatheredTensor } from '../gather.js';
import { TpMerger } from '../tp-merge.js';
import { parsedEntries, pointerText } from './listing.js';
import { filesIn, withLoaderFiles } from './loader-files.js';
import type { DirectoryLayout } from './registry.js';

/**
 * DeepSpeed's checkpoint folder (`save_dir/<tag>/`, with `save_dir/latest` naming the tag), read as one
 * logical checkpoint:
 * - `model`: the state dict zero_to_fp32.py would make — the fp32 master weights cut out of the
 *   optimizer files' flat groups by `param_shapes`, frozen parameters, buffers, and tied names bound
 *   to the tensor they share — in the module's key order. Nothing is read: each tensor is a chunks location over
 *   element ranges of the flat groups (../gather.ts). Without optimizer files (or a `param_shapes` of None, ZeRO off) it
 *   is the module as saved;
 * - `module`: the module's state dict as saved (16-bit weights; empty placeholders under ZeRO-3);
 * - the model-states file's other entries (ds_version, global_steps, dp_world_size, param_shapes …).
 * The fp32 master weights are what training updates; the 16-bit module copy is rounded from them, so
 * `model` is what a user converting a checkpoint expects (and what DeepSpeed's own script writes);
 * `--select module` takes the 16-bit copy instead.
 * With mixture-of-experts files, `model` is the module plus every expert file (each under its global
 * expert id, as `load_moe_state_dict` reads them); with the pipeline engine's layer files, every layer
 * file under its layer index (PipelineModule's names). With more than one model-parallel rank (mp_rank_01…,
 * or the layer files' model_01…), each rank's state dict is made as above and the ranks are merged key by
 * key as Megatron's tensor parallelism splits them (../tp-merge.ts); a key whose split cannot be told is
 * listed and never written.
 */

type Named = DeepSpeedFile & { file: string };

function deepSpeedFiles(dir: string): Named[] {
  return parsedEntries(dir, parseDeepSpeedName);
}

/** The tag folder `latest` names, when the folder has one and it holds DeepSpeed files. */
function latestTagDir(dir: string): string | null {
  const text = pointerText(join(dir, LATEST_FILE));
  const tag = text === null ? null : parseLatestTag(text);
  return tag !== null && deepSpeedFiles(join(dir, tag)).length > 0 ? join(dir, tag) : null;
}

function claim(path: string, isDir: boolean): string | null {
  if (!isDir) return parseDeepSpeedName(basename(path)) ? dirname(path) : null;
  if (deepSpeedFiles(path).some((f) => f.kind === 'model' || f.kind === 'zero-model' || f.kind === 'optim' || f.kind === 'pipeline-layer' || f.kind === 'expert')) return path;
  return latestTagDir(path);
}

const byRank = (a: Named, b: Named) => a.dp - b.dp;
const two = (n: number) => String(n).padStart(2, '0');

/** Opens a folder's member files, collecting what every read of the folder reports (pickles, sizes, the files read). */
class Members {
  readonly pickles: FileContents['pickles'] = [];
  readonly read: string[] = [];
  size = 0;
  constructor(private readonly dir: FileRef, private readonly readFile: (ref: FileRef) => FileContents) {}

  ref(f: Named): FileRef {
    return { path: join(this.dir.path, f.file), name: `${this.dir.name}/${f.file}` };
  }

  open(f: Named): PyValue {
    const ref = this.ref(f);
    this.read.push(ref.path);
    const c = this.readFile(ref);
    this.size += c.size;
    for (const s of c.pickles) this.pickles.push({ ...s, where: `${f.file}: ${s.where}` });
    if (c.root === null) throw new FormatError(ref.name, `could not be read: ${c.error?.message ?? c.detail.join('; ')}`);
    return c.root;
  }
}

/** One model-parallel rank's logical state dict, the root of its first model-states file, and what it says. */
interface RankModel {
  model: PyDict;
  root: PyValue;
  stage: number | null;
  detail: string[];
}

function read(dir: FileRef, readFile: (ref: FileRef) => FileContents): FileContents {
  const files = deepSpeedFiles(dir.path);
  const members = new Members(dir, readFile);
  const layers = files.filter((f) => f.kind === 'pipeline-layer');
  const mpRanks = [...new Set(files.filter((f) => f.kind !== 'pipeline-layer' && f.kind !== 'expert-optim').map((f) => f.mp))].sort((a, b) => a - b);
  if (mpRanks.length === 0) throw new FormatError(dir.name, 'DeepSpeed checkpoint folder without a model-states file (mp_rank_00_model_states.pt or zero_pp_rank_0_mp_rank_00_model_states.pt)');
  const gaps = mpRanks.filter((r, i) => r !== i);
  if (gaps.length > 0) throw new FormatError(dir.name, `DeepSpeed checkpoint with model-parallel ranks ${mpRanks.join(', ')}: rank ${gaps[0]! - 1} is missing`);

  let ranks: RankModel[];
  const detail: string[] = [];
  if (layers.length > 0) {
    // the pipeline engine: the weights are in the layer files; the mp_rank files (one per stage × tensor rank) hold no module
    const first = files.find((f) => f.mp === 0 && (f.kind === 'model' || f.kind === 'zero-model'));
    if (!first) throw new FormatError(dir.name, 'DeepSpeed pipeline checkpoint without mp_rank_00_model_states.pt');
    const root = members.open(first);
    ranks = pipelineRanks(layers, members, dir.name).map((model) => ({ model, root, stage: null, detail: [] }));
    detail.push(`DeepSpeed pipeline-engine checkpoint: ${new Set(layers.map((l) => l.layer)).size} layer file(s) × ${ranks.length} tensor-parallel rank(s), keys numbered by layer as PipelineModule names them (layer_NN → NN.); the weights as the layer files hold them`);
  } else {
    ranks = mpRanks.map((mp) => rankModel(files.filter((f) => f.mp === mp), members, dir.name));
    detail.push(...ranks[0]!.detail);
  }
  let model = ranks[0]!.model;
  if (ranks.length > 1) {
    const merger = new TpMerger(ranks[0]!.root);
    model = mergeRanks(ranks.map((r) => r.model), merger, dir.name, layers.length > 0 ? 'model' : 'mp_rank');
    detail.push(`${ranks.length} tensor-parallel ranks merged key by key:`, ...merger.detail());
  }

  const root: PyDict = { kind: 'dict', entries: [['model', model]] };
  const savedRoot = ranks[0]!.root;
  if (savedRoot && typeof savedRoot === 'object' && savedRoot.kind === 'dict') {
    // with several model-parallel ranks, rank 0's module is only its shards: left out rather than shown as the model's
    for (const [k, v] of savedRoot.entries) if (k !== 'frozen_param_fragments' && !(k === 'module' && ranks.length > 1)) root.entries.push([k, v]);
  }
  const stage = ranks[0]!.stage;
  if (stage !== null) root.entries.push(['zero_stage', stage]);
  // the checkpoint's identity (a plan's sha256): every file read, by name
  const read: FileContents = { format: 'deepspeed', detail, root, error: null, pickles: members.pickles, size: members.size, files: members.read.sort(), tensorParallel: ranks.length };
  // what load_checkpoint also unpickles (optimizer partitions of a pipeline or MoE save, other ranks' model states) is scanned too
  const parent = dirname(dir.path);
  return withLoaderFiles(read, dir, filesIn(dir.path, (n) => LOADER_FILE.test(n)), [join(parent, LATEST_FILE), join(parent, LATEST_UNIVERSAL_FILE)], readFile);
}

/**
 * One model-parallel rank (all of it when there is one): zero_to_fp32's fp32 weights from its ZeRO
 * files, or its module as saved; with mixture-of-experts files, the module plus every expert file.
 */
function rankModel(files: Named[], members: Members, name: string): RankModel {
  const experts = files.filter((f) => f.kind === 'expert').sort((a, b) => a.layer! - b.layer! || a.expert! - b.expert!);
  const modelFiles = files.filter((f) => f.kind === 'model');
  const zeroModelFiles = files.filter((f) => f.kind === 'zero-model').sort(byRank);
  const optimFiles = files.filter((f) => f.kind === 'optim').sort(byRank);
  const modelStateFiles = zeroModelFiles.length > 0 ? zeroModelFiles : modelFiles;
  const mp = files[0]?.mp ?? 0;
  if (modelStateFiles.length === 0) throw new FormatError(name, `DeepSpeed checkpoint folder without a model-states file for model-parallel rank ${mp} (mp_rank_${two(mp)}_model_states.pt or zero_pp_rank_0_mp_rank_${two(mp)}_model_states.pt)`);
  const modelRoots = modelStateFiles.map((f) => members.open(f));
  const states = modelRoots.map((r, i) => readModelStates(r, members.ref(modelStateFiles[i]!).name, experts.length > 0));
  const first = states[0]!;
  const detail: string[] = [];

  if (experts.length > 0) {
    // engine.py _save_moe_checkpoint: the module without its experts, each expert in its own file under its global id
    const entries: [PyValue, PyValue][] = [...(first.module?.entries ?? [])];
    const seen = new Set(entries.map(([k]) => k));
    for (const f of experts) {
      const d = asDict(members.open(f));
      if (!d) throw new FormatError(members.ref(f).name, 'is not an expert state dict');
      for (const [k, v] of d.entries) {
        if (seen.has(k)) throw new FormatError(members.ref(f).name, `expert key ${String(k)} is also in another file`);
        seen.add(k);
        entries.push([k, v]);
      }
    }
    detail.push(`DeepSpeed mixture-of-experts checkpoint: the module as saved plus ${experts.length} expert file(s) (${new Set(experts.map((e) => e.layer)).size} MoE layer(s)), experts under their global ids; weights as saved (a MoE save records no param_shapes for fp32 masters)`);
    return { model: { kind: 'dict', entries }, root: modelRoots[0]!, stage: null, detail };
  }

  const optims = optimFiles.map((f) => readOptimStates(members.open(f), members.ref(f).name));
  const zero3 = zeroModelFiles.length > 0;
  let model: PyDict;
  let stage: number | null = zero3 ? 3 : null;
  if (optims.length > 0 && first.paramShapes !== null) {
    const o = optims[0]!;
    stage = o.zeroStage;
    const where = members.ref(optimFiles[0]!).name;
    if (o.partitionCount !== optims.length) {
      throw new FormatError(name, `expected ${o.partitionCount} *_mp_rank_${two(mp)}_optim_states.pt files (partition_count) but found ${optims.length}: a rank's file is missing or left over from another save`);
    }
    if ((stage === 3) !== zero3) throw new FormatError(where, `zero_stage ${stage ?? 'none'} does not match the model-states files (${zero3 ? 'ZeRO-3 per-rank' : `one mp_rank_${two(mp)}`})`);
    const c = consolidated(states, optims, stage === 3, name);
    model = c.dict;
    detail.push(`DeepSpeed ZeRO-${stage ?? '1 (bf16 optimizer)'} checkpoint, ${optims.length} data-parallel rank(s), deepspeed ${first.dsVersion ?? '?'}`);
    detail.push(`model: fp32 master weights from the optimizer files' ${o.groupsKey} (as zero_to_fp32.py makes them); module: the ${moduleDtype(first)} weights as saved`);
    if (c.fromModule.length > 0) detail.push(`${c.fromModule.length} tensor(s) in no optimizer group (frozen, not recorded by a ZeRO-${stage ?? 1} save) taken from the module as saved: ${c.fromModule.slice(0, 3).join(', ')}${c.fromModule.length > 3 ? ', …' : ''}`);
  } else if (zero3) {
    model = placeholderShapes(first, name);
    detail.push(`DeepSpeed ZeRO-3 checkpoint without its optimizer files: shapes from param_shapes, no weights (the module holds empty placeholders)`);
  } else {
    model = first.module ?? { kind: 'dict', entries: [] };
    // a ZeRO save keeps its fp32 masters in the optimizer files: its config says so when they are gone (review 19 F11)
    const configured = zeroStageOf(dictGet(dictGet(dictGet(modelRoots[0], 'ds_config'), 'zero_optimization'), 'stage'));
    if (optims.length === 0 && configured !== null && configured > 0) {
      detail.push(`DeepSpeed ZeRO-${configured} checkpoint (its ds_config) without its optimizer files: its fp32 master weights are not in the folder; model is the module as saved (the ${moduleDtype(first)} weights, rounded from them)`);
    } else detail.push(`DeepSpeed checkpoint, ${optims.length === 0 ? 'no ZeRO optimizer files' : 'param_shapes is None'}: model is the module as saved`);
  }
  return { model, root: modelRoots[0]!, stage, detail };
}

/**
 * The pipeline engine's layer files as PipelineModule's state dict names them (`add_module(str(idx))`:
 * layer_03's `weight` is `3.weight`), one dict per tensor-parallel (model axis) rank.
 */
function pipelineRanks(layers: Named[], members: Members, name: string): PyDict[] {
  const tp = Math.max(...layers.map((l) => l.mp)) + 1;
  const indices = [...new Set(layers.map((l) => l.layer!))].sort((a, b) => a - b);
  const out: PyDict[] = [];
  for (let t = 0; t < tp; t++) {
    const entries: [PyValue, PyValue][] = [];
    for (const idx of indices) {
      const f = layers.find((l) => l.layer === idx && l.mp === t);
      if (!f) throw new FormatError(name, `pipeline layer ${idx} has no file for tensor-parallel rank ${t} (layer_${two(idx)}-model_${two(t)}-model_states.pt)`);
      const d = asDict(members.open(f));
      if (!d) throw new FormatError(members.ref(f).name, 'is not a layer state dict');
      for (const [k, v] of d.entries) entries.push([`${idx}.${String(k)}`, v]);
    }
    out.push({ kind: 'dict', entries });
  }
  return out;
}

/** Each key's tensors on every tensor-parallel rank merged into one (non-tensors from rank 0). */
function mergeRanks(ranks: PyDict[], merger: TpMerger, name: string, axis: 'mp_rank' | 'model'): PyDict {
  const maps = ranks.map((r) => new Map(r.entries));
  const entries: [PyValue, PyValue][] = [];
  const span = `${axis}_00…${two(ranks.length - 1)}`;
  for (const [k, v0] of ranks[0]!.entries) {
    const key = String(k);
    const values = maps.map((m) => m.get(k));
    if (!isTensor(v0)) {
      entries.push([k, v0]);
      continue;
    }
    const missing = values.findIndex((v) => !isTensor(v));
    if (missing >= 0) throw new FormatError(name, `${key}: a tensor on model-parallel rank 0 but not on rank ${missing}`);
    entries.push([k, merger.merge(key, key, values as PyTensor[], { file: name, ranks: span, first: `${axis}_00` })]);
  }
  for (let r = 1; r < maps.length; r++) {
    for (const k of maps[r]!.keys()) if (!maps[0]!.has(k)) throw new FormatError(name, `${String(k)}: on model-parallel rank ${r} but not on rank 0`);
  }
  return { kind: 'dict', entries };
}

function isTensor(v: PyValue | undefined): v is PyTensor {
  return typeof v === 'object' && v !== null && v.kind === 'tensor';
}

function moduleDtype(s: ModelStates): string {
  for (const [, v] of s.module?.entries ?? []) if (typeof v === 'object' && v !== null && v.kind === 'tensor' && v.info.dtype !== 'int64') return v.info.dtype;
  return 'saved';
}

function tensorEntries(d: PyDict | null): Map<string, PyTensor> {
  const out = new Map<string, PyTensor>();
  for (const [k, v] of d?.entries ?? []) if (typeof k === 'string' && typeof v === 'object' && v !== null && v.kind === 'tensor') out.set(k, v);
  return out;
}

/** `rank 1`, `ranks 0–3`: which data-parallel ranks' files hold a parameter (for `inspect --verbose`) */
function rankSpan(ranks: number[]): string {
  const lo = Math.min(...ranks);
  const hi = Math.max(...ranks);
  return lo === hi ? `rank ${lo}` : `ranks ${lo}–${hi}`;
}

/** zero_to_fp32's state dict, in the module's key order (then anything the module does not list). */
function consolidated(states: ModelStates[], optims: OptimStates[], zero3: boolean, name: string): { dict: PyDict; fromModule: string[] } {
  const first = states[0]!;
  const world = optims.length;
  const out = new Map<string, PyTensor>();
  const module = tensorEntries(first.module);
  for (const b of first.bufferNames) {
    const t = module.get(b);
    if (t) out.set(b, t);
  }
  for (const [n, shape] of first.frozenShapes ?? []) {
    if (!zero3) {
      const t = first.frozenFragments?.get(n);
      if (!t) throw new FormatError(name, `frozen parameter ${n} has no fragment in frozen_param_fragments`);
      out.set(n, t);
      continue;
    }
    // ZeRO-3: every rank's padded fragment, end to end, cut to the parameter's size
    const frags = states.map((s, r) => {
      const t = s.frozenFragments?.get(n);
      if (!t) throw new FormatError(name, `frozen parameter ${n} has no fragment on rank ${r}`);
      return t;
    });
    let left = numel(shape);
    const pieces = frags.flatMap((t) => {
      const take = Math.min(left, numel(t.info.shape));
      left -= take;
      return take > 0 ? [{ tensor: t, start: 0, rowElems: take }] : [];
    });
    out.set(n, gatheredTensor(n, frags[0]!.info.dtype, shape, 1, pieces, name, `frozen_param_fragments of ${rankSpan(pieces.map((_, r) => r))}`));
  }
  const lengths = optims.map((o) => o.groups.map((g) => numel(g.info.shape)));
  const params: ParamRanges[] = (zero3 ? zero3Params : zero12Params)(first.paramShapes!, lengths, world, name);
  for (const p of params) {
    const dtype = optims[0]!.groups[0]!.info.dtype;
    const pieces = p.ranges.map((r) => ({ tensor: optims[r.rank]!.groups[r.group]!, start: r.start, rowElems: r.numel }));
    out.set(p.name, gatheredTensor(p.name, dtype, p.shape, 1, pieces, name, `${optims[0]!.groupsKey} of ${rankSpan(p.ranges.map((r) => r.rank))}`));
  }
  for (const [alias, holder] of first.shared) {
    const t = out.get(holder);
    if (t) out.set(alias, t);
  }
  const entries: [PyValue, PyValue][] = [];
  const fromModule: string[] = [];
  for (const [k, saved] of module) {
    const t = out.get(k);
    if (t) {
      entries.push([k, t]);
      out.delete(k);
    } else if (numel(saved.info.shape) > 0 || !zero3) {
      // in the module but in no optimizer group: frozen parameters of a ZeRO-1 save (the engine saves
      // frozen_param_shapes from ZeRO-2 on) — zero_to_fp32 drops them, and the model would not load
      entries.push([k, saved]);
      fromModule.push(k);
    }
  }
  for (const [k, t] of out) entries.push([k, t]);
  return { dict: { kind: 'dict', entries }, fromModule };
}

/** ZeRO-3 without optimizer files: every parameter at its param_shapes shape, with no bytes. */
function placeholderShapes(s: ModelStates, name: string): PyDict {
  const shapes = new Map([...(s.paramShapes ?? []).flat(), ...(s.frozenShapes ?? [])]);
  const module = tensorEntries(s.module);
  const entries: [PyValue, PyValue][] = [];
  for (const [k, t] of module) {
    const shape = shapes.get(k) ?? s.shared.filter(([a]) => a === k).map(([, b]) => shapes.get(b)).find((x) => x !== undefined);
    if (!shape) {
      entries.push([k, t]);
      continue;
    }
    const info = { ...t.info, shape, stride: contiguousStrides(shape), storage: { ...t.info.storage, key: `${k} (a ZeRO-3 partition: its weights are in the *_optim_states.pt files, which are missing)`, numel: null, bytes: null } };
    entries.push([k, { kind: 'tensor', info, original: null }]);
  }
  if (entries.length === 0) throw new FormatError(name, 'ZeRO-3 model states without a module');
  return { kind: 'dict', entries };
}

export const deepspeedLayout: DirectoryLayout = {
  name: 'DeepSpeed',
  marker: 'mp_rank_XX_model_states.pt, zero_pp_rank_N_mp_rank_XX_{model,optim}_states.pt, layer_NN-model_states.pt or layer_L_expert_E_mp_rank_XX_model_states.pt, or a latest file naming that folder',
  claim,
  read,
};
