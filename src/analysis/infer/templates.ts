/**
 * Step 3a: group keys into templates. At level k a key's first k numeric segments become
 * placeholders and later ones stay literal, so `encoder.blocks.3.mlp.0.weight` is
 * `encoder.blocks.{}.mlp.0.weight` at level 1 and can meet `model.encoder.layers.{}.fc1.weight`.
 * A template carries what matching compares: its words, its instances' index values and shapes,
 * and where it first appears.
 */
import { PLACEHOLDER, isIndexSegment, wordsOf } from '../key-tokens.js';
import { shapeClass } from './shapes.js';
import type { Located } from './types.js';

export interface Template {
  /** the template string, e.g. `layers.{}.attention.wq.weight` */
  name: string;
  placeholders: number;
  /** instances sorted by their index values */
  instances: { entry: Located; indices: number[] }[];
  /** the instances' index values, for "same index structure" */
  indexSignature: string;
  /** the instances' shapes up to transpose, for blocking */
  shapeSignature: string;
  words: string[];
  firstPos: number;
}

export function numericCount(key: string): number {
  let n = 0;
  let from = 0;
  // by hand, no segment array: this runs over every key of both sides
  for (let dot = key.indexOf('.'); ; dot = key.indexOf('.', from)) {
    const end = dot < 0 ? key.length : dot;
    if (isIndexSegment(key.slice(from, end))) n++;
    if (dot < 0) return n;
    from = dot + 1;
  }
}

/** The template of `key` keeping its first `keep` numeric segments as placeholders. */
export function templateAtLevel(key: string, keep: number): { name: string; indices: number[] } {
  const indices: number[] = [];
  let name = '';
  let copied = 0;
  let from = 0;
  while (indices.length < keep) {
    const dot = key.indexOf('.', from);
    const end = dot < 0 ? key.length : dot;
    const seg = key.slice(from, end);
    if (isIndexSegment(seg)) {
      indices.push(Number(seg));
      name += key.slice(copied, from) + PLACEHOLDER;
      copied = end;
    }
    if (dot < 0) break;
    from = dot + 1;
  }
  return { name: copied === 0 ? key : name + key.slice(copied), indices };
}

function compareIndices(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * Keys' templates at one level, each computed once: matching asks for the same key's template at the
 * same level several times, over 100,000 keys. Levels are visited from the most placeholders down, so
 * only the level in use is kept (a cache of every level on every key held ~1 KiB per key at scale).
 */
export class TemplateCache {
  private readonly counts = new Map<Located, number>();
  private level = -1;
  private readonly names = new Map<Located, { name: string; indices: number[] }>();

  numericCount(e: Located): number {
    let n = this.counts.get(e);
    if (n === undefined) this.counts.set(e, (n = numericCount(e.key)));
    return n;
  }

  at(e: Located, keep: number): { name: string; indices: number[] } {
    if (keep !== this.level) {
      this.names.clear();
      this.level = keep;
    }
    let t = this.names.get(e);
    if (t === undefined) this.names.set(e, (t = templateAtLevel(e.key, keep)));
    return t;
  }
}

/** Templates at level `keep` of the keys with at least `keep` numeric segments. */
export function groupTemplates(entries: Iterable<Located>, keep: number, cache: TemplateCache = new TemplateCache()): Template[] {
  const groups = new Map<string, { entry: Located; indices: number[] }[]>();
  for (const e of entries) {
    if (cache.numericCount(e) < keep) continue;
    const { name, indices } = cache.at(e, keep);
    const g = groups.get(name);
    if (g) g.push({ entry: e, indices });
    else groups.set(name, [{ entry: e, indices }]);
  }
  const out: Template[] = [];
  for (const [name, instances] of groups) {
    instances.sort((a, b) => compareIndices(a.indices, b.indices));
    const classes = instances.map((i) => shapeClass(i.entry));
    const uniform = classes.every((c) => c === classes[0]);
    out.push({
      name,
      placeholders: keep,
      instances,
      indexSignature: instances.map((i) => i.indices.join(',')).join(';'),
      shapeSignature: uniform ? `*${classes[0]}` : classes.join(';'),
      words: wordsOf(name.split(PLACEHOLDER).join('')),
      firstPos: instances.reduce((m, i) => Math.min(m, i.entry.pos), Infinity),
    });
  }
  return out.sort((a, b) => a.firstPos - b.firstPos);
}

/** Templates that may correspond share this: placeholder count, index values, shapes up to transpose. */
export function blockKey(t: Template): string {
  return `${structureKey(t)}|${t.shapeSignature}`;
}

/** Placeholder count and index values: what templates must share whatever their shapes. */
export function structureKey(t: Template): string {
  return `${t.placeholders}|${t.instances.length}|${t.indexSignature}`;
}

/**
 * Some instance's shape is not known (a key named by an error text): its template may correspond to
 * templates of any shape, so it cannot be put in a block by shape.
 */
export function hasUnknownShape(t: Template): boolean {
  return t.instances.some((i) => i.entry.shape === null);
}
