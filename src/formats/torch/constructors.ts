import { dtypeOfTorchGlobal, itemSize, type DType } from '../dtype.js';
import type { PyBytes, PyDict, PyGlobal, PyObject, PyTensor, PyValue } from '../pickle/values.js';
import { isGlobal } from '../pickle/values.js';
import { contiguousStrides, numel, type Quantization, type TensorInfo, type TensorKind } from '../tensor.js';
import type { InterpretState, ResolvedStorage } from './interpret.js';
import { decodeNumpyScalar, isNumpyCore, readNdarrayState } from './numpy-values.js';
import { asCount, asText, parsePersistentId, tupleItems } from './storage-pid.js';

/**
 * The callables torch.save and numpy use to rebuild values, interpreted symbolically (see
 * torch/_utils.py, torch/_tensor.py, torch/nn/parameter.py). A constructor returns the interpreted
 * value, or null to keep the call as a PyObject (unknown callable, or arguments that do not fit: a
 * crafted file must not make interpretation fail, it just stays symbolic).
 *
 * `call` has interpreted arguments; `original` is the untouched symbolic call, kept in the result.
 */
export type Constructor = (call: PyObject, original: PyObject, st: InterpretState) => PyValue | null;

const TORCH_UTILS = 'torch._utils';

/** where the rebuild calls keep requires_grad and the dtype (v3 only), by argument index */
export interface RebuildLayout {
  grad: number | null;
  dtypeAt: number | null;
}
const REBUILD_V1: RebuildLayout = { grad: null, dtypeAt: null };
const REBUILD_V2: RebuildLayout = { grad: 4, dtypeAt: null };
const REBUILD_V3: RebuildLayout = { grad: 4, dtypeAt: 6 };

const CONSTRUCTORS = new Map<string, Constructor>([
  [`${TORCH_UTILS}._rebuild_tensor`, (c, o, st) => rebuildTensor(c.args, o, st, REBUILD_V1)],
  [`${TORCH_UTILS}._rebuild_tensor_v2`, (c, o, st) => rebuildTensor(c.args, o, st, REBUILD_V2)],
  [`${TORCH_UTILS}._rebuild_tensor_v3`, (c, o, st) => rebuildTensor(c.args, o, st, REBUILD_V3)],
  [`${TORCH_UTILS}._rebuild_qtensor`, (c, o, st) => rebuildQTensor(c.args, o, st)],
  [`${TORCH_UTILS}._rebuild_parameter`, (c, o) => asParameter(c.args[0], c.args[1], o)],
  [`${TORCH_UTILS}._rebuild_parameter_with_state`, (c, o) => asParameter(c.args[0], c.args[1], o)],
  // before torch 0.4, Parameter pickled as REDUCE(Parameter, (data, requires_grad))
  ['torch.nn.parameter.Parameter', (c, o) => asParameter(c.args[0], c.args[1] ?? true, o)],
  [`${TORCH_UTILS}._rebuild_device_tensor_from_numpy`, (c, o) => tensorFromNumpy(c.args, o)],
  [`${TORCH_UTILS}._rebuild_meta_tensor_no_storage`, (c, o) => metaTensor(c.args, o)],
  // tensor subclasses and tensors with Python attributes: (func, type, args, state)
  ['torch._tensor._rebuild_from_type_v2', (c, o, st) => applyInner(c.args[0], c.args[2], o, st)],
  ['torch._tensor._rebuild_from_type', (c, o, st) => applyInner(c.args[0], c.args[2], o, st)],
  ['torch.storage._load_from_bytes', (c, _o, st) => loadFromBytes(c, st)],
  ['torch.Size', (c) => (c.args[0] !== undefined && tupleItems(c.args[0]) ? { kind: 'tuple', items: tupleItems(c.args[0])! } : null)],
  ['collections.OrderedDict', (c, o) => asDict(c, o, true)],
  ['collections.defaultdict', (c, o) => asDict(c, o, false)],
  ['_codecs.encode', (c) => encodeLatin1(c.args[0], c.args[1])],
]);

/** The plain tensor rebuilds (`_rebuild_tensor`, `_v2`, `_v3`): what torch.save writes for every tensor of a state dict. */
const PLAIN_REBUILDS = new Map<string, RebuildLayout>([
  ['_rebuild_tensor', REBUILD_V1],
  ['_rebuild_tensor_v2', REBUILD_V2],
  ['_rebuild_tensor_v3', REBUILD_V3],
]);

/** The layout of `f`'s arguments when `f` is a plain tensor rebuild, else null. */
export function plainRebuildOf(f: PyGlobal): RebuildLayout | null {
  return f.module === TORCH_UTILS ? (PLAIN_REBUILDS.get(f.name) ?? null) : null;
}

const numpyReconstruct: Constructor = (c, o, st) => ndarray(c, o, st);
const numpyScalar: Constructor = (c) => (c.args.length === 2 ? decodeNumpyScalar(c.args[0]!, c.args[1]!) : null);

function constructorOf(f: PyGlobal): Constructor | null {
  if (isNumpyCore(f.module)) return f.name === '_reconstruct' ? numpyReconstruct : f.name === 'scalar' ? numpyScalar : null;
  return CONSTRUCTORS.get(`${f.module}.${f.name}`) ?? null;
}

export function construct(call: PyObject, original: PyObject, st: InterpretState): PyValue | null {
  const f = call.callable;
  if (typeof f !== 'object' || f === null || f.kind !== 'global') return null;
  // one lookup per distinct global, not one name built per call (100,000 tensor rebuilds share a global)
  let ctor = st.constructors.get(f);
  if (ctor === undefined) {
    ctor = constructorOf(f);
    st.constructors.set(f, ctor);
  }
  return ctor ? ctor(call, original, st) : null;
}

/**
 * A shape or stride: the tuple's own items array when they are all plain counts (the usual case: no
 * copy, 100,000 tensors × 2), else an exact-size array of the counts; null when one is not a count.
 * Sharing is safe because the tree is immutable once read; nothing mutates a TensorInfo's arrays.
 */
function counts(v: PyValue | undefined): number[] | null {
  if (v === undefined) return null;
  const items = tupleItems(v);
  if (!items) return null;
  let plain = true;
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) continue;
    if (asCount(x!) === null) return null;
    plain = false; // a bigint count
  }
  if (plain) return items as number[];
  const out = new Array<number>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = asCount(items[i]!)!;
  return out;
}

function storageOf(v: PyValue | undefined, dtype: DType | null, st: InterpretState): ResolvedStorage | null {
  if (v === undefined || typeof v !== 'object' || v === null) return null;
  return resolveStorage(v, dtype, st, true);
}

/** The storage a node stands for: known already, or (for a persistent id) looked up, and then remembered if asked. */
function resolveStorage(v: Exclude<PyValue, null | boolean | number | bigint | string>, dtype: DType | null, st: InterpretState, remember: boolean): ResolvedStorage | null {
  const known = st.storages.size > 0 ? st.storages.get(v) : undefined;
  if (known) return known;
  if (v.kind !== 'persid') return null;
  const parsed = parsePersistentId(v.pid);
  if (parsed.kind !== 'storage') return null;
  // an untyped storage takes its dtype from the rebuild call (_rebuild_tensor_v3)
  const r = st.ctx.storage(parsed.ref, parsed.ref.dtype ?? dtype);
  if (r && remember) st.storages.set(v, r);
  return r;
}

/**
 * A plain tensor rebuild read straight from its symbolic call, before (and instead of) interpreting
 * its arguments: the interpreter's fast path for the 100,000 rebuilds of a large state dict. Returns
 * null, having done nothing, unless the call is exactly what `rebuildTensor` would turn into a tensor
 * AND interpreting its arguments could neither change that tensor nor have any effect of its own
 * (a warning, a storage or ndarray met, a nested tensor): every argument but the storage is inert (see
 * `inert`), and the storage is a persistent id naming a storage. Then the result is the one the full
 * path gives, since `rebuildTensor` reads those arguments the same way uninterpreted, and the storage
 * is resolved at the same point of the walk (it is the first argument to be interpreted).
 *
 * The one effect left is the storage lookup; a lookup that finds nothing is pure (InterpretContext),
 * so the full path can follow when it does. `pidMayRecur`: the persistent id may be met again elsewhere
 * in the tree (it is shared), so its resolution is remembered for it; else it is not (100,000 map entries
 * nobody would read).
 */
export function directRebuild(call: PyObject, layout: RebuildLayout, st: InterpretState, pidMayRecur: boolean): PyTensor | null {
  if (call.kwargs !== null || call.states.length > 0 || call.listItems.length > 0 || call.dictItems.length > 0) return null;
  const args = call.args;
  if (args.length < 4) return null;
  const pid = args[0]!;
  if (typeof pid !== 'object' || pid === null || pid.kind !== 'persid' || !inert(pid.pid, 2)) return null;
  for (let i = 1; i < args.length; i++) if (!inert(args[i]!, 1)) return null;
  const dtype = rebuildDtype(args, layout);
  if (dtype === false) return null;
  const offset = asCount(args[1]!);
  const shape = counts(args[2]);
  const stride = counts(args[3]);
  if (offset === null || !shape || !stride || shape.length !== stride.length) return null;
  const storage = resolveStorage(pid, dtype, st, pidMayRecur);
  if (!storage) return null;
  const info: TensorInfo = {
    kind: 'tensor',
    dtype: dtype ?? storage.info.dtype,
    shape,
    stride,
    storageOffset: storage.offset + offset,
    storage: storage.info,
    requiresGrad: layout.grad !== null && args[layout.grad] === true,
  };
  return { kind: 'tensor', info, original: call };
}

/**
 * Values whose interpretation is themselves, or a dict nobody looks at, with no effect: primitives,
 * floats, bytes, globals, tuples and lists of such values (`depth` levels deep), and the empty
 * `OrderedDict()` torch writes as a tensor's backward hooks.
 */
function inert(v: PyValue, depth: number): boolean {
  if (typeof v !== 'object' || v === null) return true;
  switch (v.kind) {
    case 'float':
    case 'bytes':
    case 'global':
    case 'ext':
      return true;
    case 'tuple':
    case 'list': {
      if (depth === 0) return false;
      const items = v.items;
      for (let i = 0; i < items.length; i++) if (!inert(items[i]!, depth - 1)) return false;
      return true;
    }
    case 'object':
      return (
        v.args.length === 0 && v.kwargs === null && v.states.length === 0 && v.listItems.length === 0 && v.dictItems.length === 0 &&
        isGlobal(v.callable, 'collections', 'OrderedDict')
      );
    default:
      return false;
  }
}

/** The dtype a v3 rebuild names (null for v1/v2, whose storage says it); false when it names none torch has. */
function rebuildDtype(args: readonly PyValue[], layout: RebuildLayout): DType | null | false {
  if (layout.dtypeAt === null) return null;
  const g = args[layout.dtypeAt];
  if (!g || !isGlobal(g, 'torch')) return false;
  return dtypeOfTorchGlobal(g.name) ?? false;
}

function rebuildTensor(
  args: PyValue[],
  original: PyObject,
  st: InterpretState,
  layout: RebuildLayout,
  kind: TensorKind = 'tensor',
): PyTensor | null {
  const dtype = rebuildDtype(args, layout);
  if (dtype === false) return null;
  const storage = storageOf(args[0], dtype, st);
  const offset = args[1] === undefined ? null : asCount(args[1]);
  const shape = counts(args[2]);
  const stride = counts(args[3]);
  if (!storage || offset === null || !shape || !stride || shape.length !== stride.length) {
    st.ctx.warn(`a tensor rebuild call with arguments that do not describe a tensor was kept as a call`);
    return null;
  }
  const requiresGrad = layout.grad !== null && args[layout.grad] === true;
  const info: TensorInfo = {
    kind,
    dtype: dtype ?? storage.info.dtype,
    shape,
    stride,
    storageOffset: storage.offset + offset,
    storage: storage.info,
    requiresGrad,
  };
  return { kind: 'tensor', info, original };
}

/** `_rebuild_qtensor(storage, offset, size, stride, quantizer_params, requires_grad, backward_hooks)` */
function rebuildQTensor(args: PyValue[], original: PyObject, st: InterpretState): PyTensor | null {
  const t = rebuildTensor([args[0]!, args[1]!, args[2]!, args[3]!, args[5] ?? false], original, st, REBUILD_V2, 'qtensor');
  if (!t) return null;
  const params = args[4] === undefined ? null : tupleItems(args[4]);
  const scheme = params?.[0];
  if (params && scheme && isGlobal(scheme, 'torch')) {
    const q: Quantization = { scheme: scheme.name };
    if (scheme.name.startsWith('per_tensor')) {
      const scale = params[1];
      if (typeof scale === 'number') q.scale = scale;
      else if (typeof scale === 'object' && scale !== null && scale.kind === 'float') q.scale = scale.value;
      if (typeof params[2] === 'number') q.zeroPoint = params[2];
    } else if (scheme.name.startsWith('per_channel')) {
      // the per-channel scales and zero points are tensors nested in the call: kept in `original`, not listed
      const axis = params[3] === undefined ? null : asCount(params[3]);
      if (axis !== null) q.axis = axis;
    }
    t.info.quantization = q;
  }
  return t;
}

function asParameter(data: PyValue | undefined, requiresGrad: PyValue | undefined, original: PyObject): PyTensor | null {
  if (typeof data !== 'object' || data === null || data.kind !== 'tensor') return null;
  const info: TensorInfo = { ...data.info, kind: data.info.kind === 'qtensor' ? 'qtensor' : 'parameter', requiresGrad: requiresGrad !== false };
  return { kind: 'tensor', info, original };
}

function applyInner(func: PyValue | undefined, args: PyValue | undefined, original: PyObject, st: InterpretState): PyValue | null {
  if (func === undefined || args === undefined) return null;
  const items = tupleItems(args);
  if (!items) return null;
  const inner: PyObject = { kind: 'object', via: 'reduce', callable: func, args: items, kwargs: null, states: [], listItems: [], dictItems: [] };
  const v = construct(inner, original, st);
  return v !== null && typeof v === 'object' && v.kind === 'tensor' ? v : null;
}

function loadFromBytes(call: PyObject, st: InterpretState): PyValue | null {
  const b = call.args[0];
  if (typeof b !== 'object' || b === null) return null; // io.BytesIO(int / str / None) raises: nothing is unpickled
  if (b.kind !== 'bytes') {
    st.ctx.payloadNotRead?.(b.kind === 'tensor' ? 'an array' : `a ${b.kind}`);
    return null;
  }
  const info = st.ctx.loadFromBytes(b as PyBytes);
  // the call stays a call in the tree; rebuilds that take it as their storage find it here
  if (info) st.storages.set(call, { info, offset: 0 });
  return null;
}

/** `_rebuild_device_tensor_from_numpy(data, dtype, device, requires_grad)` */
function tensorFromNumpy(args: PyValue[], original: PyObject): PyTensor | null {
  const data = args[0];
  const g = args[1];
  if (typeof data !== 'object' || data === null || data.kind !== 'tensor' || !g || !isGlobal(g, 'torch')) return null;
  const dtype = dtypeOfTorchGlobal(g.name);
  if (!dtype) return null;
  const device = args[2] === undefined ? null : asText(args[2]);
  const info: TensorInfo = { ...data.info, kind: 'tensor', dtype, requiresGrad: args[3] === true };
  if (device) info.storage = { ...info.storage, device };
  return { kind: 'tensor', info, original };
}

/** `_rebuild_meta_tensor_no_storage(dtype, size, stride, requires_grad)`: a tensor with no bytes at all. */
function metaTensor(args: PyValue[], original: PyObject): PyTensor | null {
  const g = args[0];
  const shape = counts(args[1]);
  const stride = counts(args[2]);
  if (!g || !isGlobal(g, 'torch') || !shape || !stride) return null;
  const dtype = dtypeOfTorchGlobal(g.name);
  if (!dtype) return null;
  const info: TensorInfo = {
    kind: 'tensor', dtype, shape, stride, storageOffset: 0, requiresGrad: args[3] === true,
    storage: { key: '', dtype, numel: 0, device: 'meta', bytes: null },
  };
  return { kind: 'tensor', info, original };
}

/**
 * OrderedDict pickles as REDUCE(OrderedDict, ()) + SETITEMS + BUILD({'_metadata': …}); py2-era files
 * pass the items as a list of pairs instead. The BUILD state is kept: load_state_dict reads
 * `_metadata` (BatchNorm version numbers).
 */
function asDict(call: PyObject, original: PyObject, keepState: boolean): PyDict | null {
  const d: PyDict = { kind: 'dict', entries: [], cls: call.callable as PyDict['cls'], original };
  const first = call.args[0];
  if (keepState && first !== undefined) {
    const pairs = tupleItems(first);
    if (!pairs) return null;
    for (const p of pairs) {
      const kv = tupleItems(p);
      if (!kv || kv.length !== 2) return null;
      d.entries.push([kv[0]!, kv[1]!]);
    }
  }
  const items = call.dictItems;
  // the usual OrderedDict() + SETITEMS: the pairs the interpreter just made are adopted, not copied
  if (d.entries.length === 0) d.entries = items !== original.dictItems ? items : items.slice();
  else for (const kv of items) d.entries.push(kv);
  if (keepState && call.states.length > 0) d.attrs = call.states[call.states.length - 1]!;
  return d;
}

/** Protocol 2 pickles `bytes` as `_codecs.encode(<latin-1 text>, 'latin1')`. */
function encodeLatin1(text: PyValue | undefined, encoding: PyValue | undefined): PyBytes | null {
  if (typeof text !== 'string') return null;
  const enc = typeof encoding === 'string' ? encoding.toLowerCase().replace(/[-_]/g, '') : '';
  if (enc !== 'latin1' && enc !== 'iso88591') return null;
  const data = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 255) return null;
    data[i] = c;
  }
  return { kind: 'bytes', flavor: 'bytes', length: data.length, data, fileOffset: null };
}

/** `numpy.core.multiarray._reconstruct(ndarray, (0,), b'b')` + BUILD (version, shape, dtype, fortran, rawdata). */
function ndarray(call: PyObject, original: PyObject, st: InterpretState): PyTensor | null {
  const s = readNdarrayState(call);
  if (!s || !s.dtype.dtype) return null; // object, string and record arrays are not tensors
  const raw = s.raw;
  if (typeof raw !== 'object' || raw === null || raw.kind !== 'bytes') return null;
  const n = numel(s.shape);
  const want = n * itemSize(s.dtype.dtype);
  if (raw.length !== want) {
    st.ctx.warn(`numpy array of shape (${s.shape.join(', ')}) ${s.dtype.code} holds ${raw.length} bytes, expected ${want}`);
    return null;
  }
  if (s.dtype.bigEndian) st.ctx.warn(`numpy array of dtype >${s.dtype.code} is big-endian`);
  const stride = s.fortran ? contiguousStrides([...s.shape].reverse()).reverse() : contiguousStrides(s.shape);
  const info: TensorInfo = {
    kind: 'ndarray',
    dtype: s.dtype.dtype,
    shape: s.shape,
    stride,
    storageOffset: 0,
    requiresGrad: false,
    storage: { key: `ndarray:${++st.ndarrays}`, dtype: s.dtype.dtype, numel: n, device: 'cpu', bytes: st.ctx.bytesLocation(raw as PyBytes) },
  };
  return { kind: 'tensor', info, original };
}
