import { basename, dirname, join } from 'node:path';
import { parseDeepSpeedName, parseLatestTag, type DeepSpeedFile } from '../../formats/deepspeed/names.js';
import { readModelStates, readOptimStates, zero12Params, zero3Params, type ModelStates, type OptimStates, type ParamRanges } from '../../formats/deepspeed/states.js';
import { FormatError } from '../../formats/errors.js';
import type { PyDict, PyTensor, PyValue } from '../../formats/pickle/values.js';
import { contiguousStrides, numel } from '../../formats/tensor.js';
import type { FileContents, FileRef } from '../contents.js';
import { gatheredTensor } from '../gather.js';
import { parsedEntries, pointerText } from './listing.js';
import type { DirectoryLayout } from './registry.js';

/**
 * DeepSpeed's checkpoint folder (`save_dir/<tag>/`, with `save_dir/latest` naming the tag), read as one
 * logical checkpoint:
 * - `model`: the state dict zero_to_fp32.py would make — the fp32 master weights cut out of the
 *   optimizer files' flat groups by `param_shapes`, frozen parameters, buffers, and tied names bound
 *   to the tensor they share — in the module's key order. Nothing is read: each tensor is a gather of
 *   byte ranges of the flat groups. Without optimizer files (or a `param_shapes` of None, ZeRO off) it
 *   is the module as saved;
 * - `module`: the module's state dict as saved (16-bit weights; empty placeholders under ZeRO-3);
 * - the model-states file's other entries (ds_version, global_steps, dp_world_size, param_shapes …).
 * The fp32 master weights are what training updates; the 16-bit module copy is rounded from them, so
 * `model` is what a user converting a checkpoint expects (and what DeepSpeed's own script writes);
 * `--select module` takes the 16-bit copy instead.
 */

type Named = DeepSpeedFile & { file: string };

function deepSpeedFiles(dir: string): Named[] {
  return parsedEntries(dir, parseDeepSpeedName);
}

/** The tag folder `latest` names, when the folder has one and it holds DeepSpeed files. */
function latestTagDir(dir: string): string | null {
  const text = pointerText(join(dir, 'latest'));
  const tag = text === null ? null : parseLatestTag(text);
  return tag !== null && deepSpeedFiles(join(dir, tag)).length > 0 ? join(dir, tag) : null;
}

function claim(path: string, isDir: boolean): string | null {
  if (!isDir) return parseDeepSpeedName(basename(path)) ? dirname(path) : null;
  if (deepSpeedFiles(path).some((f) => f.kind === 'model' || f.kind === 'zero-model' || f.kind === 'optim')) return path;
  return latestTagDir(path);
}

const byRank = (a: Named, b: Named) => a.dp - b.dp;

function read(dir: FileRef, readFile: (ref: FileRef) => FileContents): FileContents {
  const files = deepSpeedFiles(dir.path);
  const member = (f: Named): FileRef => ({ path: join(dir.path, f.file), name: `${dir.name}/${f.file}` });
  const unsupported = files.filter((f) => f.kind === 'pipeline-layer' || f.kind === 'moe');
  if (unsupported.length > 0) {
    throw new FormatError(dir.name, `DeepSpeed ${unsupported[0]!.kind === 'moe' ? 'mixture-of-experts' : 'pipeline-engine'} checkpoint (${unsupported[0]!.file}): sdmatch reads ZeRO 0–3 data-parallel checkpoints only`);
  }
  const mpRanks = new Set(files.map((f) => f.mp));
  if (mpRanks.size > 1) {
    throw new FormatError(dir.name, `DeepSpeed checkpoint with ${mpRanks.size} model-parallel ranks: its tensors are split across mp_rank_XX files in a way only the model's code knows; sdmatch reads mp_rank_00-only checkpoints`);
  }
  const modelFiles = files.filter((f) => f.kind === 'model');
  const zeroModelFiles = files.filter((f) => f.kind === 'zero-model').sort(byRank);
  const optimFiles = files.filter((f) => f.kind === 'optim').sort(byRank);
  const modelStateFiles = zeroModelFiles.length > 0 ? zeroModelFiles : modelFiles;
  if (modelStateFiles.length === 0) throw new FormatError(dir.name, 'DeepSpeed checkpoint folder without a model-states file (mp_rank_00_model_states.pt or zero_pp_rank_0_mp_rank_00_model_states.pt)');

  const pickles: FileContents['pickles'] = [];
  const detail: string[] = [];
  const membersRead: string[] = [];
  let size = 0;
  const open = (f: Named): PyValue => {
    membersRead.push(member(f).path);
    const c = readFile(member(f));
    size += c.size;
    for (const s of c.pickles) pickles.push({ ...s, where: `${f.file}: ${s.where}` });
    if (c.root === null) throw new FormatError(member(f).name, `could not be read: ${c.error?.message ?? c.detail.join('; ')}`);
    return c.root;
  };
  const modelRoots = modelStateFiles.map(open);
  const states = modelRoots.map((r, i) => readModelStates(r, member(modelStateFiles[i]!).name));
  const optims = optimFiles.map((f) => readOptimStates(open(f), member(f).name));
  const first = states[0]!;

  const zero3 = zeroModelFiles.length > 0;
  let model: PyDict;
  let stage: number | null = zero3 ? 3 : null;
  if (optims.length > 0 && first.paramShapes !== null) {
    const o = optims[0]!;
    stage = o.zeroStage;
    const where = member(optimFiles[0]!).name;
    if (o.partitionCount !== optims.length) {
      throw new FormatError(dir.name, `expected ${o.partitionCount} *_optim_states.pt files (partition_count) but found ${optims.length}: a rank's file is missing or left over from another save`);
    }
    if ((stage === 3) !== zero3) throw new FormatError(where, `zero_stage ${stage ?? 'none'} does not match the model-states files (${zero3 ? 'ZeRO-3 per-rank' : 'one mp_rank_00'})`);
    const c = consolidated(states, optims, stage === 3, dir.name);
    model = c.dict;
    detail.push(`DeepSpeed ZeRO-${stage ?? '1 (bf16 optimizer)'} checkpoint, ${optims.length} data-parallel rank(s), deepspeed ${first.dsVersion ?? '?'}`);
    detail.push(`model: fp32 master weights from the optimizer files' ${o.groupsKey} (as zero_to_fp32.py makes them); module: the ${moduleDtype(first)} weights as saved`);
    if (c.fromModule.length > 0) detail.push(`${c.fromModule.length} tensor(s) in no optimizer group (frozen, not recorded by a ZeRO-${stage ?? 1} save) taken from the module as saved: ${c.fromModule.slice(0, 3).join(', ')}${c.fromModule.length > 3 ? ', …' : ''}`);
  } else if (zero3) {
    model = placeholderShapes(first, dir.name);
    detail.push(`DeepSpeed ZeRO-3 checkpoint without its optimizer files: shapes from param_shapes, no weights (the module holds empty placeholders)`);
  } else {
    model = first.module ?? { kind: 'dict', entries: [] };
    detail.push(`DeepSpeed checkpoint, ${optims.length === 0 ? 'no ZeRO optimizer files' : 'param_shapes is None'}: model is the module as saved`);
  }

  const root: PyDict = { kind: 'dict', entries: [['model', model]] };
  const savedRoot = modelRoots[0];
  if (savedRoot && typeof savedRoot === 'object' && savedRoot.kind === 'dict') {
    for (const [k, v] of savedRoot.entries) if (k !== 'frozen_param_fragments') root.entries.push([k, v]);
  }
  if (stage !== null) root.entries.push(['zero_stage', stage]);
  // the checkpoint's identity (a plan's sha256): every file read, by name
  return { format: 'deepspeed', detail, root, error: null, pickles, size, files: membersRead.sort() };
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
  marker: 'mp_rank_00_model_states.pt or zero_pp_rank_N_mp_rank_00_{model,optim}_states.pt, or a latest file naming that folder',
  claim,
  read,
};
