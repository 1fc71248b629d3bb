import type { Judged, Matched, Sides } from './types.js';
/** The reason of a drop of a key nothing in the model corresponds to (plan/trained-drops.ts reads it: trained weights dropped so are a decision). */
export declare const NO_COUNTERPART = "no counterpart in the model (a strict load refuses unexpected keys)";
export declare function judgeShapes(sides: Sides, m: Matched): Judged;
