import type { ByteSource } from '../byte-source.js';
import { readPickle } from '../pickle/machine.js';
import { globalPath } from '../pickle/global-path.js';
import { classifyGlobal } from '../pickle/safety.js';
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

/**
 * Bytes after the last thing a loader reads (a zip's data.pkl past its STOP; a legacy stream past its last
 * storage) that it never reaches: torch.load reads one pickle there and stops, so they leave the verdict as
 * it is, but a scanner that reads every stream (picklescan) reports what they import, and a file carrying
 * them was made that way on purpose (review 14 F12). One detail line, null when nothing follows. The
 * streams are read like the ones a loader reaches (scanFollowing), into scans of their own.
 */
export function unreachedTail(src: ByteSource, start: number, label: string, reader: string): string | null {
  if (start >= src.size) return null;
  const scans: PickleScan[] = [];
  const parsed = scanFollowing(src, [start], label, scans, { left: 8 });
  const named = new Map(scans.flatMap((s) => s.globals).map((g) => [globalPath(g.module, g.name), classifyGlobal(g.module, g.name)] as const));
  const globals = [...named].map(([path, verdict]) => (verdict === 'dangerous' ? `${path} (dangerous)` : path));
  const what = globals.length === 0
    ? 'they import nothing'
    : `${parsed <= 1 ? 'a pickle' : `${parsed} pickles`} naming ${globals.slice(0, 4).join(', ')}${globals.length > 4 ? ', …' : ''}`;
  return `${src.size - start} bytes after ${label}: ${what}; ${reader} never reads them, so the verdict is that of what it reads, but a loader calling pickle.load again would run them`;
}
