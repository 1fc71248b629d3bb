import type { Generalised, Judged, Matched, Sides } from './types.js';
export declare function generalise(sides: Sides, m: Matched, j: Judged): Generalised;
