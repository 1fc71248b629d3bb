import { type TargetStorages } from './ties.js';
import type { Located } from './types.js';
/** The target keys pairing leaves to a tie's copy: every name of a shown tie but one, where the checkpoint stores the tie once. */
export declare function tieCopiesStoredOnce(source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, storages: TargetStorages): Set<string>;
