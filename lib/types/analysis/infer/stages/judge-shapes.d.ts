import type { Judged, Matched, Sides } from './types.js';
export declare function judgeShapes(sides: Sides, m: Matched): Judged;
