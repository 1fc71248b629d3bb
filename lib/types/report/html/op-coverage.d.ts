import type { PlanOp } from '../../plan/types.js';
/**
 * Which of the original source keys each op acts on, as the ops run in order (each sees names as the
 * earlier ops left them), so hovering a rule on the page can light every key it moves. Names only:
 * the mapping itself (and every check of the plan) is src/analysis/op-keys.ts's; an op that fails there
 * simply covers what it matched here.
 */
export declare function opCoverage(ops: readonly PlanOp[], sourceKeys: readonly string[]): number[][];
