/**
 * Step 3a: group keys into templates. At level k a key's first k numeric segments become
 * placeholders and later ones stay literal, so `encoder.blocks.3.mlp.0.weight` is
 * `encoder.blocks.{}.mlp.0.weight` at level 1 and can meet `model.encoder.layers.{}.fc1.weight`.
 * A template carries what matching compares: its words, its instances' index values and shapes,
 * and where it first appears.
 */
import { PLACEHOLDER, isIndexAt, wordsOf } from '../key-tokens.js';
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
    if (isIndexAt(key, from, dot < 0 ? key.length : dot)) n++;
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
    if (isIndexAt(key, from, end)) {
      indices.push(Number(key.slice(from, end)));
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

/** One key as an instance of its template at a level: what grouping and matching read of it. */
interface Instance {
  entry: Located;
  indices: number[];
  /** the template's name (one string per template: interned) */
  name: string;
  /** shapeClass(entry) */
  shape: string;
}

/**
 * What a key is at every level, read once (not once per level): its template with every index a placeholder
 * (`full`, a number into TemplateCache's list), all its indices, and its shape class. Its template at a level
 * is then the full one with the indices past the level written back, looked up by numbers, so a level reads
 * no character of the key: at 100,000 keys a side, scanning and hashing every key at every level was most of
 * the template step.
 */
interface KeyFacts {
  entry: Located;
  /** TemplateCache.fulls' number of templateAtLevel(key, all).name; -1: the key spells a placeholder (`{}`), read per level */
  full: number;
  /** every index segment's value, left to right (numericCount is its length) */
  indices: number[];
  /** shapeClass(entry), interned */
  shape: string;
}

/**
 * Values by entry, for the two sides' entries: two slots a position (the sides' keys share positions) and a
 * map for the rare third (a view's entries). A map keyed by 200,000 entry objects was most of grouping's time.
 */
class EntrySlots<T extends { entry: Located }> {
  private first: (T | undefined)[] = [];
  private second: (T | undefined)[] = [];
  private readonly rest = new Map<Located, T>();

  get(e: Located): T | undefined {
    const a = this.first[e.pos];
    if (a !== undefined && a.entry === e) return a;
    const b = this.second[e.pos];
    if (b !== undefined && b.entry === e) return b;
    return this.rest.size ? this.rest.get(e) : undefined;
  }

  set(e: Located, value: T): void {
    const pos = e.pos;
    // positions are array indices (locate's); anything else, and a third entry at one, goes in the map
    if (pos >>> 0 !== pos) this.rest.set(e, value);
    else if (this.first[pos] === undefined || this.first[pos]!.entry === e) this.first[pos] = value;
    else if (this.second[pos] === undefined || this.second[pos]!.entry === e) this.second[pos] = value;
    else this.rest.set(e, value);
  }

  clear(): void {
    this.first = [];
    this.second = [];
    this.rest.clear();
  }
}

/** a number mixed into a 31-bit hash (FNV-style): the level's template by its full template and later indices */
const mix = (h: number, v: number): number => Math.imul(h ^ v, 0x01000193) & 0x7fffffff;

/**
 * Keys' templates at one level, each computed once: matching groups the same keys at the same level
 * several times, over 100,000 keys and more. Levels are visited from the most placeholders down, so
 * only the level in use is kept (a memo of every level on every key held ~1 KiB per key at scale),
 * and the instance objects themselves are kept, so regrouping allocates nothing per key. Template
 * names and shape classes are interned: 250,000 keys of one template share one string, not 250,000 copies.
 * What a key is at every level (KeyFacts) is read off its text once, when first asked.
 */
export class TemplateCache {
  private level = -1;
  /** each key's instance at the level (built by `at` for a key of fewer indices than the level: grouping skips those) */
  private readonly instances = new EntrySlots<Instance>();
  /** each key's facts, kept across levels */
  private readonly facts = new EntrySlots<KeyFacts>();
  /** full templates (every index a placeholder) by number, and their numbers by name */
  private readonly fulls: string[] = [];
  private readonly fullIds = new Map<string, number>();
  /** the full templates by templateHash (as byHash below, across levels) */
  private readonly fullByHash = new Map<number, number[]>();
  private readonly names = new Map<string, string>();
  /**
   * the level's template names by templateHash, read off a key in place: a key whose template is already
   * known is matched against it without writing its name out (a string built, flattened and hashed per key
   * per level was most of grouping's time at 100,000 keys: the keys are a few dozen templates). Only keys
   * that spell a placeholder themselves come here; the others go by their facts (byTail).
   */
  private readonly byHash = new Map<number, string[]>();
  /** the level's template names by a hash of (full template, the indices past the level): [full, ...those indices, name] rows */
  private readonly byTail = new Map<number, { full: number; tail: number[]; name: string }[]>();
  /** shape classes, interned like names: a handful of strings for 1,000,000 keys, kept across levels */
  private readonly shapes = new Map<string, string>();

  private enter(keep: number): void {
    if (keep === this.level) return;
    this.instances.clear();
    this.names.clear();
    this.byHash.clear();
    this.byTail.clear();
    this.level = keep;
  }

  /** How many index segments the key has (numericCount), from its facts. */
  indexCount(e: Located): number {
    return this.factsOf(e).indices.length;
  }

  at(e: Located, keep: number): Instance {
    this.enter(keep);
    let inst = this.instances.get(e);
    if (inst === undefined) this.instances.set(e, (inst = this.make(e, keep)));
    return inst;
  }

  /**
   * The key's instance at level `keep`, or null when it has fewer numeric segments than that: grouping
   * skips it, and no template is built for it. A level above most keys' (Whisper's 2, where its
   * blocks have one index) would otherwise build one for every key of both sides, 200,000 at scale.
   */
  grouped(e: Located, keep: number): Instance | null {
    this.enter(keep);
    let inst = this.instances.get(e);
    if (inst === undefined) {
      if (this.factsOf(e).indices.length < keep) return null;
      this.instances.set(e, (inst = this.make(e, keep)));
    }
    return inst;
  }

  private factsOf(e: Located): KeyFacts {
    let f = this.facts.get(e);
    if (f !== undefined) return f;
    const key = e.key;
    const indices: number[] = [];
    const h = templateHash(key, Infinity, indices);
    let full = -1;
    // a key spelling a placeholder (never a real module name) would make its full template ambiguous: per level
    if (!key.includes(PLACEHOLDER[0]!)) {
      const known = this.fullByHash.get(h);
      if (known !== undefined) for (const n of known) if (isTemplateOf(key, Infinity, this.fulls[n]!)) full = n;
      if (full < 0) {
        const name = templateAtLevel(key, Infinity).name;
        full = this.fullIds.get(name) ?? -1;
        if (full < 0) {
          this.fullIds.set(name, (full = this.fulls.length));
          this.fulls.push(name);
        }
        if (known === undefined) this.fullByHash.set(h, [full]);
        else if (!known.includes(full)) known.push(full);
      }
    }
    const c = shapeClass(e);
    let shape = this.shapes.get(c);
    if (shape === undefined) this.shapes.set(c, (shape = c));
    this.facts.set(e, (f = { entry: e, full, indices, shape }));
    return f;
  }

  private make(e: Located, keep: number): Instance {
    const f = this.factsOf(e);
    const n = f.indices.length;
    if (f.full < 0) return this.makeInPlace(e, keep, f.shape);
    // the key itself (no placeholder), its full template (all of them), or the full one with the later indices written back
    if (keep === 0) return { entry: e, indices: [], name: this.intern(e.key), shape: f.shape };
    if (keep >= n) return { entry: e, indices: f.indices, name: this.intern(this.fulls[f.full]!), shape: f.shape };
    let h = mix(0x811c9dc5 & 0x7fffffff, f.full);
    for (let i = keep; i < n; i++) h = mix(h, f.indices[i]!);
    const rows = this.byTail.get(h);
    let name: string | undefined;
    if (rows !== undefined) {
      for (const r of rows) if (r.full === f.full && sameTail(r.tail, f.indices, keep)) name = r.name;
    }
    if (name === undefined) {
      name = this.intern(templateAtLevel(e.key, keep).name);
      const row = { full: f.full, tail: f.indices.slice(keep), name };
      if (rows === undefined) this.byTail.set(h, [row]);
      else rows.push(row);
    }
    return { entry: e, indices: f.indices.slice(0, keep), name, shape: f.shape };
  }

  /** the level's one string of this name */
  private intern(name: string): string {
    const known = this.names.get(name);
    if (known !== undefined) return known;
    this.names.set(name, name);
    return name;
  }

  /** The instance read off the key's text at this level (a key spelling a placeholder: its full template is no answer). */
  private makeInPlace(e: Located, keep: number, shape: string): Instance {
    const key = e.key;
    const indices: number[] = [];
    const h = templateHash(key, keep, indices);
    let name: string | undefined;
    const known = this.byHash.get(h);
    if (known !== undefined) for (const n of known) if (isTemplateOf(key, keep, n)) name = n;
    if (name === undefined) {
      name = this.intern(templateAtLevel(key, keep).name);
      if (known === undefined) this.byHash.set(h, [name]);
      else if (!known.includes(name)) known.push(name);
    }
    return { entry: e, indices, name, shape };
  }
}

/** tail[i] === indices[from + i] for every i, and no index past them */
function sameTail(tail: readonly number[], indices: readonly number[], from: number): boolean {
  if (tail.length !== indices.length - from) return false;
  for (let i = 0; i < tail.length; i++) if (tail[i] !== indices[from + i]) return false;
  return true;
}

/**
 * A hash of templateAtLevel(key, keep).name read off the key in place, its indices pushed into `indices`
 * (the same numbers: an index segment is at most 9 decimal digits, isIndexAt). The name is the key with its
 * first `keep` index segments each written as PLACEHOLDER; the hash runs over exactly the name's characters.
 */
function templateHash(key: string, keep: number, indices: number[]): number {
  let h = 0x811c9dc5;
  let from = 0;
  for (;;) {
    const dot = key.indexOf('.', from);
    const end = dot < 0 ? key.length : dot;
    if (indices.length < keep && isIndexAt(key, from, end)) {
      let v = 0;
      for (let i = from; i < end; i++) v = v * 10 + key.charCodeAt(i) - 48;
      indices.push(v);
      for (let i = 0; i < PLACEHOLDER.length; i++) h = Math.imul(h ^ PLACEHOLDER.charCodeAt(i), 0x01000193);
    } else for (let i = from; i < end; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    if (dot < 0) return h;
    h = Math.imul(h ^ 46, 0x01000193);
    from = dot + 1;
  }
}

/** Whether `name` is templateAtLevel(key, keep).name, compared in place. */
export function isTemplateOf(key: string, keep: number, name: string): boolean {
  let at = 0;
  let placed = 0;
  let from = 0;
  for (;;) {
    const dot = key.indexOf('.', from);
    const end = dot < 0 ? key.length : dot;
    if (placed < keep && isIndexAt(key, from, end)) {
      if (!name.startsWith(PLACEHOLDER, at)) return false;
      at += PLACEHOLDER.length;
      placed++;
    } else {
      if (end - from > name.length - at) return false;
      for (let i = from; i < end; i++) if (name.charCodeAt(at++) !== key.charCodeAt(i)) return false;
    }
    if (dot < 0) return at === name.length;
    if (name.charCodeAt(at) !== 46) return false;
    at++;
    from = dot + 1;
  }
}

/** Templates at level `keep` of the keys with at least `keep` numeric segments. */
export function groupTemplates(entries: Iterable<Located>, keep: number, cache: TemplateCache = new TemplateCache()): Template[] {
  const groups = new Map<string, Instance[]>();
  for (const e of entries) {
    const inst = cache.grouped(e, keep);
    if (inst === null) continue;
    const g = groups.get(inst.name);
    if (g) g.push(inst);
    else groups.set(inst.name, [inst]);
  }
  const out: Template[] = [];
  for (const [name, instances] of groups) {
    instances.sort((a, b) => compareIndices(a.indices, b.indices));
    const first = instances[0]!.shape;
    const uniform = instances.every((i) => i.shape === first);
    let firstPos = Infinity;
    for (const i of instances) if (i.entry.pos < firstPos) firstPos = i.entry.pos;
    out.push({
      name,
      placeholders: keep,
      instances,
      indexSignature: instances.map((i) => i.indices.join(',')).join(';'),
      shapeSignature: uniform ? `*${first}` : instances.map((i) => i.shape).join(';'),
      words: wordsOf(name.split(PLACEHOLDER).join('')),
      firstPos,
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
