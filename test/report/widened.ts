import { openCheckpoint } from '../../src/checkpoint/open.js';
import { buildInspectModel, recordLines, tensorJson, type InspectModel } from '../../src/report/inspect-model.js';

/** `ckpt`'s model with its tensor records repeated to `n` (paths made distinct) */
export function widened(file: string, n: number): InspectModel {
  const m = buildInspectModel(openCheckpoint(file));
  const base = m.tensors;
  // keys as long as a deep transformer's, so 2,000,000 records make over 512 MB of JSON
  const tensors = Array.from({ length: n }, (_, i) => ({ ...base[i % base.length]!, path: [`model.encoder.layers.${i}.self_attention.query_key_value.projection.weight`] }));
  return { ...m, tensors, tensorCount: tensors.length, aliased: () => tensors.filter((t) => t.aliases.length > 0), tensorLine: (i) => JSON.stringify(tensorJson(tensors[i]!)), tensorText: (s, e) => recordLines(tensors, s, e) };
}

