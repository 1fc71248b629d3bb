import type { ResolvedSide } from '../analysis/sides.js';
import type { PlanSourceInfo } from './schema.js';
export interface SourceInfoOptions {
    /** compute the sha256 (reads the whole source); default true */
    hash?: boolean;
    /** the text the side was read from when it came from standard input */
    stdinText?: string;
}
export declare function planSourceInfo(side: ResolvedSide, opts?: SourceInfoOptions): PlanSourceInfo;
