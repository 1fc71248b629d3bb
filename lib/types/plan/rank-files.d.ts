import type { PlanOutcome } from './build.js';
/**
 * A source that is one of several files a state dict was saved in, one per rank (checkpoint/rank-files.ts):
 * the finding names the others and how to read them as one. It leads, unless the rank-shard finding
 * (analysis/rank-shard.ts) does: then it follows it. Only when the plan leaves model keys without a source
 * or reads the file as one rank's pieces.
 */
export declare function withRankFiles(outcome: PlanOutcome, file: string, siblings: readonly string[]): PlanOutcome;
