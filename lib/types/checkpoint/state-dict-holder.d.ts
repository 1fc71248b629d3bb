import type { Checkpoint, KeyPath } from './types.js';
export interface StateDictHolder {
    /** what the place holds, for "the file holds …" */
    holder: string;
    /** how loading the file as it is fails, after "the file holds …:" */
    fails: string;
    /** the Python that gives the state dict from the file `f` */
    python: string;
}
export declare function stateDictHolder(ck: Pick<Checkpoint, 'format' | 'root'>, path: KeyPath): StateDictHolder | null;
