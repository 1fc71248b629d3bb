/**
 * Whether the order of definition alone chose between two template pairs (assign.ts). A block's assignment scores
 * names and rank (the templates' order on each side); where two chosen pairs would fit as well swapped by shapes
 * and names, rank decided. Within a numbered sequence that is the numbers' evidence (`blocks.{}` ↔ `layers.{}`);
 * between differently named siblings of one shape it is the other model's order of definition, its author's choice
 * (s24-verify F6 through templates: PP-YOLOE's `stages.N.conv1` / `conv2` paired with a port's `main_conv` /
 * `short_conv` by the port's order, 30 of 120 tensors swapped at exit 0). The coordinator's policy (session 25):
 * such twins are listed, unless other evidence singles the pairs out — a known role (roles table, attention
 * projections) that either pair keeps, names that enumerate on both sides in the order chosen, or places the names
 * say (`before`, `after`) against the other side's enumeration.
 */
import { ordinalsOf, pairedByPlaces } from './ordinal-names.js';
import { qkvRoles } from './fused.js';
import { isIndexSegment, PLACEHOLDER, splitKey } from '../key-tokens.js';

/** one chosen pair: its two templates' names and a key of each (the roles table reads keys) */
export interface ChosenPair {
  source: string;
  target: string;
  sourceKey: string;
  targetKey: string;
}

/** each side's key roles by the roles table (role-names.ts keyRoles) */
export interface SideRoles {
  source: (key: string) => string | null;
  target: (key: string) => string | null;
}

/**
 * Two template names alike but for one segment (`stages.{}.conv1.conv.weight`, `stages.{}.conv2.conv.weight`): those
 * two segments, else null (alike, or more than one segment differs, or a placeholder differs).
 */
function apartAt(a: string, b: string): [string, string] | null {
  const x = splitKey(a);
  const y = splitKey(b);
  if (x.length !== y.length) return null;
  let at = -1;
  for (let k = 0; k < x.length; k++) {
    if (x[k] === y[k]) continue;
    if (at >= 0) return null;
    at = k;
  }
  if (at < 0 || x[at] === PLACEHOLDER || y[at] === PLACEHOLDER) return null;
  return [x[at]!, y[at]!];
}

/** the one attention projection a name is for (`wq`, `q_proj`), else null */
function qkvRole(name: string): number | null {
  const r = qkvRoles(name);
  return r && r.length === 1 ? r[0]! : null;
}

/**
 * Whether nothing but the order of definition chose `a` and `b` over their swap, given that their swap fits as
 * well by shapes and names (the caller's test): both sides' templates are siblings named apart, no known role
 * backs either pair, and no enumeration or place pairs them as chosen.
 */
export function orderAloneChose(a: ChosenPair, b: ChosenPair, roles?: SideRoles): boolean {
  const sa = apartAt(a.source, b.source);
  const ta = sa && apartAt(a.target, b.target);
  // not two siblings named apart on each side: nothing here to judge
  if (!sa || !ta) return false;
  // a list's members on either side: a numbered sequence, whose numbers are evidence (blocks.0..N ↔ layers.0..N)
  if ([...sa, ...ta].some(isIndexSegment)) return false;
  // a known role either chosen pair keeps on both sides (YOLOv5 C3's cv1 is MMYOLO's main_conv; Meta's wq is q_proj,
  // though its wo and HF's o_proj have no q/k/v role): the swap would break it, so the order did not choose alone
  for (const [i, p] of [a, b].entries()) {
    const q = qkvRole(sa[i]!);
    if (q !== null && q === qkvRole(ta[i]!)) return false;
    const r = roles?.source(p.sourceKey) ?? null;
    if (r !== null && r === roles!.target(p.targetKey)) return false;
  }
  const os = ordinalsOf(sa);
  const ot = ordinalsOf(ta);
  // both sides enumerate (`conv1`, `conv2` against `conv_a`, `conv_b`): the enumerations decide where they pair as chosen
  if (os && ot) return (os[0]! < os[1]!) !== (ot[0]! < ot[1]!);
  // one side enumerates and the other's names place them (`norm1`, `norm2` are `layernorm_before`, `layernorm_after`)
  const placed = os ? pairedByPlaces(os, ta) : ot ? pairedByPlaces(ot, sa)?.map(([j, i]) => [i, j] as [number, number]) : null;
  return !(placed && placed.length === 2 && placed.every(([x, y]) => x === y));
}
