import type { ByteSource } from '../byte-source.js';
import { FormatError } from '../errors.js';
import { readPickle } from '../pickle/machine.js';
import { nestedPayload, type Payload } from '../pickle/scan.js';
import type { PyValue } from '../pickle/values.js';
import { isZip, openZip } from '../zip/reader.js';
import { gapScan, scanOf, type PickleScan } from './container.js';
import { memberKind, entryRegion } from './zip-members.js';
import { zipGapScans } from './zip-safety.js';

/** payloads inside payloads: deeper than this is an attack, not a model */
const MAX_DEPTH = 4;
/** pickles read per nested payload (a legacy stream has five) */
const MAX_PICKLES = 64;

/**
 * Scans bytes the way `torch.load(io.BytesIO(b))` (and `pickle.loads(b)`) would read them: a zip's
 * pickle members, or pickles back to back. Byte strings those pickles hand to a loader in turn are
 * followed, `depth` levels at most; what is not followed is a gap, so the verdict cannot be safe.
 */
export function scanNestedPayload(region: { src: ByteSource }, label: string, depth: number): PickleScan[] {
  const src = region.src;
  const scans: PickleScan[] = [];
  if (src.size >= 4 && isZip(src.read(0, 4))) {
    let zip;
    try {
      zip = openZip(src);
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      return [gapScan(label, 'member not read', `nested zip payload unreadable: ${e.message}`)];
    }
    scans.push(...zipGapScans(zip, label));
    for (const e of zip.entries) {
      const kind = memberKind(zip, e);
      if (kind === 'unreadable') scans.push(gapScan(`${label} > ${e.name}`, 'member not read', `member with pickle content or name cannot be read (method ${e.method})`));
      if (kind !== 'pickle-name' && kind !== 'pickle-content') continue;
      try {
        scans.push(...scanPickleBytes(entryRegion(zip, e, src.name).src, `${label} > ${e.name}`, depth, kind === 'pickle-content'));
      } catch (err) {
        if (!(err instanceof FormatError)) throw err;
        scans.push(gapScan(`${label} > ${e.name}`, 'member not read', err.message));
      }
    }
    return scans;
  }
  return scanPickleBytes(src, label, depth, false);
}

/** Pickles back to back from offset 0 (both delimitations after a STOP in a FRAME), payloads followed. */
export function scanPickleBytes(src: ByteSource, label: string, depth: number, sniffed: boolean, start = 0): PickleScan[] {
  const scans: PickleScan[] = [];
  const queue = [start];
  const seen = new Set<number>();
  const seenPayloads = new Set<PyValue>();
  let n = 0;
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (seen.has(at) || at >= src.size) continue;
    seen.add(at);
    if (++n > MAX_PICKLES) {
      scans.push(gapScan(label, 'limit reached', `more than ${MAX_PICKLES} pickles in a nested payload`));
      break;
    }
    const payloads: Payload[] = [];
    const where = at === start ? label : `${label} at offset ${at}`;
    const r = readPickle(src, at, {
      where,
      onCall: (call) => {
        const p = nestedPayload(call, src, `${where} payload`, seenPayloads);
        if (p) payloads.push(p);
      },
    });
    // the first pickle of a payload counts even when it fails (the loader ran up to there); later
    // streams and content-sniffed members only when they imported something
    if (at === start && !sniffed) scans.push(scanOf(where, r));
    else if (r.error === null || r.globals.length > 0 || r.anomalies.length > 0 || r.limited) scans.push(scanOf(where, r));
    payloads.forEach((p, i) => {
      const inner = `${where} > ${p.loader} #${i + 1}`;
      if (depth >= MAX_DEPTH) scans.push(gapScan(inner, 'limit reached', `payloads nested deeper than ${MAX_DEPTH} levels were not read`));
      else scans.push(...scanNestedPayload({ src: p.source }, inner, depth + 1));
    });
    if (r.error) continue;
    queue.push(r.end);
    if (r.frameEnd !== null) queue.push(r.frameEnd);
  }
  return scans;
}
