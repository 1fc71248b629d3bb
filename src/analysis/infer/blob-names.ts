/**
 * Stage 0, read names: a checkpoint of Caffe2 / Detectron blobs names every tensor with one
 * underscore-joined word (`res2_0_branch2a_bn_s`) where the model has a module path
 * (`res2.0.conv1.norm.weight`). Read as a name, such a key matches nothing structurally and every
 * blob becomes its own rename (detectron2's `convert_basic_c2_names` starts by `_` → `.`). Here the
 * blobs are read as module paths first (key-tokens.ts `blobSegments`), their abbreviated parameter
 * names as PyTorch's (synonyms.ts `BLOB_LEAVES`), as a few leading rename ops; the stages then pair
 * `res2.0.branch2a.bn.weight` by structure like any dotted key.
 */
import type { KeyEntry } from '../../formats/keys.js';
import type { PlanOp } from '../op-vocabulary.js';
import { blobSegments } from '../key-tokens.js';
import { BLOB_LEAVES } from './synonyms.js';
import { CONFIDENCE } from './confidence.js';
import { escapeRegex } from './regex.js';

export interface BlobReading {
  /** the source entries under their module-path names, in the same order */
  entries: KeyEntry[];
  /** the rename ops that turn the blob names into those names (they run before every other op) */
  ops: PlanOp[];
  /** module-path name → the blob name it was read from */
  original: Map<string, string>;
}

/** Below this share of a side's keys being blob names, the side is not a blob checkpoint. */
const MIN_BLOB_SHARE = 0.9;

/**
 * The source read as module paths, when it is a blob checkpoint and the model is not (a model whose
 * keys are blobs too matches them as they are); null otherwise. Dotless keys without an underscore
 * (`lr`) keep their names; no key may have a dot (the leaf renames could meet it).
 */
export function readBlobNames(source: readonly KeyEntry[], target: readonly KeyEntry[]): BlobReading | null {
  if (source.length === 0 || target.length === 0) return null;
  const segsOf = source.map((e) => blobSegments(e.key));
  const blobs = segsOf.filter((s) => s !== null).length;
  // a dotted key among them could meet the leaf renames below: only all-blob checkpoints are read
  if (blobs < MIN_BLOB_SHARE * source.length || source.some((e) => e.key.includes('.'))) return null;
  if (target.filter((e) => blobSegments(e.key) !== null).length >= MIN_BLOB_SHARE * target.length) return null;
  const original = new Map<string, string>();
  const counts = new Set<number>();
  const leaves = new Map<string, Set<string>>();
  const entries: KeyEntry[] = [];
  for (let i = 0; i < source.length; i++) {
    const e = source[i]!;
    const segs = segsOf[i];
    let name = e.key;
    if (segs) {
      counts.add(segs.length - 1);
      const leaf = BLOB_LEAVES[segs[segs.length - 1]!];
      if (leaf) (leaves.get(leaf) ?? leaves.set(leaf, new Set()).get(leaf)!).add(segs[segs.length - 1]!);
      name = segs.join('.');
      if (leaf) name = name.slice(0, name.lastIndexOf('.') + 1) + leaf;
    }
    // two blobs that read as one path (`conv_w` beside `conv_s`): the names cannot be read this way
    if (original.has(name)) return null;
    original.set(name, e.key);
    entries.push({ ...e, key: name });
  }
  const ops: PlanOp[] = [];
  const evidence = (what: string) => `${blobs} Caffe2-style blob names (underscore-joined, no dot) read as module paths: ${what}`;
  // one rename per number of underscores: a rename replaces its first match only
  for (const n of [...counts].sort((a, b) => a - b)) {
    const part = '([^_.]+)';
    const pattern = `^${Array.from({ length: n + 1 }, () => part).join('_')}$`;
    const replacement = Array.from({ length: n + 1 }, (_, i) => `$${i + 1}`).join('.');
    ops.push({ op: 'rename', pattern, replacement, confidence: CONFIDENCE.blobNames, evidence: evidence(`${n} underscore${n === 1 ? '' : 's'}`) });
  }
  for (const [leaf, abbrevs] of leaves) {
    const alts = [...abbrevs].sort().map(escapeRegex);
    const pattern = `\\.${alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`}$`;
    ops.push({ op: 'rename', pattern, replacement: `.${leaf}`, confidence: CONFIDENCE.blobNames, evidence: evidence(`${alts.join('/')} is ${leaf}`) });
  }
  return { entries, ops, original };
}
