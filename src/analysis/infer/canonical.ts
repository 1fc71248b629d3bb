/**
 * Step 2d: names equal up to synonyms, separators and case (`norm.1.weight` vs `norm1.weight`,
 * `LayerNorm.gamma` vs `LayerNorm.weight`), also after one of the prefix rules already found.
 * Only one-to-one coincidences count.
 */
import { CONFIDENCE } from './confidence.js';
import { isCanonical, squashedKey } from './synonyms.js';
import { applyPrefixRule } from './prefix.js';
import { canCorrespond } from './shapes.js';
import { IntMap } from './int-map.js';
import type { KeyPair, Pool } from './types.js';

/** A squashed name more than one key has: no evidence for any of them. */
const SEVERAL = '\u0000several';

/**
 * A hash of squashedKey(text.slice(from)) continuing `h`, read off the text in place: dots and underscores
 * skipped, ASCII capitals lowered. -1 where a character is not ASCII (toLowerCase is then the reference).
 * Equal to squashHash(squashedKey(text)) for a text that is canonical (isCanonical) and ASCII, and for
 * a rule's `add` joined to such a key's rest by continuing the hash of `add`: squashing is per character.
 */
function squashHash(text: string, from: number, h: number): number {
  for (let i = from; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c === 46 || c === 95) continue;
    if (c > 127) return -1;
    if (c >= 65 && c <= 90) c += 32;
    h = (Math.imul(h, 31) + c) | 0;
  }
  return h;
}

/** hashes cut to 30 bits: non-negative keys of an IntMap */
const SMI = 0x3fffffff;

/** squashHash of any key: in place where the key is canonical and ASCII, else of squashedKey's text */
function keyHash(key: string, plain: boolean): number {
  const h = plain ? squashHash(key, 0, 0) : -1;
  return h !== -1 ? h : stringHash(squashedKey(key));
}

/** squashHash of a text already squashed (any characters: squashedKey lowered them) */
function stringHash(squashed: string): number {
  let h = 0;
  for (let i = 0; i < squashed.length; i++) {
    let c = squashed.charCodeAt(i);
    if (c === 46 || c === 95) continue;
    if (c >= 65 && c <= 90) c += 32;
    h = (Math.imul(h, 31) + c) | 0;
  }
  return h;
}

/** no target under a hash (byHash holds a target's number, or -1: several names under it) */
const NONE = -2;

/** targets whose squashed names share a hash: each distinct name once, with whether several targets have it */
interface Shared {
  squashed: string;
  target: string;
  several: boolean;
}

export function matchCanonical(pool: Pool, rules: readonly { strip: string; add: string }[]): KeyPair[] {
  // squashed name → the one target key that has it, or SEVERAL; by the name's hash, with no string or
  // object per key: a target alone under its hash is verified by its squashed name only when a source
  // hashes there too (squashing 100,000 names a side and a map of them was this step's cost at scale)
  const targetKeys = [...pool.target.keys()];
  // hash → the number of the one target under it, or -1: several under it (`shared`)
  const byHash = new IntMap(targetKeys.length);
  const shared = new Map<number, Shared[]>();
  const list = (h: number, j: number): Shared[] => {
    const t = targetKeys[j]!;
    const l = [{ squashed: squashedKey(t), target: t, several: false }];
    shared.set(h, l);
    byHash.set(h, -1);
    return l;
  };
  for (let j = 0; j < targetKeys.length; j++) {
    const t = targetKeys[j]!;
    const h = keyHash(t, isCanonical(t)) & SMI;
    const at = byHash.get(h, NONE);
    if (at === NONE) {
      byHash.set(h, j);
      continue;
    }
    const l = at >= 0 ? list(h, at) : shared.get(h)!;
    const q = squashedKey(t);
    const same = l.find((x) => x.squashed === q);
    if (same) same.several = true;
    else l.push({ squashed: q, target: t, several: false });
  }
  /** the one target whose squashed name is `q` (hashed `h`), or undefined / SEVERAL as a map of the names gave */
  const lookUp = (h: number, q: string): string | undefined => {
    const at = byHash.get(h & SMI, NONE);
    if (at >= 0) return squashedKey(targetKeys[at]!) === q ? targetKeys[at]! : undefined;
    const x = shared.get(h & SMI)!.find((y) => y.squashed === q);
    return x === undefined ? undefined : x.several ? SEVERAL : x.target;
  };
  // a canonical ASCII key joined to a rule's canonical ASCII `add`, both cut at dots, is hashed in place
  const atDot = (p: string) => p === '' || p.endsWith('.');
  const withIdentity = [{ strip: '', add: '' }, ...rules].map((r) => ({ ...r, h: isCanonical(r.add) && atDot(r.add) && atDot(r.strip) ? squashHash(r.add, 0, 0) : -1 }));
  // target → the one source key that claims it, or SEVERAL
  const claims = new Map<string, string>();
  for (const s of pool.source.keys()) {
    const plain = isCanonical(s);
    // the one target this source's names agree on (null: none yet; SEVERAL: they disagree)
    let seen: string | null = null;
    for (const rule of withIdentity) {
      if (!s.startsWith(rule.strip)) continue;
      let h = plain && rule.h !== -1 ? squashHash(s, rule.strip.length, rule.h) : -1;
      // the squashed name itself only where the hash may be a target's (or could not be read in place)
      let q: string | null = null;
      if (h === -1) h = stringHash((q = squashedKey(applyPrefixRule(rule, s)!)));
      if (!byHash.has(h & SMI)) continue;
      const hit = lookUp(h, q ?? squashedKey(applyPrefixRule(rule, s)!));
      if (hit === undefined || hit === SEVERAL) continue;
      seen = seen === null || seen === hit ? hit : SEVERAL;
    }
    if (seen !== null && seen !== SEVERAL) claims.set(seen, claims.has(seen) ? SEVERAL : s);
  }
  const pairs: KeyPair[] = [];
  for (const [t, s] of claims) {
    if (s === SEVERAL) continue;
    if (!canCorrespond(pool.source.get(s)!, pool.target.get(t)!)) continue;
    pairs.push({ source: s, target: t, stage: 'canonical', confidence: CONFIDENCE.canonical });
  }
  return pairs;
}
