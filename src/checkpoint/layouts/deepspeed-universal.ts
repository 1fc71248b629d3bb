import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LATEST_FILE, LATEST_UNIVERSAL_FILE, LOADER_FILE, parseLatestTag } from '../../formats/deepspeed/names.js';
import { readModelStates, type ModelStates } from '../../formats/deepspeed/states.js';
import { FormatError } from '../../formats/errors.js';
import { asTensor, dictGet } from '../../formats/pickle/read-values.js';
import type { PyDict, PyTensor, PyValue } from '../../formats/pickle/values.js';
import { contiguousStrides, isContiguous, numel } from '../../formats/tensor.js';
import type { FileContents, FileRef } from '../contents.js';
import { pointerText } from './listing.js';
import { filesIn, withLoaderFiles } from './loader-files.js';
import type { DirectoryLayout } from './registry.js';

/**
 * DeepSpeed's universal checkpoint (deepspeed/checkpoint/ds_to_universal.py): a folder whose `zero/`
 * holds one folder per parameter, each with `fp32.pt` (and `exp_avg.pt`, `exp_avg_sq.pt`, `step.pt`),
 * beside the copied model-states files; `latest_universal` in the parent names the folder. From ZeRO
 * 1/2 each `fp32.pt` is a dict whose `param` is the whole fp32 tensor (tensor-parallel slices already
 * merged, vocabulary padding cut); from ZeRO-3 it is the parameter's flat fp32 tensor, shaped by the
 * model states' param_shapes. `model` is those tensors plus what no optimizer holds (buffers, frozen
 * parameters) from the model states, in the module's key order, as zero_to_fp32 would give them.
 */

const ZERO = 'zero';
const FP32 = 'fp32.pt';
/** the optimizer's settings (_save_optimizer_state), torch.loaded first by load_hp_checkpoint_state_from_checkpoint_dir */
const OPTIMIZER_STATE = 'optimizer_state.pt';
const MODEL_STATES = /^(?:zero_pp_rank_0_)?mp_rank_00_model_states\.pt$/;

function paramFolders(dir: string): string[] {
  try {
    return readdirSync(join(dir, ZERO), { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(dir, ZERO, e.name, FP32))).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

function isUniversal(dir: string): boolean {
  return paramFolders(dir).length > 0;
}

function claim(path: string, isDir: boolean): string | null {
  if (isDir) {
    if (isUniversal(path)) return path;
    if (basename(path) === ZERO && isUniversal(dirname(path))) return dirname(path);
    const text = pointerText(join(path, LATEST_UNIVERSAL_FILE));
    const tag = text === null ? null : parseLatestTag(text);
    return tag !== null && isUniversal(join(path, tag)) ? join(path, tag) : null;
  }
  const name = basename(path);
  if (name === LATEST_UNIVERSAL_FILE) {
    const text = pointerText(path);
    const tag = text === null ? null : parseLatestTag(text);
    return tag !== null && isUniversal(join(dirname(path), tag)) ? join(dirname(path), tag) : null;
  }
  // zero/<param>/fp32.pt (or a sibling state file), or the model-states file beside zero/
  if (/^(?:fp32|exp_avg|exp_avg_sq|step)\.pt$/.test(name) && basename(dirname(dirname(path))) === ZERO) {
    const root = dirname(dirname(dirname(path)));
    return isUniversal(root) ? root : null;
  }
  if (MODEL_STATES.test(name) && isUniversal(dirname(path))) return dirname(path);
  // zero/optimizer_state.pt: the optimizer's settings _save_optimizer_state keeps
  if (name === OPTIMIZER_STATE && basename(dirname(path)) === ZERO && isUniversal(dirname(dirname(path)))) return dirname(dirname(path));
  return null;
}

function read(dir: FileRef, readFile: (ref: FileRef) => FileContents): FileContents {
  const pickles: FileContents['pickles'] = [];
  const files: string[] = [];
  let size = 0;
  const open = (rel: string): PyValue => {
    const ref = { path: join(dir.path, rel), name: `${dir.name}/${rel}` };
    files.push(ref.path);
    const c = readFile(ref);
    size += c.size;
    for (const s of c.pickles) pickles.push({ ...s, where: `${rel}: ${s.where}` });
    if (c.root === null) throw new FormatError(ref.name, `could not be read: ${c.error?.message ?? c.detail.join('; ')}`);
    return c.root;
  };
  let statesFile: string | undefined;
  try {
    statesFile = readdirSync(dir.path).filter((f) => MODEL_STATES.test(f)).sort()[0];
  } catch {
    statesFile = undefined;
  }
  if (!statesFile) throw new FormatError(dir.name, 'DeepSpeed universal checkpoint without its model-states file (mp_rank_00_model_states.pt, copied there by ds_to_universal.py)');
  const statesRoot = open(statesFile);
  const states = readModelStates(statesRoot, `${dir.name}/${statesFile}`);
  const shapes = new Map((states.paramShapes ?? []).flat());
  const params = new Map<string, PyTensor>();
  let zero3 = 0;
  for (const p of paramFolders(dir.path)) {
    const rel = `${ZERO}/${p}/${FP32}`;
    const root = open(rel);
    const whole = asTensor(dictGet(root, 'param'));
    const flat = whole ? null : asTensor(root);
    if (whole) {
      params.set(p, whole);
      continue;
    }
    if (!flat) throw new FormatError(`${dir.name}/${rel}`, 'is neither a dict with a param tensor (ZeRO 1/2) nor a tensor (ZeRO-3)');
    // ds_to_universal's ZeRO-3 path saves the merged flat partitions: the shape is param_shapes'
    const shape = shapes.get(p);
    if (!shape) throw new FormatError(`${dir.name}/${rel}`, `a flat tensor, and ${statesFile}'s param_shapes does not name ${p}`);
    if (!isContiguous(flat.info) || numel(flat.info.shape) !== numel(shape)) throw new FormatError(`${dir.name}/${rel}`, `a flat tensor of ${numel(flat.info.shape)} elements cannot be ${p}'s shape [${shape}]`);
    params.set(p, { ...flat, info: { ...flat.info, shape, stride: contiguousStrides(shape) } });
    zero3++;
  }
  const model = universalModel(states, params);
  const detail = [
    `DeepSpeed universal checkpoint (ds_to_universal.py): ${params.size} parameter folder(s) under zero/, fp32 weights${zero3 > 0 ? ' (ZeRO-3: flat, shaped by param_shapes)' : ' (tensor-parallel slices merged by the converter)'}, deepspeed ${states.dsVersion ?? '?'}`,
  ];
  if (model.fromModule.length > 0) detail.push(`${model.fromModule.length} tensor(s) with no parameter folder (buffers, frozen parameters) taken from ${statesFile}: ${model.fromModule.slice(0, 3).join(', ')}${model.fromModule.length > 3 ? ', …' : ''}`);
  const root: PyDict = { kind: 'dict', entries: [['model', model.dict]] };
  if (statesRoot && typeof statesRoot === 'object' && statesRoot.kind === 'dict') {
    for (const [k, v] of statesRoot.entries) if (k !== 'frozen_param_fragments') root.entries.push([k, v]);
  }
  const contents: FileContents = { format: 'deepspeed', detail, root, error: null, pickles, size, files: files.sort() };
  const parent = dirname(dir.path);
  return withLoaderFiles(contents, dir, loaderFiles(dir.path), [join(parent, LATEST_UNIVERSAL_FILE), join(parent, LATEST_FILE)], readFile);
}

/**
 * What DeepSpeed's universal load unpickles: the model states (every model-parallel rank), zero/optimizer_state.pt,
 * and in each parameter's folder every `<key>.pt` — load_hp_checkpoint_state lists the folder and torch.loads each
 * (fp32, exp_avg, exp_avg_sq, step, or whatever else is there), with weights_only=False.
 */
function loaderFiles(dir: string): string[] {
  const rels = filesIn(dir, (n) => LOADER_FILE.test(n));
  rels.push(...filesIn(join(dir, ZERO), (n) => n === OPTIMIZER_STATE).map((n) => `${ZERO}/${n}`));
  let params: string[];
  try {
    params = readdirSync(join(dir, ZERO), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    params = [];
  }
  for (const p of params) rels.push(...filesIn(join(dir, ZERO, p), (n) => n.endsWith('.pt')).map((n) => `${ZERO}/${p}/${n}`));
  return rels;
}

/** The parameters in the module's key order, tied names bound, and what no folder holds from the model states. */
function universalModel(states: ModelStates, params: Map<string, PyTensor>): { dict: PyDict; fromModule: string[] } {
  const out = new Map(params);
  for (const [alias, holder] of states.shared) {
    const t = out.get(holder);
    if (t && !out.has(alias)) out.set(alias, t);
  }
  const entries: [PyValue, PyValue][] = [];
  const fromModule: string[] = [];
  const take = (k: string, t: PyTensor) => {
    entries.push([k, t]);
    fromModule.push(k);
  };
  for (const [k, saved] of states.module?.entries ?? []) {
    if (typeof k !== 'string') continue;
    const t = out.get(k);
    if (t) {
      entries.push([k, t]);
      out.delete(k);
      continue;
    }
    const frozen = states.frozenFragments?.get(k);
    const s = asTensor(saved);
    if (frozen) take(k, frozen);
    else if (s && numel(s.info.shape) > 0) take(k, s);
  }
  for (const [k, t] of out) entries.push([k, t]);
  return { dict: { kind: 'dict', entries }, fromModule };
}

export const deepspeedUniversalLayout: DirectoryLayout = {
  name: 'DeepSpeed universal',
  marker: 'zero/<parameter>/fp32.pt beside mp_rank_00_model_states.pt, or a latest_universal file naming that folder',
  claim,
  read,
};
