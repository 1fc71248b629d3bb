import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LOADER_FILE } from '../../formats/deepspeed/names.js';
import { MCORE_COMMON, MCORE_CONFIG, RANK_FILE } from '../../formats/megatron/names.js';
import { DCP_METADATA_FILE } from '../../formats/dcp/metadata.js';
import { FormatError } from '../../formats/errors.js';
import { gapScan, type PickleScan } from '../../formats/torch/container.js';
import type { FileContents, FileRef } from '../contents.js';

/**
 * What a folder checkpoint's framework opens when it resumes from it, beyond the files sdmatch reads the
 * weights from (review 19 F2, F5):
 * - pickles its loader unpickles (DeepSpeed's optimizer moments and settings, Megatron's distrib_optim.pt):
 *   scanned here for the safety verdict alone — never executed, their values unused — so that a folder is
 *   called safe only when every pickle its loader would run was seen. One that cannot be read is a gap in
 *   what was seen (`incomplete`, naming it), not an error: the weights do not come from it.
 * - the small text files that point at the folder (DeepSpeed's `latest`, Megatron's tracker): no pickle, but
 *   inputs of the loader all the same, which `apply -o` must never write over.
 * Every path either kind names joins the checkpoint's `opened` list (FileContents).
 */

/** the member files a reader scans beside what it opens, and their safety scans */
export interface LoaderScan {
  pickles: PickleScan[];
  /** the files scanned (absolute as joined from the folder's path) */
  paths: string[];
  size: number;
}

/**
 * Scan `rels` (paths relative to `dir`) that the reader has not opened itself: their pickles, each
 * `where` prefixed with the file, as the readers name what they open.
 */
export function scanLoaderFiles(dir: FileRef, rels: readonly string[], readFile: (ref: FileRef) => FileContents): LoaderScan {
  const out: LoaderScan = { pickles: [], paths: [], size: 0 };
  for (const rel of rels) {
    const ref = { path: join(dir.path, rel), name: `${dir.name}/${rel}`, readOnly: true };
    out.paths.push(ref.path);
    try {
      const c = readFile(ref);
      out.size += c.size;
      for (const s of c.pickles) out.pickles.push({ ...s, where: `${rel}: ${s.where}` });
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      out.pickles.push(gapScan(rel, 'file not read', `the framework's loader unpickles ${rel} on resume, and sdmatch could not read it (${e.message}): what it would run was not seen`));
    }
  }
  return out;
}

/** Names in `dir` (files only) that `keep` accepts, sorted; none when it cannot be listed. */
export function filesIn(dir: string, keep: (name: string) => boolean): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && keep(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** The pointer files among `paths` that exist (`latest`, `latest_universal`, Megatron's tracker). */
export function pointerFiles(paths: readonly string[]): string[] {
  return paths.filter((p) => existsSync(p));
}

/**
 * The reader's result with the loader's other pickles scanned and every file it or the loader opens
 * listed in `opened`. `rels` are the files to scan (those the reader opened already are skipped).
 */
export function withLoaderFiles(c: FileContents, dir: FileRef, rels: readonly string[], pointers: readonly string[], readFile: (ref: FileRef) => FileContents): FileContents {
  const read = new Set(c.files ?? []);
  const scan = scanLoaderFiles(
    dir,
    rels.filter((r) => !read.has(join(dir.path, r))),
    readFile,
  );
  const opened = [...new Set([...(c.files ?? []), ...scan.paths, ...pointerFiles(pointers)])].sort();
  return { ...c, pickles: [...c.pickles, ...scan.pickles], size: c.size + scan.size, opened };
}

/**
 * The folders whose files a framework's loader lists on resume, and the names it takes from them: a file made
 * there under such a name is read as part of the checkpoint (s19-mend3's "left": apply's -o must not make one).
 * A folder is known by a file of the checkpoint's (`opened`) in it, or (`up` 1) in the folder above it.
 */
const LISTED_FOLDERS: readonly { what: string; up: 0 | 1; holds: (file: string) => boolean; takes: (name: string) => boolean }[] = [
  // DeepSpeed's load_checkpoint globs a tag folder's model and optimizer states (every data-parallel rank's)
  { what: 'a DeepSpeed tag folder, whose *model_states.pt / *optim_states.pt files load_checkpoint reads', up: 0, holds: (f) => LOADER_FILE.test(basename(f)), takes: (n) => LOADER_FILE.test(n) },
  // the universal checkpoint's load_hp_checkpoint_state torch.loads every .pt of a parameter's folder
  { what: "a DeepSpeed universal checkpoint's parameter folder (zero/<param>/), every .pt of which its loader reads", up: 0, holds: (f) => basename(dirname(dirname(f))) === 'zero', takes: (n) => n.endsWith('.pt') },
  // Megatron's load_checkpoint reads a rank folder's model_optim_rng.pt, and distrib_optim.pt with the distributed optimizer
  { what: 'a Megatron rank folder, whose model_optim_rng.pt and distrib_optim.pt its loader reads', up: 0, holds: (f) => basename(f) === RANK_FILE, takes: (n) => n === RANK_FILE || n === 'distrib_optim.pt' },
  // torch.distributed.checkpoint's FileSystemReader.read_metadata opens `.metadata`, or `__<rank>.metadata` when a rank
  // loads without collectives; the data files it reads are those storage_data names (all of them the checkpoint's own)
  { what: "a torch.distributed.checkpoint folder, whose .metadata (or a rank's __<rank>.metadata) its FileSystemReader reads", up: 0, holds: (f) => basename(f) === DCP_METADATA_FILE, takes: (n) => n === DCP_METADATA_FILE || /^__\d+\.metadata$/.test(n) },
  // Megatron-Core's dist_checkpointing (metadata.json marks the folder, maybe_load_config): load_common reads common.pt
  { what: 'a Megatron-Core torch_dist folder, whose common.pt its loader reads', up: 0, holds: (f) => basename(f) === MCORE_CONFIG, takes: (n) => n === MCORE_COMMON },
  // … and load_sharded_metadata globs every subfolder's shard_*.pt (load_sharded_objects loads `<key>/shard_….pt`)
  { what: "a sharded object's folder of a Megatron-Core torch_dist checkpoint, whose shard_*.pt files its loader lists", up: 1, holds: (f) => basename(f) === MCORE_CONFIG, takes: (n) => /^shard_.*\.pt$/.test(n) },
];

/** What a new file at `out` would be to the loader of a checkpoint that opened `opened`, or null when no loader lists it. */
export function listedByLoader(opened: readonly string[], out: string): string | null {
  // real paths on both sides: the same folder reached through a symlink (on either side) is the same folder
  // to the loader (s21-verify #2: `-o link/__0.metadata` with link → the source folder was written, exit 0)
  const folder = realFolder(dirname(resolve(out)));
  const name = basename(out);
  const inFolder = (up: 0 | 1) => {
    const at = up === 0 ? folder : dirname(folder);
    return opened.filter((f) => realFolder(dirname(resolve(f))) === at);
  };
  for (const row of LISTED_FOLDERS) if (row.takes(name) && inFolder(row.up).some(row.holds)) return row.what;
  return null;
}

/** `dir` with every symlink resolved; as given when it cannot be (a missing folder is refused by the caller) */
function realFolder(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
