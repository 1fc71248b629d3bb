import { dtypeOfStorageClass, type DType } from '../dtype.js';
import type { PyBytes, PyTuple, PyValue } from '../pickle/values.js';

/**
 * The persistent ids torch.save writes instead of storage bytes:
 *   zip / TorchScript: ('storage', storage_type, key, location, numel)
 *   legacy:            ('storage', storage_type, root_key, location, numel, view_metadata)
 * with view_metadata = (view_key, offset, view_numel) or None, and ('module', cls, file, source) in old
 * files that saved the source of each nn.Module class.
 */
export interface StorageRef {
  key: string;
  /** null for torch.UntypedStorage: the tensor rebuild says the dtype (v3) */
  dtype: DType | null;
  /** as recorded: `cpu`, `cuda:0` */
  device: string;
  numel: number | null;
  /** a legacy storage view: a slice of the root storage, in elements */
  view: { key: string; offset: number; numel: number } | null;
  /** the storage type as spelled in the file (`torch.FloatStorage`), for messages */
  typeName: string;
}

export type PersistentId =
  | { kind: 'storage'; ref: StorageRef }
  | { kind: 'module'; cls: PyValue }
  | { kind: 'unknown'; why: string };

export function parsePersistentId(pid: PyValue): PersistentId {
  const items = tupleItems(pid);
  if (!items || items.length === 0) return { kind: 'unknown', why: 'persistent id is not a tuple' };
  const tag = asText(items[0]!);
  if (tag === 'module') {
    return items.length >= 2 ? { kind: 'module', cls: items[1]! } : { kind: 'unknown', why: 'module persistent id without a class' };
  }
  if (tag !== 'storage') return { kind: 'unknown', why: `persistent id tag ${JSON.stringify(tag ?? typeof items[0])}` };
  if (items.length < 5) return { kind: 'unknown', why: `storage persistent id has ${items.length} fields, expected 5 or 6` };
  const type = items[1]!;
  const key = keyText(items[2]!);
  const device = asText(items[3]!);
  const numel = asCount(items[4]!);
  if (key === null || device === null) return { kind: 'unknown', why: 'storage persistent id with a non-string key or location' };
  const typeName = typeof type === 'object' && type !== null && type.kind === 'global' ? `${type.module}.${type.name}` : String(type);
  let dtype: DType | null = null;
  if (typeof type === 'object' && type !== null && type.kind === 'global') {
    if (type.name === 'UntypedStorage') dtype = null;
    else if (type.module === 'torch' || type.module === 'torch.cuda') {
      const d = dtypeOfStorageClass(type.name);
      if (!d) return { kind: 'unknown', why: `unknown storage type ${typeName}` };
      dtype = d;
    } else return { kind: 'unknown', why: `unknown storage type ${typeName}` };
  } else return { kind: 'unknown', why: `storage type is not a class reference` };
  let view: StorageRef['view'] = null;
  const viewItems = items.length >= 6 ? tupleItems(items[5]!) : null;
  if (viewItems && viewItems.length === 3) {
    const vk = keyText(viewItems[0]!);
    const off = asCount(viewItems[1]!);
    const vn = asCount(viewItems[2]!);
    if (vk !== null && off !== null && vn !== null) view = { key: vk, offset: off, numel: vn };
  }
  return { kind: 'storage', ref: { key, dtype, device, numel, view, typeName } };
}

export function tupleItems(v: PyValue): PyValue[] | null {
  if (typeof v !== 'object' || v === null) return null;
  if (v.kind === 'tuple' || v.kind === 'list') return (v as PyTuple).items;
  return null;
}

/** str, or py2 byte strings that torch decodes as ASCII (`_maybe_decode_ascii`). */
export function asText(v: PyValue): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && v.kind === 'bytes' && v.data) return latin1(v as PyBytes);
  return null;
}

function keyText(v: PyValue): string | null {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return asText(v);
}

/** A non-negative safe integer, or null. */
export function asCount(v: PyValue): number | null {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  if (typeof v === 'bigint' && v >= 0n && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  return null;
}

function latin1(b: PyBytes): string {
  let s = '';
  const d = b.data!;
  for (let i = 0; i < d.length; i++) s += String.fromCharCode(d[i]!);
  return s;
}
