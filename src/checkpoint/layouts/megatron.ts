import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FormatError } from '../../formats/errors.js';
import { parseRankFolder, RANK_FILE, SAME_ON_EVERY_RANK, TRACKER_FILE, trackerFolder, type RankFolder } from '../../formats/megatron/names.js';
import { asDict, dictGet, objectAttrs } from '../../formats/pickle/read-values.js';
import type { PyDict, PyTensor, PyValue } from '../../formats/pickle/values.js';
import type { FileContents, FileRef } from '../contents.js';
import { savedArgs, TpMerger } from '../tp-merge.js';
import { parsedEntries, pointerText } from './listing.js';
import { filesIn, withLoaderFiles } from './loader-files.js';
import type { DirectoryLayout } from './registry.js';

/**
 * A Megatron-LM checkpoint (the `torch` format: one model_optim_rng.pt per tensor- and pipeline-parallel
 * rank) read as one logical checkpoint:
 * - `model`: the whole model's state dict, flat (the legacy models' nested dicts joined with dots):
 *   pipeline stages' layers renumbered from their stage-local `layers.0` to global indices, and each
 *   key's tensor-parallel shards merged along the dim its layer splits (src/formats/megatron/splits.ts)
 *   — as chunks locations (../gather.ts), nothing read. A key whose split cannot be told is kept from rank 0 and listed
 *   as such; apply refuses to write it.
 * - with virtual pipeline stages (`model0`, `model1` … in each rank file), every chunk's layers renumbered in
 *   Megatron's order (chunk 0 on every stage, then chunk 1 …); with expert parallelism (`mp_rank_TT[_PPP]_EEE`),
 *   everything but the experts from expert rank 0 and each rank's SequentialMLP `local_experts.K` under its
 *   global id; grouped-GEMM experts (`experts.weight1`) are listed and not merged.
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

/** one rank file's place in the grid: tensor, pipeline and expert rank */
interface Place {
  tp: number;
  pp: number;
  ep: number;
}

/**
 * Each rank folder's tensor, pipeline and expert rank. get_checkpoint_name writes `mp_rank_TT`, then
 * `_PPP` when pipeline parallelism is on, then `_EEE` when expert parallelism is: `mp_rank_TT_NNN` is a
 * pipeline rank or an expert rank, which only the saved args tell.
 */
function places(ranks: Rank[], args: ReadonlyMap<string, number | boolean>, name: string): Place[] {
  const pp = args.get('pipeline_model_parallel_size');
  const ep = args.get('expert_model_parallel_size');
  const secondIsExpert = typeof ep === 'number' && ep > 1 && (pp === undefined || pp === 1);
  return ranks.map((r) => {
    if (r.ep !== null) return { tp: r.tp, pp: r.pp ?? 0, ep: r.ep };
    if (secondIsExpert && r.pp === null) throw new FormatError(name, `the saved args say ${ep} expert-parallel ranks but ${r.folder} names none`);
    return secondIsExpert ? { tp: r.tp, pp: 0, ep: r.pp! } : { tp: r.tp, pp: r.pp ?? 0, ep: 0 };
  });
}

/** `…experts.local_experts.K.…`: SequentialMLP's experts, numbered within their expert-parallel rank */
const LOCAL_EXPERT = /^(.*\.experts\.local_experts\.)(\d+)(\..*)$/;

function read(dir: FileRef, readFile: (ref: FileRef) => FileContents): FileContents {
  const ranks = rankFolders(dir.path);
  if (ranks.length === 0) throw new FormatError(dir.name, `Megatron iteration folder without mp_rank_* folders holding ${RANK_FILE}`);
  const pickles: FileContents['pickles'] = [];
  const files: string[] = [];
  let size = 0;
  const openRank = (r: Rank): { root: PyValue; name: string } => {
    const ref = { path: join(dir.path, r.folder, RANK_FILE), name: `${dir.name}/${r.folder}/${RANK_FILE}` };
    files.push(ref.path);
    const c = readFile(ref);
    size += c.size;
    for (const s of c.pickles) pickles.push({ ...s, where: `${r.folder}/${RANK_FILE}: ${s.where}` });
    if (c.root === null) throw new FormatError(ref.name, `could not be read: ${c.error?.message ?? c.detail.join('; ')}`);
    return { root: c.root, name: ref.name };
  };
  const sorted = ranks.slice().sort((a, b) => a.folder.localeCompare(b.folder));
  const first = openRank(sorted[0]!);
  const facts = saveFacts(first.root);
  const args = savedArgs(first.root);
  const at = places(sorted, args, dir.name);
  const tp = Math.max(...at.map((r) => r.tp)) + 1;
  const stages = Math.max(...at.map((r) => r.pp)) + 1;
  const experts = Math.max(...at.map((r) => r.ep)) + 1;
  const grid = new Map(sorted.map((r, i) => [`${at[i]!.tp}/${at[i]!.pp}/${at[i]!.ep}`, r]));
  const missing: string[] = [];
  for (let t = 0; t < tp; t++) for (let p = 0; p < stages; p++) for (let e = 0; e < experts; e++) if (!grid.has(`${t}/${p}/${e}`)) missing.push(`tp ${t} pp ${p}${experts > 1 ? ` ep ${e}` : ''}`);
  const shape = `${tp} tensor × ${stages} pipeline${experts > 1 ? ` × ${experts} expert` : ''} ranks`;
  if (missing.length > 0) throw new FormatError(dir.name, `Megatron checkpoint of ${shape} lacks ${missing.join(', ')}`);
  const argTp = args.get('tensor_model_parallel_size');
  const argPp = args.get('pipeline_model_parallel_size');
  if ((typeof argTp === 'number' && argTp !== tp) || (typeof argPp === 'number' && argPp !== stages)) {
    throw new FormatError(dir.name, `the saved args say ${argTp} × ${argPp} ranks but the folder holds ${tp} × ${stages}: a rank folder is missing or left over`);
  }

  // per [stage][expert rank][tp rank]: each model chunk's flat state dict (model0, model1 … with virtual pipeline stages)
  const chunksOf: Map<string, PyValue>[][][][] = [];
  let virtual = 0;
  for (let p = 0; p < stages; p++) {
    const byExpert: Map<string, PyValue>[][][] = [];
    for (let e = 0; e < experts; e++) {
      const row: Map<string, PyValue>[][] = [];
      for (let t = 0; t < tp; t++) {
        const r = grid.get(`${t}/${p}/${e}`)!;
        const { root, name } = r === sorted[0] ? first : openRank(r);
        if (r !== sorted[0]) sameSave(facts, saveFacts(root), sorted[0]!.folder, r.folder, dir.name);
        const chunks = modelChunks(root, name);
        if (virtual === 0) virtual = chunks.length;
        else if (chunks.length !== virtual) throw new FormatError(name, `${chunks.length} model chunk(s), where ${grid.get('0/0/0')!.folder} has ${virtual}`);
        row.push(chunks);
      }
      byExpert.push(row);
    }
    chunksOf.push(byExpert);
  }

  const detail = [`Megatron-LM checkpoint, ${shape}${virtual > 1 ? `, ${virtual} virtual pipeline stages (model0…model${virtual - 1})` : ''}${args.has('iteration') ? `, iteration ${args.get('iteration')}` : ''}`];
  const model: PyDict = { kind: 'dict', entries: [] };
  const merger = new TpMerger(first.root);
  let layerBase = 0;
  const seen = new Set<string>();
  // Megatron's layer order: chunk 0 on every stage, then chunk 1 on every stage … (get_transformer_layer_offset)
  for (let v = 0; v < virtual; v++) {
    for (let p = 0; p < stages; p++) {
      const stageSuffix = stages > 1 ? `_${String(p).padStart(3, '0')}` : '';
      const ranks = `${tp > 1 ? `mp_rank_00…${String(tp - 1).padStart(2, '0')}` : 'mp_rank_00'}${stageSuffix}${experts > 1 ? `_000…${String(experts - 1).padStart(3, '0')}` : ''}`;
      const layers = new Set<number>();
      const stageKeys: string[] = [];
      for (let e = 0; e < experts; e++) {
        const row = chunksOf[p]![e]!.map((chunks) => chunks[v]!);
        const local = localExperts(row[0]!);
        for (const key of row[0]!.keys()) {
          const x = LOCAL_EXPERT.exec(key);
          // expert-parallel ranks hold the same copy of everything but their experts
          if (e > 0 && !x) continue;
          const named = x ? `${x[1]}${e * local + Number(x[2])}${x[3]}` : key;
          const m = LAYER.exec(named);
          if (m) layers.add(Number(m[2]));
          const global = m ? `${m[1]}${Number(m[2]) + layerBase}${m[3]}` : named;
          if (seen.has(global)) continue; // a stage's copy of a shared weight (tied embeddings on the last stage)
          seen.add(global);
          stageKeys.push(global);
          const values = row.map((r) => r.get(key));
          const v0 = values[0];
          if (!isTensor(v0)) {
            model.entries.push([global, v0 ?? null]);
            continue;
          }
          if (values.some((x) => !isTensor(x))) throw new FormatError(dir.name, `${key}: a tensor on tp rank 0 but not on every tensor-parallel rank of stage ${p}`);
          if (experts > 1 && !x && /\.experts\./.test(key)) {
            // grouped-GEMM experts (experts.weight1 …): every expert rank's local experts in one tensor
            model.entries.push([global, merger.refuse(global, values as PyTensor[], 'grouped-GEMM experts: each expert rank holds its own in one tensor, which sdmatch does not merge', { file: dir.name, ranks, first: `mp_rank_00${stageSuffix}_000` })]);
            continue;
          }
          model.entries.push([global, merger.merge(key, global, values as PyTensor[], { file: dir.name, ranks, first: `mp_rank_00${stageSuffix}` })]);
        }
      }
      const span = layers.size > 0 ? `, layers ${layerBase}–${layerBase + layers.size - 1}` : '';
      detail.push(`${virtual > 1 ? `model${v} on ` : ''}stage ${p} (${ranks}): ${stageKeys.length} keys${span}${experts > 1 ? `, experts of ${experts} expert ranks under global ids` : ''}`);
      layerBase += layers.size;
    }
  }
  detail.push(...merger.detail());

  const root: PyDict = { kind: 'dict', entries: [['model', model]] };
  for (const [k, v] of asDict(first.root)?.entries ?? []) {
    if (typeof k === 'string' && k !== 'optimizer' && k !== 'rng_state' && !/^model\d*$/.test(k)) root.entries.push([k, v]);
  }
  // the checkpoint's identity (a plan's sha256): every rank file, by name
  const contents: FileContents = { format: 'megatron', detail, root, error: null, pickles, size, files: files.sort(), tensorParallel: tp };
  // load_checkpoint also torch.loads each rank's distrib_optim.pt (--use-distributed-optimizer): every .pt of a rank folder is scanned
  const rels = ranks.flatMap((r) => filesIn(join(dir.path, r.folder), (n) => n.endsWith('.pt')).map((n) => `${r.folder}/${n}`));
  return withLoaderFiles(contents, dir, rels, [join(dirname(dir.path), TRACKER_FILE)], readFile);
}

/** A rank file's values of SAME_ON_EVERY_RANK (`args.NAME` for the args'), as text to compare and show; absent ones left out. */
function saveFacts(root: PyValue): Map<string, string> {
  const out = new Map<string, string>();
  const text = (v: PyValue | undefined): string | null => (v === undefined || v === null ? null : typeof v === 'object' ? (v.kind === 'float' ? String(v.value) : null) : String(v));
  for (const k of SAME_ON_EVERY_RANK.root) {
    const v = text(dictGet(root, k));
    if (v !== null) out.set(k, v);
  }
  const args = new Map((objectAttrs(dictGet(root, 'args'))?.entries ?? []).map(([k, v]) => [k, v]));
  for (const k of SAME_ON_EVERY_RANK.args) {
    const v = text(args.get(k));
    if (v !== null) out.set(`args.${k}`, v);
  }
  return out;
}

/** Refuses rank files of two saves: the first fact `rank` holds otherwise than `first` (both named, both values). */
function sameSave(want: ReadonlyMap<string, string>, got: ReadonlyMap<string, string>, first: string, rank: string, name: string): void {
  for (const [k, v] of want) {
    const w = got.get(k);
    if (w !== undefined && w !== v) throw new FormatError(name, `${rank}/${RANK_FILE} has ${k} ${w} where ${first}/${RANK_FILE} has ${v}: rank files of two different saves cannot be joined into one model; restore the folder from one save`);
  }
  for (const k of got.keys()) if (!want.has(k)) throw new FormatError(name, `${rank}/${RANK_FILE} has ${k} ${got.get(k)} where ${first}/${RANK_FILE} has none: rank files of two different saves cannot be joined into one model; restore the folder from one save`);
}

/** A rank file's model chunks, flat: `model`, or `model0`, `model1` … with virtual pipeline stages. */
function modelChunks(root: PyValue, name: string): Map<string, PyValue>[] {
  const one = asDict(dictGet(root, 'model'));
  const dicts: PyDict[] = [];
  if (one) dicts.push(one);
  else for (let i = 0; asDict(dictGet(root, `model${i}`)); i++) dicts.push(asDict(dictGet(root, `model${i}`))!);
  if (dicts.length === 0) throw new FormatError(name, 'is not a Megatron rank checkpoint: no model state dict');
  return dicts.map((d) => {
    const flat = new Map<string, PyValue>();
    flatten(d, '', flat);
    return flat;
  });
}

/** how many local experts a chunk's layers hold (the largest local index + 1; SequentialMLP numbers them from 0) */
function localExperts(chunk: Map<string, PyValue>): number {
  let n = 0;
  for (const k of chunk.keys()) {
    const x = LOCAL_EXPERT.exec(k);
    if (x) n = Math.max(n, Number(x[2]) + 1);
  }
  return n;
}

export const megatronLayout: DirectoryLayout = {
  name: 'Megatron-LM',
  marker: `iter_NNNNNNN/mp_rank_TT[_PPP]/${RANK_FILE}, or ${TRACKER_FILE} naming that folder`,
  claim,
  read,
};
