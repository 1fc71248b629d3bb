/**
 * When the state dict sdmatch compares is not what the file gives load_state_dict (review 22 F3): a whole
 * pickled nn.Module (`torch.save(model)`: sdmatch reads its parameters and buffers), a TorchScript archive
 * (`torch.jit.save`), an `.npz` (torch.load cannot read it). The keys may match the model's exactly, yet
 * `model.load_state_dict(torch.load(f))` raises `TypeError: Expected state_dict to be dict-like`: "same" and
 * "strict=True succeeds" would be false of the file. What holds it and the Python that gives the state dict.
 */
import { pythonAccess } from '../formats/python-source.js';
import { isModuleObject } from './module-object.js';
import type { Checkpoint, KeyPath } from './types.js';
import { valueAt } from './walk.js';

export interface StateDictHolder {
  /** what the place holds, for "the file holds …" */
  holder: string;
  /** how loading the file as it is fails, after "the file holds …:" */
  fails: string;
  /** the Python that gives the state dict from the file `f` */
  python: string;
  /**
   * the Python that gives it from `checkpoint`, what `torch.load(f, weights_only=False)` returned (the name
   * explain's fix lines use): `checkpoint['model'].state_dict()`; null where torch.load gives no such object
   */
  access: string | null;
}

/** What the fix line must say of a pickled module: weights_only=True refuses it, and unpickling it runs its classes' code. */
export const MODULE_OBJECT_LOAD = "checkpoint = torch.load(f, weights_only=False): the object is unpickled, so its classes' code must be importable";

const NOT_DICT_LIKE = 'passed to load_state_dict as torch.load returns it, it fails (`TypeError: Expected state_dict to be dict-like`)';

export function stateDictHolder(ck: Pick<Checkpoint, 'format' | 'root'>, path: KeyPath): StateDictHolder | null {
  if (ck.format === 'torchscript' && path.length === 0) return { holder: 'a TorchScript archive (torch.jit.save), not a state dict', fails: NOT_DICT_LIKE, python: 'torch.jit.load(f).state_dict()', access: null };
  if (ck.format === 'npz' && path.length === 0) {
    return { holder: 'a NumPy .npz archive, not a state dict', fails: 'torch.load cannot read it', python: '{k: torch.from_numpy(v) for k, v in np.load(f).items()}', access: null };
  }
  const at = valueAt(ck.root, path);
  if (at === undefined || !isModuleObject(at)) return null;
  const cls = at.callable;
  const name = typeof cls === 'object' && cls !== null && cls.kind === 'global' ? cls.name : 'nn.Module';
  // the object is unpickled only by running its classes' code: weights_only=True refuses it
  const obj = path.length === 0 ? 'torch.load(f, weights_only=False)' : pythonAccess(path).replace(/^checkpoint/, 'torch.load(f, weights_only=False)');
  return { holder: `a whole \`${name}\` object (torch.save(model)), not a state dict`, fails: NOT_DICT_LIKE, python: `${obj}.state_dict()`, access: `${pythonAccess(path)}.state_dict()` };
}
