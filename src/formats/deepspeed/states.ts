import { FormatError } from '../errors.js';
import { asDict, asInt, asItems, asShape, asStr, asTensor, dictGet } from '../pickle/read-values.js';
import type { PyDict, PyTensor, PyValue } from '../pickle/values.js';
import { FRAMEWORK_GLOBALS } from '../pickle/safety-lists.js';

/**
 * The dicts DeepSpeed saves, read from their symbolic trees (nothing executed): the engine's
 * model-states dict (engine.py `_save_checkpoint`) and each rank's ZeRO optimizer dict
 * (`_save_zero_checkpoint` around stage_1_and_2.py / stage3.py / bf16_optimizer.py `state_dict`).
 * Key names are deepspeed/checkpoint/constants.py's.
 */

export interface ModelStates {
  /** the module's state dict as saved: 16-bit weights under ZeRO-1/2, empty placeholders under ZeRO-3 */
  module: PyDict | null;
  bufferNames: string[];
  /** per optimizer group, every trainable parameter's name and full shape, in flat-buffer order */
  paramShapes: [string, number[]][][] | null;
  frozenShapes: [string, number[]][] | null;
  /** frozen parameters (ZeRO-2: whole; ZeRO-3: this rank's padded flat fragment) */
  frozenFragments: Map<string, PyTensor> | null;
  /** [name not stored, name holding the data] */
  shared: [string, string][];
  dsVersion: string | null;
  dpWorldSize: number | null;
  mpWorldSize: number | null;
}

export interface OptimStates {
  /** 1, 2, 3; null for the bf16 optimizer, which records none (it partitions like ZeRO-1) */
  zeroStage: number | null;
  /** data-parallel world size the partitions were made for */
  partitionCount: number;
  /** this rank's flat fp32 master weights, one tensor per group */
  groups: PyTensor[];
  groupsKey: 'single_partition_of_fp32_groups' | 'fp32_flat_groups';
}

function shapeList(v: PyValue | undefined, what: string, file: string): [string, number[]][] {
  const d = asDict(v);
  if (!d) throw new FormatError(file, `${what} is not a mapping of names to shapes`);
  return d.entries.map(([k, s]) => {
    const shape = asShape(s);
    if (typeof k !== 'string' || !shape) throw new FormatError(file, `${what} has an entry that is not a name and a shape`);
    return [k, shape];
  });
}

/**
 * Reads a model-states file's dict; throws when it is not one (zero_to_fp32 tests for buffer_names). A
 * mixture-of-experts save (engine.py `_save_moe_checkpoint`) writes no buffer_names, param_shapes or
 * ds_version, only the module and the step counters: `moe` accepts that.
 */
export function readModelStates(root: PyValue, file: string, moe = false): ModelStates {
  const bufferNames = asItems(dictGet(root, 'buffer_names')) ?? (moe && asDict(root) ? [] : undefined);
  if (!bufferNames) throw new FormatError(file, 'is not a DeepSpeed model-states file: no buffer_names list');
  const ps = dictGet(root, 'param_shapes');
  const groups = ps === null || ps === undefined ? null : asItems(ps);
  if (groups === undefined) throw new FormatError(file, 'param_shapes is not a list of optimizer groups');
  const frozen = dictGet(root, 'frozen_param_shapes');
  const fragments = asDict(dictGet(root, 'frozen_param_fragments'));
  const shared = asDict(dictGet(root, 'shared_params'));
  return {
    module: asDict(dictGet(root, 'module')) ?? null,
    bufferNames: bufferNames.filter((b): b is string => typeof b === 'string'),
    paramShapes: groups === null ? null : groups.map((g, i) => shapeList(g, `param_shapes[${i}]`, file)),
    frozenShapes: frozen === null || frozen === undefined ? null : shapeList(frozen, 'frozen_param_shapes', file),
    frozenFragments: fragments ? new Map(fragments.entries.flatMap(([k, t]) => (typeof k === 'string' && asTensor(t) ? [[k, asTensor(t)!]] : []))) : null,
    shared: shared ? shared.entries.flatMap(([a, b]) => (typeof a === 'string' && typeof b === 'string' ? [[a, b] as [string, string]] : [])) : [],
    dsVersion: asStr(dictGet(root, 'ds_version')) ?? null,
    dpWorldSize: asInt(dictGet(root, 'dp_world_size')) ?? null,
    mpWorldSize: asInt(dictGet(root, 'mp_world_size')) ?? null,
  };
}

const ZERO_STAGE_MEMBERS = FRAMEWORK_GLOBALS.find((f) => f.path === 'deepspeed.runtime.zero.config.ZeroStageEnum')!.members!;

/**
 * A ZeroStageEnum as pickled: `getattr(ZeroStageEnum, 'gradients')` (Python 3.11+), `ZeroStageEnum(2)`
 * (older Pythons), or a plain int. The member order is the enum's values (disabled = 0 …).
 */
export function zeroStageOf(v: PyValue | undefined): number | null {
  const n = asInt(v);
  if (n !== undefined) return n;
  if (typeof v !== 'object' || v === null || v.kind !== 'object') return null;
  const [a, b] = v.args;
  if (typeof b === 'string') {
    const i = ZERO_STAGE_MEMBERS.indexOf(b);
    return i < 0 ? null : Math.min(i, 3);
  }
  return asInt(a) ?? null;
}

/** Reads an optim-states file's dict; throws when it holds no flat fp32 groups. */
export function readOptimStates(root: PyValue, file: string): OptimStates {
  const osd = dictGet(root, 'optimizer_state_dict');
  if (!asDict(osd)) throw new FormatError(file, 'is not a DeepSpeed ZeRO optimizer file: no optimizer_state_dict');
  const stageValue = dictGet(osd, 'zero_stage');
  const zeroStage = stageValue === undefined ? null : zeroStageOf(stageValue);
  if (stageValue !== undefined && zeroStage === null) throw new FormatError(file, 'zero_stage is not a ZeRO stage');
  const groupsKey = zeroStage === 3 ? 'fp32_flat_groups' : 'single_partition_of_fp32_groups';
  const items = asItems(dictGet(osd, groupsKey));
  if (!items) throw new FormatError(file, `optimizer_state_dict has no ${groupsKey} list`);
  const groups = items.map((t, i) => {
    const tensor = asTensor(t);
    if (!tensor || tensor.info.shape.length !== 1) throw new FormatError(file, `${groupsKey}[${i}] is not a flat tensor`);
    return tensor;
  });
  const pc = dictGet(osd, 'partition_count');
  const counts = asItems(pc)?.map((x) => asInt(x) ?? 0) ?? [asInt(pc) ?? 0];
  // zero_to_fp32: each group may have its own count (expert parallelism); the world size is the largest
  const partitionCount = Math.max(...counts);
  if (!(partitionCount > 0)) throw new FormatError(file, 'partition_count is missing or not a positive int');
  return { zeroStage, partitionCount, groups, groupsKey };
}

/** An element range of one of several flat pieces laid end to end. */
export interface FlatRange {
  piece: number;
  start: number;
  numel: number;
}

/** Elements [from, from+n) of pieces of these lengths laid end to end, as ranges of the pieces. */
export function sliceConcat(lengths: readonly number[], from: number, n: number): FlatRange[] {
  const out: FlatRange[] = [];
  let base = 0;
  for (let i = 0; i < lengths.length && n > 0; i++) {
    const len = lengths[i]!;
    if (from < base + len) {
      const start = Math.max(0, from - base);
      const take = Math.min(len - start, n);
      out.push({ piece: i, start, numel: take });
      from += take;
      n -= take;
    }
    base += len;
  }
  if (n > 0) throw new RangeError(`${n} elements past the end of the flat pieces`);
  return out;
}

/** Where a parameter's fp32 elements are: ranges of (rank, group) flat tensors, in element order. */
export interface ParamRanges {
  name: string;
  shape: number[];
  ranges: { rank: number; group: number; start: number; numel: number }[];
}

const numelOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * zero_to_fp32.py `_zero2_merge_trainable_params`: each group's partitions are concatenated across
 * ranks (their alignment padding was cut off when saved) and the group's parameters read from it in
 * param_shapes order. Throws, as zero_to_fp32 does, when the parameters do not use up the flat buffer
 * up to the 2×world-size alignment.
 */
export function zero12Params(paramShapes: [string, number[]][][], groupLengths: number[][], worldSize: number, file: string): ParamRanges[] {
  const out: ParamRanges[] = [];
  paramShapes.forEach((shapes, g) => {
    const lengths = groupLengths.map((rank) => rank[g] ?? 0);
    const avail = lengths.reduce((a, b) => a + b, 0);
    let offset = 0;
    for (const [name, shape] of shapes) {
      const n = numelOf(shape);
      if (offset + n > avail) throw new FormatError(file, `group ${g}: parameter ${name} needs elements ${offset}..${offset + n} of a flat buffer of ${avail}`);
      out.push({ name, shape, ranges: sliceConcat(lengths, offset, n).map((r) => ({ rank: r.piece, group: g, start: r.start, numel: r.numel })) });
      offset += n;
    }
    const align = (x: number) => 2 * worldSize * Math.ceil(x / (2 * worldSize));
    if (align(offset) !== align(avail)) throw new FormatError(file, `group ${g}: parameters use ${offset} of ${avail} flat elements, which zero_to_fp32 rejects too`);
  });
  return out;
}

/**
 * zero_to_fp32.py `_zero3_merge_trainable_params`: every parameter is split into world-size equal
 * partitions (the last padded); rank r's flat groups, end to end, hold each parameter's r-th partition
 * in param_shapes order.
 */
export function zero3Params(paramShapes: [string, number[]][][], groupLengths: number[][], worldSize: number, file: string): ParamRanges[] {
  const out: ParamRanges[] = [];
  const avail = groupLengths[0]!.reduce((a, b) => a + b, 0);
  let offset = 0;
  for (const [name, shape] of paramShapes.flat()) {
    const n = numelOf(shape);
    const pn = Math.ceil(n / worldSize);
    if (offset + pn > avail) throw new FormatError(file, `parameter ${name} needs partition elements ${offset}..${offset + pn} of ${avail}`);
    const ranges: ParamRanges['ranges'] = [];
    let left = n;
    for (let rank = 0; rank < worldSize && left > 0; rank++) {
      for (const r of sliceConcat(groupLengths[rank]!, offset, Math.min(pn, left))) ranges.push({ rank, group: r.piece, start: r.start, numel: r.numel });
      left -= Math.min(pn, left);
    }
    out.push({ name, shape, ranges });
    offset += pn;
  }
  if (offset !== avail) throw new FormatError(file, `parameters use ${offset * worldSize} of ${avail * worldSize} flat elements, which zero_to_fp32 rejects too`);
  return out;
}
