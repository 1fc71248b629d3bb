import { readPickle } from '../formats/pickle/machine.js';
import type { PyValue } from '../formats/pickle/values.js';
import { bytesLocator, scanOf, type PickleScan } from '../formats/torch/container.js';
import { scanFollowing } from '../formats/torch/follow.js';
import { interpret } from '../formats/torch/interpret.js';
import { nestedStorageLoader, payloadGap } from '../formats/torch/legacy.js';
import type { Region } from '../formats/torch/region.js';
import type { FileContents } from './contents.js';

/** a file of more back-to-back pickles than this is not a model; reaching it makes the verdict incomplete */
const MAX_PICKLES = 10_000;

/**
 * A plain pickle file — possibly several pickles back to back (a loader that calls load() again runs
 * the next one, so all are scanned) — with the first one's value as the tree.
 */
export function readPickleFile(region: Region, size: number, lead?: string): FileContents {
  const src = region.src;
  const first = readPickle(src, 0, { where: 'pickle' });
  const following: PickleScan[] = [];
  const more = first.error ? 0 : scanFollowing(src, [first.end, first.frameEnd], 'following pickle', following, { left: MAX_PICKLES });
  const scans: PickleScan[] = [scanOf('pickle', first), ...following];
  const detail: string[] = [];
  if (lead) detail.push(lead);
  detail.push(first.protocol >= 2 ? `pickle protocol ${first.protocol}` : 'pickle protocol 0/1 (no PROTO opcode)');
  if (more > 0) detail.push(`${more + 1} concatenated pickles: all scanned, the first is the value`);
  if (first.frameEnd !== null) detail.push(`bytes follow STOP inside its frame (to offset ${first.frameEnd}): scanned as the next pickle a loader could read`);

  if (first.error || first.value === undefined) {
    detail.push(`unreadable: ${first.error?.message ?? 'no value'}`);
    return { format: 'pickle', detail, root: null, error: first.error, pickles: scans, size };
  }
  if (looksLikeLegacyLookalike(first.value, more + 1)) {
    detail.push('legacy torch.save look-alike: the magic-number pickle is a call, which torch.load would execute');
  }
  const warnings: string[] = [];
  // storages in a plain pickle only come as `_load_from_bytes` payloads: persistent ids have no records
  const root = interpret(first.value, {
    storage: () => null,
    bytesLocation: bytesLocator(region),
    loadFromBytes: nestedStorageLoader(region, scans, (m) => warnings.push(m), scans[0]!.where, 0),
    payloadNotRead: payloadGap(scans, scans[0]!.where),
    warn: (m) => warnings.push(m),
  }, first.shared).value;
  return { format: 'pickle', detail: [...detail, ...new Set(warnings)], root, error: null, pickles: scans, size };
}

/** torch's legacy stream starts with pickle(MAGIC_NUMBER); a look-alike computes it with a call. */
function looksLikeLegacyLookalike(first: PyValue, count: number): boolean {
  return count >= 4 && typeof first === 'object' && first !== null && first.kind === 'object';
}
