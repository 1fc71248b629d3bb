/**
 * Where the weights sit, for emitters whose loader reads a fixed place (review 11, F6). transformers'
 * `from_pretrained` reads a model file as the state dict itself, and MMEngine's `load_checkpoint` reads
 * `checkpoint['state_dict']` when there is one, else the whole checkpoint. Neither sees the plan's
 * selection, so a key mapping emitted alone for weights nested elsewhere renames keys of an object that
 * holds none of them, and both loaders then leave the model's weights as initialised with only a warning.
 * The note goes first, where a reader of the mapping cannot miss it.
 */
import type { Plan } from '../plan/types.js';
export interface SelectingLoader {
    /** the loader's name as a user knows it */
    name: string;
    /** what it reads from the file, in words */
    reads: string;
    /** the one selection it makes itself (MMEngine's `state_dict`), if any */
    selectsItself?: readonly string[];
}
export declare function selectionNote(plan: Pick<Plan, 'source'>, loader: SelectingLoader): string[];
