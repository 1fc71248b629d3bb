import { Buffer, isAscii } from 'node:buffer';
import { ByteKeyTable } from './byte-keys.js';
import { FormatError } from './errors.js';
import { isWs } from './safetensors/columns.js';
import { objectKeysInOrder } from './safetensors/json-keys.js';
import { scanStringPairs } from './safetensors/json-scan.js';
import { TextWindow } from './safetensors/text-window.js';

/**
 * A Hugging Face sharded-checkpoint index (`model.safetensors.index.json`, `pytorch_model.bin.index.json`):
 * `{"metadata": {...}, "weight_map": {"<tensor key>": "<shard file>", ...}}`.
 */
export interface ShardIndex {
  metadata: Record<string, unknown>;
  /** tensor key → shard file name (relative to the index's directory), in file order */
  weightMap: Map<string, string>;
  /** distinct shard file names in shard order (shardOrder), whatever order weight_map names them in */
  shards: string[];
}

/**
 * The order shards are listed and read in: by name, a run of digits by its number (`model-2-of-10`
 * before `model-10-of-10`), so `model-00001-of-00020` … `model-00020-of-00020` come in their numbered
 * order. weight_map's keys are usually sorted as text (`layers.0`, `layers.1`, `layers.10`, …), so the
 * order a map first names its shards in is neither the files' order nor a useful one; this one does
 * not depend on the map, the locale or which shard was read first.
 */
export function shardOrder(a: string, b: string): number {
  const runs = /\d+|\D+/g;
  const pa = a.match(runs) ?? [];
  const pb = b.match(runs) ?? [];
  for (let k = 0; k < Math.min(pa.length, pb.length); k++) {
    const x = pa[k]!;
    const y = pb[k]!;
    if (x === y) continue;
    if (isDigit(x) && isDigit(y)) {
      const nx = x.replace(/^0+(?=\d)/, '');
      const ny = y.replace(/^0+(?=\d)/, '');
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
    }
    // different texts (or the same number spelled with other zeros): code-unit order decides
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

const isDigit = (run: string): boolean => run.charCodeAt(0) >= 0x30 && run.charCodeAt(0) <= 0x39;

export function looksLikeShardIndex(text: string): boolean {
  return /^\uFEFF?\s*\{/.test(text) && /"weight_map"\s*:\s*\{/.test(text);
}

/** `restOnly`: the document with `{}` in weight_map's place (scanShardIndexColumns reads the map itself). */
export function readShardIndex(text: string, file: string, opts: { exact?: boolean; restOnly?: boolean } = {}): ShardIndex {
  const fail = (msg: string): never => {
    throw new FormatError(file, `bad shard index: ${msg}`);
  };
  const body = text.replace(/^\uFEFF/, '');
  const fast = opts.exact ? null : scanIndex(body);
  let json: unknown;
  try {
    json = fast ? fast.rest : JSON.parse(body);
  } catch (e) {
    return fail(`not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('not a JSON object');
  const top = json as Record<string, unknown>;
  if (!fast && weightMapKeyMayRepeat(body) && (objectKeysInOrder(body, []) ?? []).filter((k) => k === 'weight_map').length > 1) fail('"weight_map" appears twice');

  const metadata = top.metadata ?? {};
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) fail('"metadata" is not an object');
  const weights = top.weight_map;
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) return fail('no "weight_map" object');

  const keys = fast ? fast.keys : objectKeysInOrder(body, ['weight_map']) ?? [];
  const shardOf = fast ? (k: number) => fast.values[k] : (k: number) => (weights as Record<string, unknown>)[keys[k]!];
  const weightMap = new Map<string, string>();
  const shards: string[] = [];
  const seenShards = new Set<string>();
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (weightMap.has(key)) fail(`weight_map names tensor "${key}" twice`);
    const shard = shardOf(k);
    if (typeof shard !== 'string' || shard === '') fail(`weight_map entry "${key}" is not a shard file name`);
    const name = shard as string;
    // a few shard names repeat 100,000 times: each is checked once, when first seen
    if (!seenShards.has(name)) {
      if (escapesDirectory(name)) fail(`shard "${name}" (for "${key}") is not a file beside the index`);
      seenShards.add(name);
      shards.push(name);
    }
    weightMap.set(key, name);
  }
  // an index naming nothing read as a set of 0 keys, "safe", while its shards sat beside it unread (review 19 F11)
  if (weightMap.size === 0 && !opts.restOnly) fail('its weight_map is empty: it names no tensor and so no shard (a set\'s index lists every tensor with its shard)');
  return { metadata: metadata as Record<string, unknown>, weightMap, shards: shards.sort(shardOrder) };
}

/**
 * The index read in one pass where it can be: weight_map's members scanned in document order
 * (json-scan.ts), the rest of the document — with `{}` in weight_map's place — parsed by JSON.parse.
 * Null (read the exact way) when the text holds a backslash, names "weight_map" other than once, or
 * the map is outside the scan's subset or repeats a key (the exact way words that error, with the
 * value JSON.parse keeps).
 */
function scanIndex(body: string): { rest: unknown; keys: string[]; values: string[] } | null {
  if (body.includes('\\')) return null;
  const at = body.indexOf('"weight_map"');
  if (at < 0 || body.indexOf('"weight_map"', at + 1) >= 0) return null;
  let open = at + '"weight_map"'.length;
  while (open < body.length && body.charCodeAt(open) !== 0x7b) {
    // only whitespace and the colon may come between the key and its object
    if (!/[\s:]/.test(body[open]!)) return null;
    open++;
  }
  const pairs = scanStringPairs(body, open);
  if (!pairs || new Set(pairs.keys).size !== pairs.keys.length) return null;
  let rest: unknown;
  try {
    rest = JSON.parse(`${body.slice(0, open)}{}${body.slice(pairs.end)}`);
  } catch {
    return null;
  }
  // the one "weight_map" token is the top level's key only if the top level now holds the placeholder
  const placeholder = typeof rest === 'object' && rest !== null && !Array.isArray(rest) ? (rest as Record<string, unknown>).weight_map : undefined;
  if (typeof placeholder !== 'object' || placeholder === null || Array.isArray(placeholder) || Object.keys(placeholder).length !== 0) return null;
  return { rest, keys: pairs.keys, values: pairs.values };
}

/**
 * Whether the top level may name "weight_map" twice (JSON.parse keeps the last, silently). Without a
 * backslash in the text every quote delimits a string, so one `"weight_map"` token means one such key
 * and the walk over the whole index for its top-level keys is skipped; otherwise the walk decides.
 */
function weightMapKeyMayRepeat(text: string): boolean {
  if (text.includes('\\')) return true;
  const first = text.indexOf('"weight_map"');
  return first >= 0 && text.indexOf('"weight_map"', first + 1) >= 0;
}

/** Shards are opened relative to the index; absolute names and `..` would read other files. */
function escapesDirectory(name: string): boolean {
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || name.includes('\0')) return true;
  return name.split(/[\\/]/).some((seg) => seg === '..');
}

/** whitespace, then a plain string (printable ASCII, no quote or backslash) */
const WS_PLAIN = '[ \\t\\n\\r]*"[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*"';
/**
 * One weight_map member, `"key": "shard"` with whitespace between its tokens, and the `,` or `}` after
 * it: matched by the regular expression engine, whose compiled code runs from the first member (a
 * byte loop runs cold in V8's interpreter for much of a one-shot CLI's reading; bench/scale-reading.md).
 */
const WEIGHT_MAP_MEMBER = new RegExp(`${WS_PLAIN}[ \\t\\n\\r]*:${WS_PLAIN}[ \\t\\n\\r]*[,}]`, 'y');

/**
 * The number of the shard `name`, numbered as first met; -1 for a name readShardIndex refuses. A Map of
 * the few names, keyed by the member's value as text: sorted by key (transformers' sort_keys), the
 * members of a set take turns between its shards (`layers.1` … `layers.10` … `layers.100`), and hashing
 * its ~33 bytes in JavaScript at each turn had been most of the index's scan (issue 14). The scan asks
 * only when a member names another shard than the one before it (in the bench's set one member in five,
 * in a set of a real writer's layout one in fifty).
 */
function shardNumber(name: string, shardNames: Map<string, number>, shards: string[]): number {
  const known = shardNames.get(name);
  if (known !== undefined) return known;
  if (name === '' || escapesDirectory(name)) return -1;
  shardNames.set(name, shards.length);
  shards.push(name);
  return shards.length - 1;
}

/** An index read into columns for a caller that only reports (inspect): no string or Map entry per key. */
export interface ShardIndexColumns {
  /**
   * weight_map's keys in file order, as byte ranges of the index; distinct. When the scan was asked to
   * leave the hashing to its caller and the keys came in strictly ascending order (which makes them
   * distinct), they are not hashed: `keys.checked` is false until `keys.checkNow()`.
   */
  keys: ByteKeyTable;
  /** per key, its shard: an index into `shards` */
  shardOf: Int32Array;
  /** distinct shard file names in shard order, as readShardIndex lists them */
  shards: string[];
}

/**
 * readShardIndex's reading of an all-ASCII index without a backslash, weight_map scanned as bytes: the
 * keys stay ranges of `bytes`, a shard name is made once per run of equal names. Null when the index is
 * outside that subset or readShardIndex would refuse it (the caller then reads it with readShardIndex,
 * which words the error): the rest of the document, with `{}` in weight_map's place, is read by
 * readShardIndex itself, so both agree on everything but the map.
 */
export function scanShardIndexColumns(bytes: Uint8Array, file: string, keysCheckedLater = false): ShardIndexColumns | null {
  const n = bytes.length;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, n);
  if (!isAscii(text) || text.indexOf(0x5c) >= 0) return null;
  const at = text.indexOf('"weight_map"');
  if (at < 0 || text.indexOf('"weight_map"', at + 1) >= 0) return null;
  let i = at + '"weight_map"'.length;
  // only whitespace and the colon may come between the key and its object
  while (isWs(bytes[i]) || bytes[i] === 0x3a) i++;
  const open = i;
  if (bytes[i++] !== 0x7b) return null;
  // a member is at least `"k":"v"` and a comma
  const cap = Math.floor(n / 8) + 1;
  // ~70 bytes a member is typical ("key": "model-00001-of-00020.safetensors"): the table grows if there are more
  const keys = new ByteKeyTable(bytes, Math.floor(n / 64), keysCheckedLater);
  // while the keys come in ascending order they are distinct without a hash each (transformers writes
  // the index with sort_keys): compared as latin1 text, which orders ASCII as bytes
  let ascending = keysCheckedLater;
  let previous = '';
  const shardOf = new Int32Array(cap);
  const shards: string[] = [];
  const shardNames = new Map<string, number>();
  let previousName: string | null = null;
  let previousShard = -1;
  while (bytes[i]! <= 0x20 && isWs(bytes[i])) i++;
  if (bytes[i] === 0x7d) i++;
  else {
    // the text a window at a time (text-window.ts: no string of the whole index)
    const window = new TextWindow(bytes);
    window.moveTo(i);
    for (;;) {
      // the member, checked whole by the expression; its four quotes are then found by indexOf in the
      // window, which holds all of it (positions below are the window's, base + them the index's)
      const member = WEIGHT_MAP_MEMBER;
      if (!window.matchAt(member, i)) return null;
      const { text: s, base } = window;
      const keyOpen = s.indexOf('"', i - base);
      const keyClose = s.indexOf('"', keyOpen + 1);
      if (ascending) {
        const key = s.substring(keyOpen + 1, keyClose);
        ascending = previous < key;
        previous = key;
      }
      const e = keys.add(base + keyOpen + 1, keyClose - keyOpen - 1);
      if (e < 0) return null;
      const start = s.indexOf('"', keyClose + 1) + 1;
      // a member mostly names the shard of the member before it (a sorted map lists a layer's tensors
      // together): one comparison of the two names then takes the place of the Map lookup, whose hash
      // of a new string is most of its cost (issue 14: the 20-shard set's index scan ~48 -> ~43 ms of CPU)
      const name = s.substring(start, s.indexOf('"', start));
      const last = name === previousName ? previousShard : shardNumber(name, shardNames, shards);
      if (last < 0) return null;
      previousName = name;
      previousShard = last;
      shardOf[e] = last;
      i = base + member.lastIndex;
      if (bytes[i - 1] === 0x7d) break;
    }
  }
  try {
    // an empty map is refused by readShardIndex, which words it
    if (keys.size === 0) return null;
    const rest = readShardIndex(`${text.toString('latin1', 0, open)}{}${text.toString('latin1', i)}`, file, { restOnly: true });
    if (rest.weightMap.size !== 0) return null;
  } catch (e) {
    if (e instanceof FormatError) return null;
    throw e;
  }
  // shard numbers in readShardIndex's order: first-seen numbers mapped to sorted ones
  const sorted = shards.map((name, s) => ({ name, s })).sort((x, y) => shardOrder(x.name, y.name));
  const renumber = new Int32Array(shards.length);
  sorted.forEach((x, k) => (renumber[x.s] = k));
  for (let e = 0; e < keys.size; e++) shardOf[e] = renumber[shardOf[e]!]!;
  // out of order: checked here, as the scan would have checked each key as it came
  if (!ascending && !keys.checkNow()) return null;
  return { keys, shardOf, shards: sorted.map((x) => x.name) };
}
