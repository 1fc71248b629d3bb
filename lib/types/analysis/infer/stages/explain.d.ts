import type { InferResult } from '../index.js';
import type { Correspondence, Generalised, Judged, Matched, Sides } from './types.js';
export declare function explain(sides: Sides, c: Correspondence, m: Matched, j: Judged, g: Generalised): InferResult;
