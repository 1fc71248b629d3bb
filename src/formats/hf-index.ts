import { FormatError } from './errors.js';
import { objectKeysInOrder } from './safetensors/json-keys.js';

/**
 * A Hugging Face sharded-checkpoint index (`model.safetensors.index.json`, `pytorch_model.bin.index.json`):
 * `{"metadata": {...}, "weight_map": {"<tensor key>": "<shard file>", ...}}`.
 */
export interface ShardIndex {
  metadata: Record<string, unknown>;
  /** tensor key → shard file name (relative to the index's directory), in file order */
  weightMap: Map<string, string>;
  /** distinct shard file names in first-seen order */
  shards: string[];
}

export function looksLikeShardIndex(text: string): boolean {
  return /^\uFEFF?\s*\{/.test(text) && /"weight_map"\s*:\s*\{/.test(text);
}

export function readShardIndex(text: string, file: string): ShardIndex {
  const fail = (msg: string): never => {
    throw new FormatError(file, `bad shard index: ${msg}`);
  };
  const body = text.replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    return fail(`not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('not a JSON object');
  const top = json as Record<string, unknown>;
  if (weightMapKeyMayRepeat(body) && (objectKeysInOrder(body, []) ?? []).filter((k) => k === 'weight_map').length > 1) fail('"weight_map" appears twice');

  const metadata = top.metadata ?? {};
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) fail('"metadata" is not an object');
  const weights = top.weight_map;
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) return fail('no "weight_map" object');

  const weightMap = new Map<string, string>();
  const shards: string[] = [];
  const seenShards = new Set<string>();
  for (const key of objectKeysInOrder(body, ['weight_map']) ?? []) {
    if (weightMap.has(key)) fail(`weight_map names tensor "${key}" twice`);
    const shard = (weights as Record<string, unknown>)[key];
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
  return { metadata: metadata as Record<string, unknown>, weightMap, shards };
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
