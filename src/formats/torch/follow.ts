import type { ByteSource } from '../byte-source.js';
import { readPickle } from '../pickle/machine.js';
import { gapScan, probeScan, type PickleScan } from './container.js';

/**
 * Every pickle a loader calling `load()` again and again could run from `starts` on. After a STOP the
 * next pickle starts right after it (a buffered file, a reused Unpickler) or, when the STOP was inside
 * a FRAME, after the whole frame (an unbuffered file or BytesIO: CPython reads a frame as a unit), so
 * both places are followed. Streams that fail with nothing imported ran nothing (raw tensor bytes after
 * the last pickle) and are dropped; the rest are scanned. Returns how many pickles parsed to a STOP.
 */
export function scanFollowing(src: ByteSource, starts: (number | null)[], label: string, scans: PickleScan[], budget: { left: number }): number {
  const queue = starts.filter((s): s is number => s !== null);
  const seen = new Set<number>();
  let parsed = 0;
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (seen.has(at) || at >= src.size) continue;
    seen.add(at);
    if (budget.left <= 0) {
      scans.push(gapScan(label, 'limit reached', `more pickles follow at offset ${at} than sdmatch reads (a loader calling load() again would run them)`));
      return parsed;
    }
    budget.left--;
    const where = `${label} at offset ${at}`;
    const r = readPickle(src, at, { where });
    const s = probeScan(where, r);
    if (s) scans.push(s);
    if (r.error) continue;
    parsed++;
    queue.push(r.end);
    if (r.frameEnd !== null) queue.push(r.frameEnd);
  }
  return parsed;
}
