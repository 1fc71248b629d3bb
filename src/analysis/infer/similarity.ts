/**
 * How alike two names read, 0..1: a soft Dice coefficient over sub-word tokens, where a token
 * matches an equal token fully and an abbreviation (`attn`/`attention`, `ln`/`layernorm`,
 * `tok`/`tokens`) partly. Used only to rank candidates that shapes and structure already allow.
 */
import { ownRow } from '../../formats/own-row.js';
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

/** the attention roles' one-letter names and the words they stand for */
const ROLE_LETTERS: Record<string, string[]> = {
  q: ['query', 'qry'],
  k: ['key', 'keys'],
  v: ['value', 'values', 'val'],
  o: ['out', 'output'],
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
  if (ownRow(KNOWN_ABBREVIATIONS, a)?.includes(b) || ownRow(KNOWN_ABBREVIATIONS, b)?.includes(a)) return 0.6;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s.length >= 3 && l.startsWith(s)) return 0.8;
  let p = 0;
  while (p < s.length && s[p] === l[p]) p++;
  if (p >= 4) return 0.7;
  if (s.length >= 4 && l.endsWith(s)) return 0.7;
  if (isAbbreviation(s, l)) return 0.6;
  // q/k/v/o for query/key/value/out: weak, but it is what separates them when nothing else does. Only those
  // words: any short word's first letter (`k` of an unrelated `krvlcg`) would single out a look-alike by chance
  if (s.length === 1 && ownRow(ROLE_LETTERS, s)?.includes(l)) return 0.4;
  return 0;
}

export function wordSimilarity(a: readonly string[], b: readonly string[]): number {
  return softDice(a.length, b.length, (i, j) => tokenSimilarity(a[i]!, b[j]!));
}

/**
 * The soft Dice coefficient of two lists of na and nb words, `sim(i, j)` the similarity of word i of the
 * first and word j of the second: each word of the first takes the most alike word of the second not
 * taken yet.
 */
function softDice(na: number, nb: number, sim: (i: number, j: number) => number): number {
  if (na === 0 && nb === 0) return 1;
  if (na === 0 || nb === 0) return 0;
  // which of b's words are taken: bits of a number for names of up to 31 words (no allocation per
  // pair: a block of templates compares millions of pairs), an array beyond
  const many = nb > 31;
  const usedB = many ? new Uint8Array(nb) : null;
  let usedBits = 0;
  let total = 0;
  for (let i = 0; i < na; i++) {
    let best = 0;
    let bestJ = -1;
    for (let j = 0; j < nb; j++) {
      if (many ? usedB![j] : usedBits & (1 << j)) continue;
      const s = sim(i, j);
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
  return (2 * total) / (na + nb);
}

/**
 * Words and word lists interned as small numbers, the similarity of two words and of two lists kept:
 * a block of n × m templates at depth (levit, SD UNet past 20,000 keys) compares millions of pairs of
 * lists drawn from a small vocabulary; single keys' lists differ by their numbers, so the lists'
 * memo misses there and the words' memo (numbers, one lookup per word pair) carries it. The values
 * are wordSimilarity's own (the same soft Dice over the same token similarity), so no result changes.
 */
export class WordListMemo {
  private readonly ids = new Map<string, number>();
  private readonly lists: Int32Array[] = [];
  private readonly pairs = new Map<number, number>();
  private readonly tokenIds = new Map<string, number>();
  private readonly tokens: string[] = [];
  private readonly tokenPairs = new Map<number, number>();
  /** bumped when the tables are emptied (a long-lived process meeting many vocabularies): ids of an older generation are void */
  generation = 0;

  /** the id of a list of words (equal lists, equal ids) */
  id(words: readonly string[]): number {
    // JSON: an unambiguous text of the list whatever its words hold
    const text = JSON.stringify(words);
    let id = this.ids.get(text);
    if (id === undefined) {
      if (this.lists.length >= MEMO_MAX_LISTS || this.tokens.length + words.length >= MEMO_MAX_LISTS) {
        this.ids.clear();
        this.lists.length = 0;
        this.pairs.clear();
        this.tokenIds.clear();
        this.tokens.length = 0;
        this.tokenPairs.clear();
        this.generation++;
      }
      this.ids.set(text, (id = this.lists.length));
      this.lists.push(Int32Array.from(words, (w) => this.token(w)));
    }
    return id;
  }

  private token(word: string): number {
    let t = this.tokenIds.get(word);
    if (t === undefined) {
      this.tokenIds.set(word, (t = this.tokens.length));
      this.tokens.push(word);
    }
    return t;
  }

  private tokenPair(a: number, b: number): number {
    if (a === b) return 1;
    const k = a * PAIR_KEY_BASE + b;
    let s = this.tokenPairs.get(k);
    if (s === undefined) {
      s = tokenSimilarity(this.tokens[a]!, this.tokens[b]!);
      if (this.tokenPairs.size < MEMO_MAX_PAIRS) this.tokenPairs.set(k, s);
    }
    return s;
  }

  similarity(a: number, b: number): number {
    const k = a * PAIR_KEY_BASE + b;
    let s = this.pairs.get(k);
    if (s === undefined) {
      const x = this.lists[a]!;
      const y = this.lists[b]!;
      s = softDice(x.length, y.length, (i, j) => this.tokenPair(x[i]!, y[j]!));
      // full: kept as it is (emptying it each time it fills made the misses churn)
      if (this.pairs.size < MEMO_MAX_PAIRS) this.pairs.set(k, s);
    }
    return s;
  }
}

/** ids (of lists, of words) stay below this, so two make one exact number key */
const MEMO_MAX_LISTS = 2 ** 20;
const PAIR_KEY_BASE = MEMO_MAX_LISTS;
const MEMO_MAX_PAIRS = 1_000_000;

export function nameSimilarity(a: string, b: string): number {
  return wordSimilarity(keyWords(a), keyWords(b));
}

/**
 * wordsOf(key), its parts (between `.`, `_`, `-`, `/`) read once each: a key is new each call (a fused
 * whole against its family's pattern, per block at 100,000 keys), its parts (`blocks`, `attn`, `qkv`)
 * are not. A part holds no separator, so wordsOf(part) is exactly what wordsOf(key) makes of it.
 */
function keyWords(key: string): string[] {
  const out: string[] = [];
  for (const part of key.split(/[._\-/]+/)) {
    if (!part) continue;
    // an index is its own word (no letter to split at or lower)
    if (isDigits(part)) {
      out.push(part);
      continue;
    }
    let words = PART_WORDS.get(part);
    if (words === undefined) {
      words = wordsOf(part);
      if (PART_WORDS.size < PART_WORDS_MAX) PART_WORDS.set(part, words);
    }
    for (const w of words) out.push(w);
  }
  return out;
}
const PART_WORDS = new Map<string, readonly string[]>();
const PART_WORDS_MAX = 50_000;

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
