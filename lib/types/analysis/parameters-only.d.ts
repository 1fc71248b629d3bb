import type { Cause } from './infer/causes.js';
/**
 * A model's printed list with no buffer at all, beside a checkpoint whose BatchNorms keep their running statistics
 * (s23-verify F6): `for n, p in model.named_parameters(): print(n, p.shape)` prints each BatchNorm's weight and bias and
 * none of its statistics, so the list reads as a model without them and the plan drops the checkpoint's. Said as a
 * finding, not refused: a model whose BatchNorms keep no statistics (track_running_stats=False) prints the same list.
 * null: the list holds a buffer, or no such module.
 */
export declare function parametersOnlyCause(list: readonly string[], checkpoint: ReadonlySet<string>, file: string): Cause | null;
