import type { Checkpoint, KeyPath } from './types.js';
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
export declare const MODULE_OBJECT_LOAD = "checkpoint = torch.load(f, weights_only=False): the object is unpickled, so its classes' code must be importable";
export declare function stateDictHolder(ck: Pick<Checkpoint, 'format' | 'root'>, path: KeyPath): StateDictHolder | null;
