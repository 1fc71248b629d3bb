/**
 * Step 7: how sure each op is and what it rests on, in the words of the issue ("32 keys, shapes
 * equal, order preserved"). An op is as sure as the pairs it moves, on average.
 */
import type { Located } from './types.js';
import { shapeRelation } from './shapes.js';

export interface PairInfo {
  target: string;
  confidence: number;
}

export function opConfidence(sources: readonly string[], pairs: ReadonlyMap<string, PairInfo>): number {
  let sum = 0;
  let n = 0;
  for (const s of sources) {
    const p = pairs.get(s);
    if (!p) continue;
    sum += p.confidence;
    n++;
  }
  return n ? Math.round((sum / n) * 100) / 100 : 0.5;
}

export function opEvidence(
  sources: readonly string[],
  pairs: ReadonlyMap<string, PairInfo>,
  source: ReadonlyMap<string, Located>,
  target: ReadonlyMap<string, Located>,
): string {
  const rels = new Set<string>();
  const positions: [number, number][] = [];
  for (const s of sources) {
    const p = pairs.get(s);
    const a = source.get(s);
    const b = p ? target.get(p.target) : undefined;
    if (!a || !b) continue;
    rels.add(shapeRelation(a.shape, b.shape));
    positions.push([a.pos, b.pos]);
  }
  positions.sort((x, y) => x[0] - y[0]);
  let inversions = 0;
  for (let i = 1; i < positions.length; i++) if (positions[i]![1] < positions[i - 1]![1]) inversions++;
  const shapes =
    rels.size === 1 && rels.has('equal')
      ? 'shapes equal'
      : rels.has('different')
        ? 'some shapes differ'
        : rels.has('transposed') || rels.has('reshaped')
          ? `shapes equal up to ${rels.has('transposed') ? 'transpose' : 'dims of size 1'}`
          : rels.has('unknown') && rels.size === 1
            ? 'shapes unknown'
            : 'shapes equal where known';
  const order = positions.length < 2 ? '' : inversions === 0 ? ', order preserved' : `, order differs at ${inversions} place${inversions > 1 ? 's' : ''}`;
  return `${sources.length} key${sources.length === 1 ? '' : 's'}, ${shapes}${order}`;
}
