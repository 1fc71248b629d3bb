/**
 * Stage 0, read names: checkpoints whose names are no PyTorch module paths, read as such before the
 * stages pair them. Caffe2 / Detectron blobs name every tensor with one underscore-joined word
 * (`res2_0_branch2a_bn_s`) where the model has a module path (`res2.0.conv1.norm.weight`); TensorFlow's
 * `/` scope paths are read the same way in scope-paths.ts. Read as names, such keys match nothing
 * structurally and every tensor becomes its own rename (detectron2's `convert_basic_c2_names` starts by
 * `_` → `.`). Here they are read as module paths first (key-tokens.ts `blobSegments`), their parameter
 * names as PyTorch's, as a few leading ops; the stages then pair
 * `res2.0.branch2a.bn.weight` by structure like any dotted key.
 */
import { ownRow } from '../../formats/own-row.js';
import type { KeyEntry } from '../../formats/keys.js';
import type { PlanOp } from '../op-vocabulary.js';
import { blobSegments, modulePrefixOf } from '../key-tokens.js';
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
 * (`lr`) keep their names; no key may have a dot (the leaf renames could meet it). Blobs under one name
 * scope every `/` key shares (Caffe2's device scope, `gpu_0/res2_0_branch2a_bn_s`) are read without it,
 * the scope stripped first: read as a TensorFlow path instead, `gpu_0` became a block `gpu.0` and the blob
 * one segment whose suffix no leaf rule reads, so a BatchNorm's four vectors paired by order (s25-verify F1).
 */
export function readBlobNames(source: readonly KeyEntry[], target: readonly KeyEntry[]): BlobReading | null {
  if (source.length === 0 || target.length === 0) return null;
  const scope = sharedNameScope(source);
  const segsOf = source.map((e) => blobSegments(scope && e.key.startsWith(scope) ? e.key.slice(scope.length) : e.key));
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
      const leaf = ownRow(BLOB_LEAVES, segs[segs.length - 1]!);
      if (leaf) (leaves.get(leaf) ?? leaves.set(leaf, new Set()).get(leaf)!).add(segs[segs.length - 1]!);
      name = segs.join('.');
      if (leaf) name = modulePrefixOf(name) + leaf;
    }
    // two blobs that read as one path (`conv_w` beside `conv_s`): the names cannot be read this way
    if (original.has(name)) return null;
    original.set(name, e.key);
    entries.push({ ...e, key: name });
  }
  const evidence = (what: string) => `${blobs} Caffe2-style blob names (underscore-joined, no dot) read as module paths: ${what}`;
  const ops: PlanOp[] = scope ? [{ op: 'strip_prefix', prefix: scope, confidence: CONFIDENCE.blobNames, evidence: evidence(`\`${scope}\` is the name scope they all share (Caffe2's device scope), not a module`) }] : [];
  // one rename per number of underscores: a rename replaces its first match only
  ops.push(...underscoreRenames(counts, evidence), ...leafRenames(leaves, evidence));
  return { entries, ops, original };
}

/** The `/` scope every key that has one shares (`gpu_0/`), with its `/`; '' when there is none or they differ. */
function sharedNameScope(source: readonly KeyEntry[]): string {
  let scope: string | null = null;
  for (const { key } of source) {
    const slash = key.lastIndexOf('/');
    if (slash < 0) continue;
    const own = key.slice(0, slash + 1);
    if (scope === null) scope = own;
    else if (own !== scope) return '';
  }
  return scope ?? '';
}

/** One rename per number of underscores a key has (a rename replaces its first match only): `a_b_c` → `a.b.c`. */
function underscoreRenames(counts: ReadonlySet<number>, evidence: (what: string) => string): PlanOp[] {
  return [...counts].sort((a, b) => a - b).map((n) => ({
    op: 'rename',
    pattern: `^${Array.from({ length: n + 1 }, () => '([^_.]+)').join('_')}$`,
    replacement: Array.from({ length: n + 1 }, (_, i) => `$${i + 1}`).join('.'),
    confidence: CONFIDENCE.blobNames,
    evidence: evidence(`${n} underscore${n === 1 ? '' : 's'}`),
  }));
}

/** The parameter names read as PyTorch's, one rename per PyTorch name (`.w`/`.s` → `.weight`); also a TF scope path's (scope-paths.ts). */
export function leafRenames(leaves: ReadonlyMap<string, ReadonlySet<string>>, evidence: (what: string) => string): PlanOp[] {
  return [...leaves].map(([leaf, names]) => {
    const alts = [...names].sort().map(escapeRegex);
    return { op: 'rename', pattern: `\\.${alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`}$`, replacement: `.${leaf}`, confidence: CONFIDENCE.blobNames, evidence: evidence(`${alts.join('/')} is ${leaf}`) };
  });
}

