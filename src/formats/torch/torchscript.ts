import { ownRow } from '../own-row.js';
import { itemSize, type DType } from '../dtype.js';
import { FormatError } from '../errors.js';
import type { PyDict, PyObject, PyTensor, PyValue } from '../pickle/values.js';
import { contiguousStrides, numel, type TensorInfo } from '../tensor.js';
import { entryLocation, readEntry, type ZipArchive } from '../zip/reader.js';
import { archiveFacts, readTorchArchive, scanOtherPickles, type TorchRecord } from './archive.js';
import type { PickleScan, TorchFile } from './container.js';

/**
 * TorchScript archives (torch.jit.save): `<folder>/data.pkl` is the module object tree — objects of
 * `__torch__.…` classes whose BUILD state is a dict of attributes (parameters, buffers, submodules,
 * `training` flags) — with storages in `<folder>/data/` as in torch.save archives. The checkpoint's
 * root is the state-dict view of that tree, named by module path as
 * `torch.jit.load(f).state_dict()` names them; the module tree is kept as the view's `original`.
 *
 * Every tensor attribute is listed: without reading code/ there is no telling a buffer from a plain
 * tensor attribute. Tensors inside non-module objects (quantized packed params, whose state is a
 * tuple) are named by their position: `fc._packed_params._packed_params.0`.
 */
export function readTorchScript(zip: ZipArchive, file: string, record: TorchRecord): TorchFile {
  const lead = `TorchScript archive, record folder '${record.prefix}'${zip.byName.has(`${record.prefix}bytecode.pkl`) ? ' (lite interpreter: bytecode.pkl)' : ''}`;
  const tf = readTorchArchive(zip, file, record, 'torchscript', lead);
  if (tf.root === null) return tf;
  const module = tf.root;
  const view = stateDictView(module);
  if (typeof module === 'object' && module !== null && module.kind === 'object') view.original = module;
  else tf.detail.push('data.pkl does not hold a module object');
  return { ...tf, root: view };
}

function isModuleObject(v: PyValue): boolean {
  return typeof v === 'object' && v !== null && v.kind === 'object' && typeof v.callable === 'object' && v.callable !== null
    && v.callable.kind === 'global' && v.callable.module.startsWith('__torch__') && attributesOf(v as PyObject) !== null;
}

function attributesOf(o: PyObject): PyDict | null {
  const s = o.states[o.states.length - 1];
  return typeof s === 'object' && s !== null && s.kind === 'dict' ? s : null;
}

/** Iterative, identity-guarded: shared submodules are named once per path, cycles are cut. */
export function stateDictView(root: PyValue): PyDict {
  const view: PyDict = { kind: 'dict', entries: [] };
  const onPath = new Set<object>();
  type Frame = { value: PyValue; name: string; exit?: object };
  const stack: Frame[] = [{ value: root, name: '' }];
  const join = (a: string, b: string | number): string => (a === '' ? String(b) : `${a}.${b}`);
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (f.exit) {
      onPath.delete(f.exit);
      continue;
    }
    const v = f.value;
    if (typeof v !== 'object' || v === null) continue;
    if (v.kind === 'tensor') {
      view.entries.push([f.name, v]);
      continue;
    }
    if (onPath.has(v)) continue;
    const children: [string | number, PyValue][] = [];
    if (isModuleObject(v)) {
      for (const [k, x] of attributesOf(v as PyObject)!.entries) if (typeof k === 'string') children.push([k, x]);
    } else if (v.kind === 'object') {
      const states = v.states.length === 1 ? [v.states[0]!] : v.states;
      states.forEach((s, i) => children.push([states.length === 1 ? '' : i, s]));
      v.listItems.forEach((x, i) => children.push([i, x]));
      for (const [k, x] of v.dictItems) children.push([String(k), x]);
    } else if (v.kind === 'tuple' || v.kind === 'list') {
      v.items.forEach((x, i) => children.push([i, x]));
    } else if (v.kind === 'dict') {
      for (const [k, x] of v.entries) children.push([typeof k === 'string' ? k : String(k), x]);
    } else continue;
    onPath.add(v);
    stack.push({ value: null, name: '', exit: v });
    for (let i = children.length - 1; i >= 0; i--) {
      const [k, x] = children[i]!;
      stack.push({ value: x, name: k === '' ? f.name : join(f.name, k) });
    }
  }
  return view;
}

// --- PyTorch 1.0 `model.json` archives ---------------------------------------------------------

interface JsonTensor { dims?: string[]; offset?: string; strides?: string[]; requiresGrad?: boolean; dataType?: string; data?: { key?: string }; device?: string }
interface JsonModule { name?: string; parameters?: { name?: string; tensorId?: string }[]; submodules?: JsonModule[] }

const JSON_DTYPES: Record<string, DType> = {
  FLOAT: 'float32', DOUBLE: 'float64', HALF: 'float16', INT64: 'int64', INT32: 'int32', INT16: 'int16', INT8: 'int8', UINT8: 'uint8', BOOL: 'bool',
};

/** PyTorch 1.0 wrote `<folder>/model.json` (tensors with dims/strides/dataType, module parameters) + `tensors/N`. */
export function readModelJson(zip: ZipArchive, file: string, prefix: string): TorchFile {
  const e = zip.byName.get(`${prefix}model.json`)!;
  const detail = [`TorchScript archive, PyTorch 1.0 model.json layout, record folder '${prefix}'`, ...archiveFacts(zip, prefix)];
  const scans: PickleScan[] = [];
  const warnings: string[] = [];
  scanOtherPickles(zip, file, new Set(), scans, warnings, `${prefix}tensors/`);
  let doc: { tensors?: JsonTensor[]; mainModule?: JsonModule };
  try {
    doc = JSON.parse(new TextDecoder('utf-8').decode(readEntry(zip, e, { maxBytes: 64 << 20 }))) as typeof doc;
  } catch (err) {
    const error = err instanceof FormatError ? err : new FormatError(file, `${e.name} is not valid JSON: ${(err as Error).message}`);
    return { format: 'torchscript', detail: [...detail, `old TorchScript layout: tensors not listed (${error.message})`], root: null, error, pickles: scans };
  }
  const tensors = (Array.isArray(doc.tensors) ? doc.tensors : []).map((t, i) => jsonTensor(zip, file, prefix, t, i, warnings));
  const view: PyDict = { kind: 'dict', entries: [] };
  const named = new Set<number>();
  const stack: [JsonModule, string][] = doc.mainModule ? [[doc.mainModule, '']] : [];
  while (stack.length > 0) {
    const [m, path] = stack.pop()!;
    for (const p of m.parameters ?? []) {
      const id = Number(p.tensorId);
      const t = tensors[id];
      if (t && typeof p.name === 'string') {
        view.entries.push([path + p.name, t]);
        named.add(id);
      }
    }
    const subs = m.submodules ?? [];
    for (let i = subs.length - 1; i >= 0; i--) stack.push([subs[i]!, `${path}${subs[i]!.name ?? i}.`]);
  }
  tensors.forEach((t, i) => {
    if (t && !named.has(i)) view.entries.push([`tensors/${i}`, t]);
  });
  return { format: 'torchscript', detail: [...detail, ...new Set(warnings)], root: view, error: null, pickles: scans };
}

function jsonTensor(zip: ZipArchive, file: string, prefix: string, t: JsonTensor, i: number, warnings: string[]): PyTensor | null {
  const dtype = t.dataType ? ownRow(JSON_DTYPES, t.dataType) : undefined;
  const shape = (t.dims ?? []).map(Number);
  const stride = t.strides ? t.strides.map(Number) : contiguousStrides(shape);
  if (!dtype || shape.some((d) => !Number.isSafeInteger(d) || d < 0) || stride.length !== shape.length) {
    warnings.push(`model.json tensor ${i} (${t.dataType ?? '?'}) not understood`);
    return null;
  }
  const key = t.data?.key ?? '';
  const entry = zip.byName.get(prefix + key);
  let bytes: TensorInfo['storage']['bytes'] = null;
  if (entry) {
    try {
      bytes = entryLocation(zip, entry, file);
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      warnings.push(err.message);
    }
  } else warnings.push(`tensor record ${prefix}${key} is missing`);
  const info: TensorInfo = {
    kind: 'tensor', dtype, shape, stride, storageOffset: Number(t.offset ?? 0) || 0, requiresGrad: t.requiresGrad === true,
    storage: { key, dtype, numel: entry ? Math.floor(entry.size / itemSize(dtype)) : numel(shape), device: t.device ?? 'cpu', bytes },
  };
  return { kind: 'tensor', info, original: null };
}
