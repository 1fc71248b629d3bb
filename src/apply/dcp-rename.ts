/**
 * Renaming a torch.distributed.checkpoint in place: only `.metadata` changes. Its keys
 * (state_dict_metadata, storage_data's MetadataIndex.fqn, planner_data) are renamed or dropped and the
 * pickle is written back with the same classes; the .distcp files, which hold the chunks by position and
 * never by name (torch_save serialization), are not touched. The new `.metadata` is checked by reading
 * it back, written beside the old one, fsynced and renamed over it (atomic on one file system), as
 * torch's own FileSystemWriter.finish does.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BufferSource, FileSource } from '../formats/byte-source.js';
import { readDcpMetadata, type DcpMetadata } from '../formats/dcp/metadata.js';
import { FormatError } from '../formats/errors.js';
import { writePickle } from '../formats/pickle/writer.js';
import { isPyDict, type PyDict, type PyObject, type PyValue } from '../formats/pickle/values.js';

type KeyPathStep = string | number;

/** What happens to one DCP item: a new fqn and planner path, or null (dropped). */
export type DcpRenames = Map<string, { fqn: string; path: KeyPathStep[] } | null>;

export interface DcpRenameResult {
  metadataFile: string;
  renamed: number;
  dropped: number;
  bytes: number;
}

/**
 * The renames a plan's key changes make in DCP terms. `select` is the state dict the plan works on
 * (['model'] for a checkpoint saved as {'model': …}); `mapping` is source key → new key or null.
 */
export function dcpRenames(meta: DcpMetadata, select: readonly KeyPathStep[], mapping: ReadonlyMap<string, string | null>, file: string): DcpRenames {
  const byPath = new Map<string, string>();
  for (const [fqn, path] of meta.paths ?? []) byPath.set(JSON.stringify(path), fqn);
  const fqnOf = (key: string): string | undefined => (meta.paths ? byPath.get(JSON.stringify([...select, key])) : [...select, key].join('.'));
  const out: DcpRenames = new Map();
  for (const [from, to] of mapping) {
    const fqn = fqnOf(from);
    if (fqn === undefined || !meta.items.has(fqn)) throw new FormatError(file, `the plan renames "${from}", which this DCP checkpoint does not hold`);
    if (to === null) {
      out.set(fqn, null);
      continue;
    }
    const path = [...select, to];
    // flatten_state_dict names an item by its path joined with dots
    out.set(fqn, { fqn: meta.paths ? path.join('.') : [...select, to].join('.'), path });
  }
  const after = new Set<string>();
  for (const fqn of meta.items.keys()) {
    const r = out.has(fqn) ? out.get(fqn)! : { fqn };
    if (r === null) continue;
    if (after.has(r.fqn)) throw new FormatError(file, `renaming would give two items the key "${r.fqn}"`);
    after.add(r.fqn);
  }
  return out;
}

/**
 * Optimizer state the in-place rename leaves under the parameters' old names (review19 F6): DCP's
 * get_state_dict keys it by parameter FQN (`app.optim.state.<fqn>.exp_avg`) and lists those FQNs in
 * `param_groups` (a bytes item inside the data files, which .metadata cannot rename). The items whose
 * path holds `state` then a parameter the plan renames, outside the model's own state dict.
 */
export function optimizerStateLeftBehind(meta: DcpMetadata, select: readonly KeyPathStep[], mapping: ReadonlyMap<string, string | null>): string[] {
  const renamed = new Set([...mapping].filter(([from, to]) => to !== null && to !== from).map(([from]) => from));
  if (renamed.size === 0) return [];
  const model = JSON.stringify(select).slice(0, -1);
  const out: string[] = [];
  for (const fqn of meta.items.keys()) {
    const path = meta.paths?.get(fqn);
    if (path) {
      if (select.length > 0 && JSON.stringify(path.slice(0, select.length)).slice(0, -1) === model) continue;
      if (path.some((p, i) => p === 'state' && typeof path[i + 1] === 'string' && renamed.has(path[i + 1] as string))) out.push(fqn);
      continue;
    }
    // no planner paths (torch 1.13's flat keys): `…state.<fqn>.<stat>` read off the dotted name
    for (let i = fqn.indexOf('state.'); i >= 0; i = fqn.indexOf('state.', i + 1)) {
      if (i > 0 && fqn[i - 1] !== '.') continue;
      const rest = fqn.slice(i + 'state.'.length);
      if (renamed.has(rest.slice(0, rest.lastIndexOf('.')))) {
        out.push(fqn);
        break;
      }
    }
  }
  return out;
}

function fieldsOf(obj: PyObject): PyDict {
  const s = obj.states[0];
  if (obj.states.length !== 1 || s === undefined || !isPyDict(s)) throw new FormatError('', 'DCP .metadata: an object without a dict state cannot be rewritten');
  return s;
}

/** The object with its BUILD dict's entries replaced. */
function withFields(obj: PyObject, entries: [PyValue, PyValue][]): PyObject {
  return { ...obj, states: [{ ...fieldsOf(obj), entries }] };
}

function fqnOfIndex(idx: PyValue): string | null {
  if (typeof idx !== 'object' || idx === null || idx.kind !== 'object') return null;
  const f = fieldsOf(idx).entries.find(([k]) => k === 'fqn')?.[1];
  return typeof f === 'string' ? f : null;
}

/** The Metadata pickle's value with `renames` applied to its three key-bearing fields. */
export function renameMetadataValue(value: PyValue, renames: DcpRenames): PyValue {
  const md = value as PyObject;
  const fields = fieldsOf(md).entries.map(([name, v]): [PyValue, PyValue] => {
    if (!isPyDict(v)) return [name, v];
    if (name === 'state_dict_metadata' || name === 'planner_data') {
      const entries: [PyValue, PyValue][] = [];
      for (const [k, item] of v.entries) {
        const r = typeof k === 'string' && renames.has(k) ? renames.get(k)! : undefined;
        if (r === null) continue;
        if (r === undefined) entries.push([k, item]);
        else entries.push([r.fqn, name === 'planner_data' ? { kind: 'tuple', items: r.path } : item]);
      }
      return [name, { ...v, entries }];
    }
    if (name === 'storage_data') {
      const entries: [PyValue, PyValue][] = [];
      for (const [idx, info] of v.entries) {
        const fqn = fqnOfIndex(idx);
        const r = fqn !== null && renames.has(fqn) ? renames.get(fqn)! : undefined;
        if (r === null) continue;
        if (r === undefined) entries.push([idx, info]);
        else entries.push([withFields(idx as PyObject, fieldsOf(idx as PyObject).entries.map(([k, x]) => [k, k === 'fqn' ? r.fqn : x])), info]);
      }
      return [name, { ...v, entries }];
    }
    return [name, v];
  });
  return withFields(md, fields);
}

/**
 * Rewrites `metadataFile` with `renames`. The new pickle is read back and must hold exactly the renamed
 * items before it replaces the old one. Tensors stored as safetensors blobs are keyed by name inside the
 * data files, so such a checkpoint is refused (its .metadata alone cannot rename them).
 */
export function rewriteDcpMetadata(metadataFile: string, renames: DcpRenames, opts: { sync: boolean }): DcpRenameResult {
  const src = new FileSource(metadataFile);
  let read;
  try {
    read = readDcpMetadata(src, metadataFile);
  } finally {
    src.close();
  }
  if (!read.meta || read.value === undefined) throw read.error ?? new FormatError(metadataFile, 'not a DCP .metadata');
  refuseNamedStorage(dirname(metadataFile), read.meta, metadataFile);
  const bytes = writePickle(renameMetadataValue(read.value, renames));

  const back = readDcpMetadata(new BufferSource(bytes, metadataFile), metadataFile);
  const want = [...read.meta.items.keys()].flatMap((k) => {
    const r = renames.has(k) ? renames.get(k)! : { fqn: k };
    return r === null ? [] : [r.fqn];
  });
  if (!back.meta || JSON.stringify([...back.meta.items.keys()]) !== JSON.stringify(want) || back.scan.globals.some((g) => !read.scan.globals.some((h) => h.module === g.module && h.name === g.name))) {
    throw new Error(`rewritten DCP .metadata does not read back as written (${back.error?.message ?? 'keys or globals differ'})`);
  }

  const temp = join(dirname(metadataFile), `.metadata.sdmatch-${process.pid}.tmp`);
  try {
    const fd = openSync(temp, 'wx');
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
      if (opts.sync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, metadataFile);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  if (opts.sync) {
    const dfd = openSync(dirname(metadataFile), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  }
  let renamed = 0;
  let dropped = 0;
  for (const r of renames.values()) r === null ? dropped++ : renamed++;
  return { metadataFile, renamed, dropped, bytes: bytes.length };
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function refuseNamedStorage(dir: string, meta: DcpMetadata, file: string): void {
  const seen = new Set<string>();
  for (const e of meta.storage) {
    if (e.offset === null) continue;
    const key = `${e.info.relativePath}\0${e.info.offset}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const src = new FileSource(join(dir, e.info.relativePath));
    try {
      const head = e.info.offset + 4 <= src.size ? src.read(e.info.offset, 4) : new Uint8Array(0);
      if (!ZIP_MAGIC.every((b, i) => head[i] === b)) {
        throw new FormatError(file, `"${e.fqn}" is not a torch.save stream in ${e.info.relativePath} (safetensors serialization keys tensors by name inside the data files): renaming only .metadata would break it; write a consolidated checkpoint instead (-o out.safetensors)`);
      }
    } finally {
      src.close();
    }
  }
}
