/**
 * Step 6c: drop ops for the tensors the plan discards, each as the widest module prefix
 * (`^head\.`) that matches only discarded keys, else the exact key.
 */
import type { PlanOp } from '../../plan/types.js';
import { escapeRegex } from './regex.js';

type DropOp = Extract<PlanOp, { op: 'drop' }>;

export interface DropRequest {
  /** the key's name at this point of the ops */
  name: string;
  source: string;
  /** `shape [a] vs [b]` */
  detail: string;
  /** `classifier of another class count` */
  why: string;
}

function prefixes(name: string): string[] {
  const segs = name.split('.');
  const out: string[] = [];
  for (let n = 1; n < segs.length; n++) out.push(`${segs.slice(0, n).join('.')}.`);
  return out;
}

/** universe: every key name at this point of the ops. */
export function findDropOps(requests: readonly DropRequest[], universe: readonly string[]): { ops: DropOp[]; covers: string[][] } {
  if (requests.length === 0) return { ops: [], covers: [] };
  const underPrefix = new Map<string, number>();
  for (const name of universe) for (const p of prefixes(name)) underPrefix.set(p, (underPrefix.get(p) ?? 0) + 1);
  const wanted = new Map<string, DropRequest[]>();
  for (const r of requests) for (const p of prefixes(r.name)) (wanted.get(p) ?? wanted.set(p, []).get(p)!).push(r);
  const done = new Set<string>();
  const ops: DropOp[] = [];
  const covers: string[][] = [];
  const emit = (pattern: string, rs: DropRequest[]) => {
    const whys = [...new Set(rs.map((r) => r.why))];
    const details = rs.slice(0, 3).map((r) => `${r.name} ${r.detail.replace(/^shape /, '')}`);
    const more = rs.length > 3 ? ` and ${rs.length - 3} more` : '';
    const reason = rs.length === 1 ? `${rs[0]!.detail}: ${rs[0]!.why}` : `${details.join(', ')}${more}: ${whys.join('; ')}`;
    ops.push({ op: 'drop', pattern, reason });
    covers.push(rs.map((r) => r.source));
    for (const r of rs) done.add(r.name);
  };
  // widest safe prefixes first: a prefix is safe when every key under it is to be dropped
  const safe = [...wanted.entries()]
    .filter(([p, rs]) => underPrefix.get(p) === rs.length)
    .sort((a, b) => b[1].length - a[1].length || a[0].length - b[0].length);
  for (const [p, rs] of safe) {
    if (rs.some((r) => done.has(r.name))) continue;
    emit(`^${escapeRegex(p)}`, rs);
  }
  for (const r of requests) if (!done.has(r.name)) emit(`^${escapeRegex(r.name)}$`, [r]);
  return { ops, covers };
}
