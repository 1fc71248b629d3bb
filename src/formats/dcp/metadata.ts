/**
 * torch.distributed.checkpoint's `.metadata`: the pickle of a `Metadata` dataclass that
 * FileSystemWriter.finish writes (torch/distributed/checkpoint/metadata.py, filesystem.py; torch 1.12-1.13
 * under torch.distributed._shard.checkpoint). Read by the symbolic pickle machine, never executed, and
 * interpreted only through the class names torch writes (safety-lists.ts DCP_GLOBALS): anything else in
 * a place that matters is refused, so a crafted file cannot pose as a checkpoint.
 */
import type { ByteSource } from '../byte-source.js';
import { dtypeOfTorchGlobal, type DType } from '../dtype.js';
import { FormatError } from '../errors.js';
import { readPickle, type PickleResult } from '../pickle/machine.js';
import { DCP_ENUMS } from '../pickle/safety-lists.js';
import type { GlobalFinding } from '../pickle/safety.js';
import { isPyDict, type PyDict, type PyObject, type PyValue } from '../pickle/values.js';
import type { PickleScan } from '../torch/container.js';

/** the file torch.distributed.checkpoint's FileSystemReader reads first, naming every other */
export const DCP_METADATA_FILE = '.metadata';

export interface DcpChunkMeta {
  offsets: number[];
  sizes: number[];
}

export interface DcpTensorMeta {
  kind: 'tensor';
  dtype: DType;
  /** the global shape */
  size: number[];
  requiresGrad: boolean;
  chunks: DcpChunkMeta[];
}

export interface DcpBytesMeta {
  kind: 'bytes';
}

/** _StorageInfo: where one item (a chunk, or a bytes item) is. */
export interface DcpStorageInfo {
  relativePath: string;
  offset: number;
  length: number;
  /** torch ≥ 2.8 stream transforms (compression…); absent or empty when the bytes are as written */
  transforms: string[];
}

export interface DcpStorageEntry {
  fqn: string;
  /** the chunk's offsets (MetadataIndex.offset); null for a bytes item */
  offset: number[] | null;
  info: DcpStorageInfo;
}

export interface DcpMetadata {
  /** state_dict_metadata, in pickle order: flattened key → what it is */
  items: Map<string, DcpTensorMeta | DcpBytesMeta>;
  storage: DcpStorageEntry[];
  /** planner_data as flatten_state_dict writes it (fqn → path in the nested state dict), when it is that */
  paths: Map<string, (string | number)[]> | null;
  /** what planner_data is: none (torch 1.12-1.13, or a planner that does not flatten), the path mapping, or something else */
  plannerData: 'none' | 'paths' | 'other';
  version: string | null;
  /** which torch wrote it: 'torch.distributed.checkpoint' or the 1.12-1.13 'torch.distributed._shard.checkpoint' */
  module: string;
  saveId: string | null;
}

const META_MODULES = ['torch.distributed.checkpoint.metadata', 'torch.distributed._shard.checkpoint.metadata'];
const STORAGE_INFO = ['torch.distributed.checkpoint.filesystem._StorageInfo', 'torch.distributed._shard.checkpoint.filesystem._StorageInfo'];
const PROPERTIES = ['torch.distributed.checkpoint.metadata.TensorProperties', 'torch.distributed._shard.sharded_tensor.metadata.TensorProperties'];

/** A pickled object's class as `module.name`, when it is a call of a global. */
function classOf(v: PyValue): string | null {
  if (typeof v !== 'object' || v === null || v.kind !== 'object') return null;
  const c = v.callable;
  return typeof c === 'object' && c !== null && c.kind === 'global' ? `${c.module}.${c.name}` : null;
}

class Reader {
  constructor(private readonly file: string) {}

  fail(msg: string): never {
    throw new FormatError(this.file, `DCP .metadata: ${msg}`);
  }

  /** A dataclass instance of one of `classes`: its BUILD dict as a map. */
  dataclass(v: PyValue, classes: readonly string[], what: string): Map<string, PyValue> {
    const cls = classOf(v);
    if (cls === null || !classes.includes(cls)) this.fail(`${what} is ${cls ?? describe(v)}, not ${classes.join(' or ')}`);
    const obj = v as PyObject;
    const fields = new Map<string, PyValue>();
    for (const s of obj.states) {
      if (!isPyDict(s)) this.fail(`${what} (${cls}) has a non-dict state`);
      for (const [k, val] of s.entries) if (typeof k === 'string') fields.set(k, val);
    }
    return fields;
  }

  int(v: PyValue, what: string): number {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
    return this.fail(`${what} is ${describe(v)}, not a non-negative integer`);
  }

  str(v: PyValue, what: string): string {
    return typeof v === 'string' ? v : this.fail(`${what} is ${describe(v)}, not a string`);
  }

  /** torch.Size(tuple) as pickled (a reduce of torch.Size), or a plain tuple/list of ints. */
  size(v: PyValue, what: string): number[] {
    let items: PyValue[] | null = null;
    if (typeof v === 'object' && v !== null) {
      if (v.kind === 'tuple' || v.kind === 'list') items = v.items;
      else if (classOf(v) === 'torch.Size') {
        const a = (v as PyObject).args[0];
        if (a === undefined) items = [];
        else if (typeof a === 'object' && a !== null && (a.kind === 'tuple' || a.kind === 'list')) items = a.items;
      }
    }
    if (items === null) return this.fail(`${what} is ${describe(v)}, not a torch.Size`);
    return items.map((x, i) => this.int(x, `${what}[${i}]`));
  }

  dict(v: PyValue, what: string): PyDict {
    return isPyDict(v) ? v : this.fail(`${what} is ${describe(v)}, not a dict`);
  }
}

function describe(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v !== 'object') return typeof v === 'string' ? `the string ${JSON.stringify(v.slice(0, 40))}` : `${typeof v} ${String(v)}`;
  if (v.kind === 'global') return `the global ${v.module}.${v.name}`;
  const cls = classOf(v);
  return cls ? `a ${cls}` : `a ${v.kind}`;
}

function tensorMeta(r: Reader, fqn: string, v: PyValue, module: string): DcpTensorMeta | DcpBytesMeta {
  const cls = classOf(v);
  if (cls === `${module}.BytesStorageMetadata`) return { kind: 'bytes' };
  const f = r.dataclass(v, [`${module}.TensorStorageMetadata`], `state_dict_metadata["${fqn}"]`);
  const props = f.get('properties');
  const pcls = classOf(props ?? null);
  if (pcls === null || !PROPERTIES.includes(pcls)) r.fail(`"${fqn}".properties is ${describe(props ?? null)}, not TensorProperties`);
  // TensorProperties.__getstate__: (dtype, layout, requires_grad, memory-format enum, pin_memory)
  const state = (props as PyObject).states[0];
  const tuple = typeof state === 'object' && state !== null && state.kind === 'tuple' ? state.items : null;
  const dtypeGlobal = tuple?.[0];
  const dtype = typeof dtypeGlobal === 'object' && dtypeGlobal !== null && dtypeGlobal.kind === 'global' && dtypeGlobal.module === 'torch'
    ? dtypeOfTorchGlobal(dtypeGlobal.name) : undefined;
  if (!dtype) r.fail(`"${fqn}".properties does not name a torch dtype`);
  const size = r.size(f.get('size') ?? null, `"${fqn}".size`);
  const chunksV = f.get('chunks');
  if (typeof chunksV !== 'object' || chunksV === null || chunksV.kind !== 'list') r.fail(`"${fqn}".chunks is not a list`);
  const chunks = (chunksV as { items: PyValue[] }).items.map((c, i) => {
    const cf = r.dataclass(c, [`${module}.ChunkStorageMetadata`], `"${fqn}".chunks[${i}]`);
    return { offsets: r.size(cf.get('offsets') ?? null, `"${fqn}".chunks[${i}].offsets`), sizes: r.size(cf.get('sizes') ?? null, `"${fqn}".chunks[${i}].sizes`) };
  });
  return { kind: 'tensor', dtype: dtype!, size, requiresGrad: tuple?.[2] === true, chunks };
}

/** planner_data when it is flatten_state_dict's mapping (fqn → tuple of str/int); otherwise null. */
function plannerPaths(v: PyValue | undefined): Map<string, (string | number)[]> | null {
  if (!isPyDict(v ?? null)) return null;
  const out = new Map<string, (string | number)[]>();
  for (const [k, p] of (v as PyDict).entries) {
    if (typeof k !== 'string' || typeof p !== 'object' || p === null || (p.kind !== 'tuple' && p.kind !== 'list')) return null;
    if (p.items.length === 0 || !p.items.every((x) => typeof x === 'string' || (typeof x === 'number' && Number.isSafeInteger(x)))) return null;
    out.set(k, p.items as (string | number)[]);
  }
  return out;
}

/**
 * Python ≥ 3.11 pickles an Enum member as `getattr(EnumClass, 'MEMBER')`, so a .metadata written there
 * imports builtins.getattr (dangerous in general: getattr(os, 'system')). It is accepted here, and only
 * when every getattr call is exactly that: a DCP memory-format enum and one of its member names. Returns
 * the findings that replace getattr's, or null when getattr is used any other way.
 */
function enumGetattrs(r: PickleResult, calls: PyObject[]): GlobalFinding[] | null {
  const uses = calls.filter((c) => classOf(c) === 'builtins.getattr');
  if (uses.length === 0) return null;
  for (const c of uses) {
    const [cls, member] = c.args;
    const enumName = typeof cls === 'object' && cls !== null && cls.kind === 'global' ? `${cls.module}.${cls.name}` : null;
    if (c.via !== 'reduce' || c.args.length !== 2 || c.kwargs !== null || enumName === null || typeof member !== 'string') return null;
    if (!DCP_ENUMS.get(enumName)?.includes(member)) return null;
  }
  if (r.anomalies.length > 0) return null;
  return [{ module: 'builtins', name: 'getattr', verdict: 'safe', where: '.metadata', reason: `only as getattr(<DCP memory-format enum>, <member>), how Python ≥ 3.11 pickles an Enum member (${uses.length} call(s))` }];
}

export interface DcpMetadataRead {
  /** null when the pickle is broken or is not a DCP Metadata (the reason is in `error`) */
  meta: DcpMetadata | null;
  error: FormatError | null;
  /** for the safety report, whether or not the metadata could be interpreted */
  scan: PickleScan;
  /** the pickle's symbolic value (what an in-place rename rewrites) */
  value: PyValue | undefined;
}

/**
 * Reads `.metadata`. A pickle that is broken or holds something else is not thrown but returned
 * (meta null, `error` set) so the safety report of a malicious file survives.
 */
export function readDcpMetadata(src: ByteSource, file: string): DcpMetadataRead {
  const calls: PyObject[] = [];
  const res = readPickle(src, 0, { where: '.metadata', onCall: (c) => calls.push(c) });
  const getattrOk = enumGetattrs(res, calls);
  const globals = getattrOk ? res.globals.filter((g) => !(g.module === 'builtins' && g.name === 'getattr')) : res.globals;
  const scan: PickleScan = { where: '.metadata', protocol: res.protocol, globals, anomalies: res.anomalies, error: res.error, ...(getattrOk ? { extra: getattrOk } : {}) };
  if (res.error || res.value === undefined) {
    return { meta: null, scan, value: res.value, error: new FormatError(file, `DCP .metadata is not a readable pickle: ${res.error?.message ?? 'no value'}`) };
  }
  try {
    return { meta: interpret(res.value, file), scan, value: res.value, error: null };
  } catch (e) {
    if (e instanceof FormatError) return { meta: null, scan, value: res.value, error: e };
    throw e;
  }
}

function interpret(value: PyValue, file: string): DcpMetadata {
  const r = new Reader(file);
  const res = { value };
  const top = classOf(res.value);
  const module = META_MODULES.find((m) => top === `${m}.Metadata`);
  if (!module) r.fail(`the pickle holds ${describe(res.value)}, not torch.distributed.checkpoint's Metadata`);
  const f = r.dataclass(res.value, [`${module}.Metadata`], 'the pickle');
  const sdm = r.dict(f.get('state_dict_metadata') ?? null, 'state_dict_metadata');
  const items = new Map<string, DcpTensorMeta | DcpBytesMeta>();
  for (const [k, v] of sdm.entries) {
    const fqn = r.str(k, 'a state_dict_metadata key');
    items.set(fqn, tensorMeta(r, fqn, v, module!));
  }
  const storage: DcpStorageEntry[] = [];
  for (const [k, v] of r.dict(f.get('storage_data') ?? null, 'storage_data').entries) {
    const idx = r.dataclass(k, [`${module}.MetadataIndex`], 'a storage_data key');
    const fqn = r.str(idx.get('fqn') ?? null, 'MetadataIndex.fqn');
    const off = idx.get('offset');
    const si = r.dataclass(v, STORAGE_INFO, `storage_data["${fqn}"]`);
    const td = si.get('transform_descriptors');
    const transforms = td === undefined || td === null ? [] : typeof td === 'object' && (td.kind === 'list' || td.kind === 'tuple') ? td.items.map((x) => r.str(x, 'a transform descriptor')) : r.fail(`storage_data["${fqn}"].transform_descriptors is ${describe(td)}`);
    storage.push({
      fqn,
      offset: off === undefined || off === null ? null : r.size(off, `MetadataIndex("${fqn}").offset`),
      info: {
        relativePath: r.str(si.get('relative_path') ?? null, `storage_data["${fqn}"].relative_path`),
        offset: r.int(si.get('offset') ?? null, `storage_data["${fqn}"].offset`),
        length: r.int(si.get('length') ?? null, `storage_data["${fqn}"].length`),
        transforms,
      },
    });
  }
  const version = f.get('version');
  const sm = f.get('storage_meta');
  let saveId: string | null = null;
  if (sm !== undefined && sm !== null && classOf(sm) === `${module}.StorageMeta`) {
    const s = r.dataclass(sm, [`${module}.StorageMeta`], 'storage_meta').get('save_id');
    if (typeof s === 'string') saveId = s;
  }
  const planner = f.get('planner_data');
  const paths = plannerPaths(planner);
  return { items, storage, paths, plannerData: planner === undefined || planner === null ? 'none' : paths ? 'paths' : 'other', version: typeof version === 'string' ? version : null, module: module!.replace(/\.metadata$/, ''), saveId };
}
