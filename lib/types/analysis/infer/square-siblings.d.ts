import type { TensorFix } from './tensor-ops.js';
import type { Located } from './types.js';
/**
 * The source keys of square 2-d weights paired as stored (`goals`, same shape on both sides) whose leaf is
 * that of a weight the fixes transpose on its shapes (non-square, reversed), and which no fix and no
 * `decided` key covers, each with the words it is listed with. Empty when nothing non-square is transposed.
 */
export declare function squaresBesideTransposes(goals: ReadonlyMap<string, string>, fixes: readonly TensorFix[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, decided: ReadonlySet<string>): Map<string, string>;
