import type { KeyPair, Located, Pool } from './types.js';
/**
 * The exact pairs of a module whose other parameters moved, re-paired to follow them (old pair → new), and
 * `pool`'s target keys updated to match (the freed model key back in, the taken one out); null when none.
 */
export declare function keepModulesWhole(pairs: readonly KeyPair[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, pool: Pool): Map<KeyPair, KeyPair> | null;
