import type { Correspondence, Sides } from './types.js';
export declare function correspond(sides: Sides): Correspondence;
