import type { KeyPair, Pool } from './types.js';
/** The structural pairs to withhold from a cut text (see above); none from a whole one. */
export declare function scatteredOnCut(pairs: readonly KeyPair[], pool: Pool): Set<KeyPair>;
