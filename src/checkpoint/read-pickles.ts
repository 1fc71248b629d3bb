import type { ByteSource } from '../formats/byte-source.js';
import { readPickle } from '../formats/pickle/machine.js';
import type { PyValue } from '../formats/pickle/values.js';
import { bytesLocator, scanOf, type PickleScan } from '../formats/torch/container.js';
import { interpret } from '../formats/torch/interpret.js';
import { nestedStorageLoader } from '../formats/torch/legacy.js';
import type { Region } from '../formats/torch/region.js';
import type { FileContents } from './contents.js';

/** a file of more back-to-back pickles than this is not a model; the rest is reported, not parsed */
const MAX_PICKLES = 1000;

/**
 * A plain pickle file — possibly several pickles back to back (a loader that calls load() again runs
 * the next one, so all are scanned) — with the first one's value as the tree.
 */
export function readPickleFile(region: Region, size: number, lead?: string): FileContents {
  const src = region.src;
  const results = readAll(src);
  const single = results.length === 1;
  const scans: PickleScan[] = results.map((r, i) => scanOf(single ? 'pickle' : `pickle #${i + 1}`, r));
  const first = results[0]!;
  const detail: string[] = [];
  if (lead) detail.push(lead);
  detail.push(first.protocol >= 2 ? `pickle protocol ${first.protocol}` : 'pickle protocol 0/1 (no PROTO opcode)');
  if (!single) detail.push(`${results.length} concatenated pickles: all scanned, the first is the value`);
  const last = results[results.length - 1]!;
  if (!last.error && last.end < src.size) detail.push(`${src.size - last.end} bytes after the last pickle not read`);
  for (const [i, r] of results.entries()) if (r.error && i > 0) detail.push(`pickle #${i + 1} unreadable: ${r.error.message}`);

  if (first.error || first.value === undefined) {
    detail.push(`unreadable: ${first.error?.message ?? 'no value'}`);
    return { format: 'pickle', detail, root: null, error: first.error, pickles: scans, size };
  }
  if (looksLikeLegacyLookalike(first.value, results.length)) {
    detail.push('legacy torch.save look-alike: the magic-number pickle is a call, which torch.load would execute');
  }
  const warnings: string[] = [];
  // storages in a plain pickle only come as `_load_from_bytes` payloads: persistent ids have no records
  const root = interpret(first.value, {
    storage: () => null,
    bytesLocation: bytesLocator(region),
    loadFromBytes: nestedStorageLoader(region, scans, (m) => warnings.push(m), scans[0]!.where, 0),
    warn: (m) => warnings.push(m),
  }, first.shared).value;
  return { format: 'pickle', detail: [...detail, ...new Set(warnings)], root, error: null, pickles: scans, size };
}

function readAll(src: ByteSource): ReturnType<typeof readPickle>[] {
  const out: ReturnType<typeof readPickle>[] = [];
  let offset = 0;
  while (out.length < MAX_PICKLES) {
    const r = readPickle(src, offset, { where: `pickle #${out.length + 1}` });
    out.push(r);
    if (r.error || r.end <= offset || r.end >= src.size) break;
    offset = r.end;
  }
  return out;
}

/** torch's legacy stream starts with pickle(MAGIC_NUMBER); a look-alike computes it with a call. */
function looksLikeLegacyLookalike(first: PyValue, count: number): boolean {
  return count >= 4 && typeof first === 'object' && first !== null && first.kind === 'object';
}
