/**
 * How alike two names read, 0..1: a soft Dice coefficient over sub-word tokens, where a token
 * matches an equal token fully and an abbreviation (`attn`/`attention`, `ln`/`layernorm`,
 * `tok`/`tokens`) partly. Used only to rank candidates that shapes and structure already allow.
 */
import { wordsOf } from '../key-tokens.js';

function isAbbreviation(short: string, long: string): boolean {
  if (short.length < 2 || short.length >= long.length || short[0] !== long[0]) return false;
  let j = 0;
  for (const ch of long) if (ch === short[j]) j++;
  return j === short.length;
}

/** Abbreviations that share no letters in order with what they stand for. */
const KNOWN_ABBREVIATIONS: Record<string, string[]> = {
  ln: ['norm', 'layernorm'],
  bn: ['norm', 'batchnorm'],
  gn: ['norm', 'groupnorm'],
};

/**
 * Token pairs already compared: names come from a small vocabulary (`blocks`, `attn`, `qkv`…) and a block
 * of templates compares the same pairs millions of times at depth. Cleared when it grows past a bound.
 */
const memo = new Map<string, Map<string, number>>();
const MEMO_MAX_TOKENS = 20_000;

export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  let row = memo.get(a);
  if (row === undefined) {
    if (memo.size >= MEMO_MAX_TOKENS) memo.clear();
    memo.set(a, (row = new Map()));
  }
  let s = row.get(b);
  if (s === undefined) row.set(b, (s = compareTokens(a, b)));
  return s;
}

function compareTokens(a: string, b: string): number {
  if (KNOWN_ABBREVIATIONS[a]?.includes(b) || KNOWN_ABBREVIATIONS[b]?.includes(a)) return 0.6;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s.length >= 3 && l.startsWith(s)) return 0.8;
  let p = 0;
  while (p < s.length && s[p] === l[p]) p++;
  if (p >= 4) return 0.7;
  if (s.length >= 4 && l.endsWith(s)) return 0.7;
  if (isAbbreviation(s, l)) return 0.6;
  // q/k/v/o for query/key/value/out: weak, but it is what separates them when nothing else does
  if (s.length === 1 && /[a-z]/.test(s) && l[0] === s && l.length <= 6) return 0.4;
  return 0;
}

export function wordSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  // which of b's words are taken: bits of a number for names of up to 31 words (no allocation per
  // pair: a block of templates compares millions of pairs), an array beyond
  const many = b.length > 31;
  const usedB = many ? new Uint8Array(b.length) : null;
  let usedBits = 0;
  let total = 0;
  for (const x of a) {
    let best = 0;
    let bestJ = -1;
    for (let j = 0; j < b.length; j++) {
      if (many ? usedB![j] : usedBits & (1 << j)) continue;
      const s = tokenSimilarity(x, b[j]!);
      if (s > best) {
        best = s;
        bestJ = j;
        if (s === 1) break;
      }
    }
    if (bestJ >= 0) {
      if (many) usedB![bestJ] = 1;
      else usedBits |= 1 << bestJ;
      total += best;
    }
  }
  return (2 * total) / (a.length + b.length);
}

/**
 * Word lists interned as small numbers, and the similarity of two interned lists kept: a block of n × m
 * templates at depth compares a few dozen distinct word lists millions of times (levit, SD UNet past
 * 20,000 keys: most of their time). The value is wordSimilarity's own, so the memo changes no result.
 */
export class WordListMemo {
  private readonly ids = new Map<string, number>();
  private readonly lists: (readonly string[])[] = [];
  private readonly pairs = new Map<number, number>();
  /** bumped when the tables are emptied (a long-lived process meeting many vocabularies): ids of an older generation are void */
  generation = 0;

  /** the id of a list of words (equal lists, equal ids) */
  id(words: readonly string[]): number {
    // JSON: an unambiguous text of the list whatever its words hold
    const text = JSON.stringify(words);
    let id = this.ids.get(text);
    if (id === undefined) {
      if (this.lists.length >= MEMO_MAX_LISTS) {
        this.ids.clear();
        this.lists.length = 0;
        this.pairs.clear();
        this.generation++;
      }
      this.ids.set(text, (id = this.lists.length));
      this.lists.push(words);
    }
    return id;
  }

  similarity(a: number, b: number): number {
    const k = a * PAIR_KEY_BASE + b;
    let s = this.pairs.get(k);
    if (s === undefined) {
      if (this.pairs.size >= MEMO_MAX_PAIRS) this.pairs.clear();
      this.pairs.set(k, (s = wordSimilarity(this.lists[a]!, this.lists[b]!)));
    }
    return s;
  }
}

/** ids stay below this, so two make one exact number key */
const MEMO_MAX_LISTS = 2 ** 20;
const PAIR_KEY_BASE = MEMO_MAX_LISTS;
const MEMO_MAX_PAIRS = 1_000_000;

export function nameSimilarity(a: string, b: string): number {
  return wordSimilarity(wordsOf(a), wordsOf(b));
}
