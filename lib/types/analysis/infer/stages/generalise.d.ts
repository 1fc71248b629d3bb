import type { Generalised, Judged, Matched, Sides } from './types.js';
export declare function generalise(sides: Sides, matched: Matched, j: Judged): Generalised;
