/**
 * Key tokenization local to inference: dot segments, numeric segments as indices, templates.
 * Kept here (small) so inference does not wait on the shared tokenizer; semantics are the same:
 * `layers.3.attention.wq.weight` → segments [layers, 3, attention, wq, weight], template
 * `layers.{}.attention.wq.weight`, indices [3].
 */

export const PLACEHOLDER = '{}';

/** All digits (by hand: this runs for every segment of every key). */
export function isIndexSegment(segment: string): boolean {
  if (segment.length === 0) return false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function segmentsOf(key: string): string[] {
  return key.split('.');
}

/** The key with its numeric segments replaced by `{}` and the values of those segments. */
export function templateOf(key: string): { template: string; indices: number[] } {
  const segs = segmentsOf(key);
  const indices: number[] = [];
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (isIndexSegment(s)) {
      indices.push(Number(s));
      segs[i] = PLACEHOLDER;
    }
  }
  return { template: segs.join('.'), indices };
}

/**
 * Sub-word tokens of a name, for similarity: split on dots, underscores, digit runs and camelCase,
 * lower-cased. `attention_norm` → [attention, norm]; `LayerNorm` → [layer, norm]; `wq` → [wq].
 */
export function wordsOf(name: string): string[] {
  const out: string[] = [];
  for (const part of name.split(/[._\-/]+/)) {
    if (!part) continue;
    const pieces = part.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Za-z])(\d)/g, '$1 $2').replace(/(\d)([A-Za-z])/g, '$1 $2');
    for (const p of pieces.split(' ')) if (p) out.push(p.toLowerCase());
  }
  return out;
}

/** Number of leading segments two segment lists share. */
export function commonPrefixLength(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** Number of trailing segments two segment lists share (never overlapping `skip` leading ones). */
export function commonSuffixLength(a: readonly string[], b: readonly string[], skip = 0): number {
  const n = Math.min(a.length, b.length) - skip;
  let i = 0;
  while (i < n && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

/** Does `key` instantiate `template` (`{}` standing for one index segment)? */
export function instantiates(template: string, key: string): boolean {
  if (!template.includes(PLACEHOLDER)) return false;
  const t = template.split('.');
  const k = key.split('.');
  return t.length === k.length && t.every((s, i) => s === k[i] || (s === PLACEHOLDER && isIndexSegment(k[i]!)));
}
