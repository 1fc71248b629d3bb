import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FormatError } from '../../formats/errors.js';
import { isIterationFolder, parseRankFolder, RANK_FILE, TRACKER_FILE, trackerFolder, type RankFolder } from '../../formats/megatron/names.js';
import { asDict, dictGet } from '../../formats/pickle/read-values.js';
import type { PyDict, PyTensor, PyValue } from '../../formats/pickle/values.js';
import type { FileContents, FileRef } from '../contents.js';
import { savedArgs, TpMerger } from '../tp-merge.js';
import { parsedEntries, pointerText } from './listing.js';
import type { DirectoryLayout } from './registry.js';

/**
 * A Megatron-LM checkpoint (the `torch` format: one model_optim_rng.pt per tensor- and pipeline-parallel
 * rank) read as one logical checkpoint:
 * - `model`: the whole model's state dict, flat (the legacy models' nested dicts joined with dots):
 *   pipeline stages' layers renumbered from their stage-local `layers.0` to global indices, and each
 *   key's tensor-parallel shards merged along the dim its layer splits (src/formats/megatron/splits.ts)
 *   — as gather locations, nothing read. A key whose split cannot be told is kept from rank 0 and listed
 *   as such; apply refuses to write it.
 * - the first rank's other entries (args, iteration, checkpoint_version …); optimizer and RNG states are
 *   per rank and left out.
 * The detail lines say which ranks hold which keys and how each was merged.
 */

interface Rank extends RankFolder {
  folder: string;
}

function rankFolders(iterDir: string): Rank[] {
  return parsedEntries(iterDir, parseRankFolder).flatMap((r) => (existsSync(join(iterDir, r.file, RANK_FILE)) ? [{ ...r, folder: r.file }] : []));
}

/** The iteration folder the tracker names, when there is one with rank folders. */
function trackedIteration(saveDir: string): string | null {
  const text = pointerText(join(saveDir, TRACKER_FILE), 256);
  const folder = text === null ? null : trackerFolder(text);
  return folder && rankFolders(join(saveDir, folder)).length > 0 ? join(saveDir, folder) : null;
}

function claim(path: string, isDir: boolean): string | null {
  if (!isDir) {
    if (basename(path) === TRACKER_FILE) return trackedIteration(dirname(path));
    if (basename(path) !== RANK_FILE && basename(path) !== 'distrib_optim.pt') return null;
    const rankDir = dirname(path);
    return parseRankFolder(basename(rankDir)) ? dirname(rankDir) : null;
  }
  if (rankFolders(path).length > 0) return path;
  if (parseRankFolder(basename(path)) && existsSync(join(path, RANK_FILE))) return dirname(path);
  return trackedIteration(path);
}

/** Nested dicts of the legacy models (language_model → embedding → word_embeddings → weight) joined with dots. */
function flatten(d: PyDict, prefix: string, out: Map<string, PyValue>): void {
  for (const [k, v] of d.entries) {
    if (typeof k !== 'string') continue;
    const inner = asDict(v);
    if (inner && inner.entries.length > 0 && inner.entries.every(([x]) => typeof x === 'string')) flatten(inner, `${prefix}${k}.`, out);
    else out.set(`${prefix}${k}`, v);
  }
}

const LAYER = /^((?:.*\.)?layers\.)(\d+)(\..*)$/;

function isTensor(v: PyValue | undefined): v is PyTensor {
  return typeof v === 'object' && v !== null && v.kind === 'tensor';
}

function read(dir: FileRef, readFile: (ref: FileRef) => FileContents): FileContents {
  const ranks = rankFolders(dir.path);
  if (ranks.length === 0) throw new FormatError(dir.name, `Megatron iteration folder without mp_rank_* folders holding ${RANK_FILE}`);
  if (ranks.some((r) => r.ep !== null)) throw new FormatError(dir.name, 'Megatron checkpoint with expert-parallel ranks (mp_rank_TT_PPP_EEE): sdmatch merges tensor and pipeline ranks only');
  const tp = Math.max(...ranks.map((r) => r.tp)) + 1;
  const stages = Math.max(...ranks.map((r) => r.pp ?? 0)) + 1;
  const grid = new Map(ranks.map((r) => [`${r.tp}/${r.pp ?? 0}`, r]));
  const missing: string[] = [];
  for (let t = 0; t < tp; t++) for (let p = 0; p < stages; p++) if (!grid.has(`${t}/${p}`)) missing.push(`tp ${t} pp ${p}`);
  if (missing.length > 0) throw new FormatError(dir.name, `Megatron checkpoint of ${tp} tensor × ${stages} pipeline ranks lacks ${missing.join(', ')}`);

  const pickles: FileContents['pickles'] = [];
  const files: string[] = [];
  let size = 0;
  let firstRoot: PyValue = null;
  // per stage, per tp rank: the flat state dict
  const shards: Map<string, PyValue>[][] = [];
  for (let p = 0; p < stages; p++) {
    const row: Map<string, PyValue>[] = [];
    for (let t = 0; t < tp; t++) {
      const r = grid.get(`${t}/${p}`)!;
      const ref = { path: join(dir.path, r.folder, RANK_FILE), name: `${dir.name}/${r.folder}/${RANK_FILE}` };
      files.push(ref.path);
      const c = readFile(ref);
      size += c.size;
      for (const s of c.pickles) pickles.push({ ...s, where: `${r.folder}/${RANK_FILE}: ${s.where}` });
      if (c.root === null) throw new FormatError(ref.name, `could not be read: ${c.error?.message ?? c.detail.join('; ')}`);
      if (t === 0 && p === 0) firstRoot = c.root;
      if (dictGet(c.root, 'model0') !== undefined) throw new FormatError(ref.name, 'virtual pipeline stages (model0, model1 …): sdmatch merges one model chunk per rank');
      const model = asDict(dictGet(c.root, 'model'));
      if (!model) throw new FormatError(ref.name, 'is not a Megatron rank checkpoint: no model state dict');
      const flat = new Map<string, PyValue>();
      flatten(model, '', flat);
      row.push(flat);
    }
    shards.push(row);
  }

  const args = savedArgs(firstRoot);
  const detail = [`Megatron-LM checkpoint, ${tp} tensor-parallel × ${stages} pipeline-parallel rank(s)${args.has('iteration') ? `, iteration ${args.get('iteration')}` : ''}`];
  const argTp = args.get('tensor_model_parallel_size');
  const argPp = args.get('pipeline_model_parallel_size');
  if ((typeof argTp === 'number' && argTp !== tp) || (typeof argPp === 'number' && argPp !== stages)) {
    throw new FormatError(dir.name, `the saved args say ${argTp} × ${argPp} ranks but the folder holds ${tp} × ${stages}: a rank folder is missing or left over`);
  }

  const model: PyDict = { kind: 'dict', entries: [] };
  const merger = new TpMerger(args);
  let layerBase = 0;
  const seen = new Set<string>();
  for (let p = 0; p < stages; p++) {
    const row = shards[p]!;
    const stageSuffix = stages > 1 ? `_${String(p).padStart(3, '0')}` : '';
    const ranks = `${tp > 1 ? `mp_rank_00…${String(tp - 1).padStart(2, '0')}` : 'mp_rank_00'}${stageSuffix}`;
    const layers = new Set<number>();
    const keys = [...row[0]!.keys()];
    const stageKeys: string[] = [];
    for (const key of keys) {
      const m = LAYER.exec(key);
      if (m) layers.add(Number(m[2]));
      const global = m && stages > 1 ? `${m[1]}${Number(m[2]) + layerBase}${m[3]}` : key;
      const values = row.map((r) => r.get(key));
      if (seen.has(global)) continue; // a stage's copy of a shared weight (tied embeddings on the last stage)
      seen.add(global);
      stageKeys.push(global);
      const v0 = values[0];
      if (!isTensor(v0)) {
        model.entries.push([global, v0 ?? null]);
        continue;
      }
      if (values.some((v) => !isTensor(v))) throw new FormatError(dir.name, `${key}: a tensor on tp rank 0 but not on every tensor-parallel rank of stage ${p}`);
      model.entries.push([global, merger.merge(key, global, values as PyTensor[], { file: dir.name, ranks, first: `mp_rank_00${stageSuffix}` })]);
    }
    const span = layers.size > 0 ? `, layers ${layerBase}–${layerBase + layers.size - 1}` : '';
    detail.push(`stage ${p} (${ranks}): ${stageKeys.length} keys${span}`);
    layerBase += layers.size;
  }
  detail.push(...merger.detail());

  const root: PyDict = { kind: 'dict', entries: [['model', model]] };
  for (const [k, v] of asDict(firstRoot)?.entries ?? []) {
    if (k !== 'model' && k !== 'optimizer' && k !== 'rng_state') root.entries.push([k, v]);
  }
  // the checkpoint's identity (a plan's sha256): every rank file, by name
  return { format: 'megatron', detail, root, error: null, pickles, size, files: files.sort() };
}

export const megatronLayout: DirectoryLayout = {
  name: 'Megatron-LM',
  marker: `iter_NNNNNNN/mp_rank_TT[_PPP]/${RANK_FILE}, or ${TRACKER_FILE} naming that folder`,
  claim,
  read,
};
