import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The other files of a state dict saved one file per rank by torch.save (`rank0.pt`, `rank1.pt`;
 * `model_rank_0.bin` …): files beside `file` whose names differ from its name only in the number after
 * `rank`. sdmatch reads one file; a plan of one rank's file lacks what the others hold (review 14 F2), and
 * naming them is what turns "no source" into the way to a source. Sorted by rank; empty when there are none.
 */
export function rankSiblings(file: string): string[] {
  const m = /^(.*?rank[_-]?)(\d+)(\D.*)?$/i.exec(basename(file));
  if (!m) return [];
  const [, head, own, tail = ''] = m;
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return [];
  }
  const ranked = names.flatMap((n) => {
    if (!n.startsWith(head!) || !n.endsWith(tail)) return [];
    const digits = n.slice(head!.length, n.length - tail.length);
    return /^\d+$/.test(digits) && digits !== own ? [{ n, rank: Number(digits) }] : [];
  });
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => join(dirname(file), r.n));
}
