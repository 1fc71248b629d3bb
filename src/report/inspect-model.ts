import type { Checkpoint, KeyPath, TensorRecord } from '../checkpoint/types.js';
import { sharedStorages, summarizeLeaves, tensorTotals, type LeafSummary, type SharedStorage, type TensorTotals } from '../checkpoint/summary.js';
import type { GlobalFinding, SafetyReport } from '../formats/pickle/safety.js';
import { isContiguous } from '../formats/tensor.js';
import { isParent, pathText } from './key-path.js';

/**
 * Everything `inspect` reports, computed once and shared by the table and JSON renderers so the two
 * can never disagree.
 */
export interface InspectModel {
  file: string;
  format: string;
  size: number;
  detail: string[];
  totals: TensorTotals;
  shared: SharedStorage[];
  stateDicts: { path: KeyPath; count: number; nonTensor: string[] }[];
  leaves: LeafSummary[];
  /** tensors grouped under the state dict that holds them (by display key), then the rest by full path */
  groups: TensorGroup[];
  safety: SafetyReport;
  error: string | null;
}

export interface TensorGroup {
  /** the state dict's path, or null for tensors outside any state dict */
  dict: KeyPath | null;
  rows: { key: string; record: TensorRecord }[];
}

export interface InspectOptions {
  filter?: RegExp;
}

export function buildInspectModel(ckpt: Checkpoint & { error?: { message: string } | null }, opts: InspectOptions = {}): InspectModel {
  const dicts = ckpt.stateDicts;
  const groups: TensorGroup[] = dicts.map((d) => ({ dict: d.path, rows: [] }));
  const loose: TensorGroup = { dict: null, rows: [] };
  // Index dicts by their path text so 100k tensors find their dict in O(1) each.
  const byDict = new Map<string, TensorGroup>();
  dicts.forEach((d, i) => byDict.set(pathText(d.path), groups[i]!));
  for (const rec of ckpt.tensors) {
    const parent = rec.path.slice(0, -1);
    const g = byDict.get(pathText(parent));
    const inDict = g !== undefined && g.dict !== null && isParent(g.dict, rec.path);
    const key = inDict ? String(rec.path[rec.path.length - 1]) : pathText(rec.path);
    if (opts.filter && !opts.filter.test(key)) continue;
    (inDict ? g : loose).rows.push({ key, record: rec });
  }
  if (loose.rows.length > 0) groups.push(loose);
  return {
    file: ckpt.file,
    format: ckpt.format,
    size: ckpt.size,
    detail: ckpt.detail,
    totals: tensorTotals(ckpt.tensors),
    shared: sharedStorages(ckpt.tensors),
    stateDicts: dicts.map((d) => ({ path: d.path, count: d.keys.length, nonTensor: d.nonTensor })),
    leaves: ckpt.root === null ? [] : summarizeLeaves(ckpt.root),
    groups: groups.filter((g) => g.rows.length > 0 || !opts.filter),
    safety: ckpt.safety,
    error: ckpt.error ? ckpt.error.message : null,
  };
}

/** The documented `--json` form (schema in schemas/inspect.schema.json). */
export function inspectJson(m: InspectModel, ckpt: Checkpoint, opts: InspectOptions = {}): unknown {
  const tensors = [];
  for (const rec of ckpt.tensors) {
    if (opts.filter && !opts.filter.test(pathText(rec.path)) && !opts.filter.test(String(rec.path[rec.path.length - 1]))) continue;
    const t = rec.info;
    tensors.push({
      path: rec.path,
      dtype: t.dtype,
      shape: t.shape,
      stride: t.stride,
      storageOffset: t.storageOffset,
      contiguous: isContiguous(t),
      kind: t.kind,
      requiresGrad: t.requiresGrad,
      storage: { key: t.storage.key, dtype: t.storage.dtype, numel: t.storage.numel, device: t.storage.device },
      ...(t.quantization ? { quantization: t.quantization } : {}),
      ...(rec.aliases.length > 0 ? { aliases: rec.aliases } : {}),
    });
  }
  return {
    file: m.file,
    format: m.format,
    size: m.size,
    detail: m.detail,
    tensorCount: m.totals.tensors,
    parameterCount: m.totals.elements,
    bytes: m.totals.bytes,
    bytesByDtype: Object.fromEntries(Object.entries(m.totals.byDtype).map(([d, v]) => [d, v!.bytes])),
    sharedStorages: m.shared.map((s) => ({ storage: s.key, dtype: s.dtype, paths: s.paths })),
    stateDicts: m.stateDicts.map((d) => ({ path: d.path, count: d.count, nonTensor: d.nonTensor })),
    leaves: m.leaves.map((l) => ({ path: l.path, text: l.text })),
    tensors,
    globals: m.safety.globals.map(globalJson),
    safety: { verdict: m.safety.verdict, globals: m.safety.globals.map(globalJson) },
    error: m.error,
  };
}

function globalJson(g: GlobalFinding) {
  return { module: g.module, name: g.name, verdict: g.verdict, where: g.where, ...(g.reason ? { reason: g.reason } : {}) };
}
