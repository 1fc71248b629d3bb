import type { ByteSource } from '../formats/byte-source.js';
import { FormatError } from '../formats/errors.js';
import { readShardIndex } from '../formats/hf-index.js';
import type { PyDict, PyTensor, PyValue } from '../formats/pickle/values.js';
import type { FileContents, FileRef } from './contents.js';
import { MAX_INDEX_BYTES, shardedDetail } from './format-detail.js';
import { siblingPath } from './sources.js';
import { candidateEntries, walkTree } from './walk.js';

/**
 * A Hugging Face sharded checkpoint through its index: every shard is opened (relative to the index's
 * folder, with the reader its content calls for) and the result is one tree, keys in weight_map order.
 * Every weight_map key must be found in the shard it names; tensors a shard holds beyond the index are
 * kept (transformers loads whole shards) and reported.
 */
export function readShardedFile(src: ByteSource, ref: FileRef, readShard: (ref: FileRef) => FileContents): FileContents {
  if (src.size > MAX_INDEX_BYTES) throw new FormatError(ref.path, `shard index of ${src.size} bytes is over the ${MAX_INDEX_BYTES}-byte limit`);
  const index = readShardIndex(new TextDecoder('utf-8').decode(src.read(0, src.size)), ref.path);
  const byShard = new Map<string, Map<string, Entry>>();
  const pickles: FileContents['pickles'] = [];
  const detail = [shardedDetail(index.shards.length, index.weightMap.size)];
  let size = src.size;
  for (const shard of index.shards) {
    const c = readShard({ path: siblingPath(ref.path, shard), name: siblingPath(ref.name, shard) });
    size += c.size;
    for (const s of c.pickles) pickles.push({ ...s, where: `${shard}: ${s.where}` });
    if (c.root === null) throw new FormatError(ref.name, `shard ${shard} could not be read: ${c.error?.message ?? c.detail.join('; ')}`);
    byShard.set(shard, shardTensors(c.root));
    detail.push(`${shard}: ${c.format}`);
  }

  const root: PyDict = { kind: 'dict', entries: [] };
  const missing: string[] = [];
  // how many of each shard's tensors the index named: a shard whose every tensor was named holds none beyond it
  const named = new Map<string, number>();
  for (const [key, shard] of index.weightMap) {
    const e = byShard.get(shard)!.get(key);
    if (e) {
      root.entries.push(e);
      named.set(shard, (named.get(shard) ?? 0) + 1);
    } else missing.push(`"${key}" (→ ${shard})`);
  }
  if (missing.length > 0) {
    throw new FormatError(ref.name, `shard index names ${missing.length} key(s) its shards do not hold: ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}`);
  }
  for (const [shard, tensors] of byShard) {
    if (named.get(shard) === tensors.size) continue;
    let extra = 0;
    // a second copy of a key the index maps to another shard is not read: the index's copy is the key's,
    // as transformers loads it; read twice, one key would be two tensors (review 14 F4)
    const copies: string[] = [];
    for (const [key, e] of tensors) {
      const at = index.weightMap.get(key);
      if (at === undefined) {
        root.entries.push(e);
        extra++;
      } else if (at !== shard) copies.push(key);
    }
    if (extra > 0) detail.push(`${shard} holds ${extra} tensor(s) the index does not list`);
    if (copies.length > 0) detail.push(`${shard} also holds ${copies.length} key(s) the index maps to another shard (\`${copies[0]}\`${copies.length > 1 ? ', …' : ''}): not read, the index's copy is the key's (as transformers loads it)`);
  }
  return { format: 'hf-sharded', detail, root, error: null, pickles, size };
}

/** A dict entry of the merged root: a shard's own entry is reused (its root is dropped), not copied. */
type Entry = [string, PyTensor];

/** A shard's state dict by key: its root if that is one, else its largest state-dict candidate. */
function shardTensors(root: PyValue): Map<string, Entry> {
  const flat = flatTensorDict(root);
  if (flat) return flat;
  const out = new Map<string, Entry>();
  const best = walkTree(root).stateDicts.reduce<ReturnType<typeof walkTree>['stateDicts'][number] | null>(
    (a, c) => (a === null || c.keys.length > a.keys.length ? c : a),
    null,
  );
  if (!best) return out;
  for (const [k, t] of candidateEntries(root, best)) out.set(k, [k, t]);
  return out;
}

/**
 * A root that is a dict of str → tensor and nothing else (every safetensors shard) is its own state
 * dict: its entries are taken as they are, without walking the tree for candidates (50,000 tensors in
 * 20 shards spent a tenth of their reading time in that walk).
 */
function flatTensorDict(root: PyValue): Map<string, Entry> | null {
  if (typeof root !== 'object' || root === null || root.kind !== 'dict' || root.entries.length === 0) return null;
  const out = new Map<string, Entry>();
  for (const e of root.entries) {
    const [k, t] = e;
    if (typeof k !== 'string' || typeof t !== 'object' || t === null || t.kind !== 'tensor' || out.has(k)) return null;
    out.set(k, e as Entry);
  }
  return out;
}
