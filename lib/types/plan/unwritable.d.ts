/**
 * Source tensors whose bytes sdmatch cannot write: the reader knows their shape but holds no bytes for
 * them as one tensor (a Megatron key whose split over the tensor-parallel ranks cannot be told, kept from
 * rank 0 without bytes; a ZeRO-3 partition whose optimizer files are missing; a zip storage member that
 * is not there). `apply` refuses such a tensor when it comes to copy it, so a plan that keeps one must
 * not promise a load (review 14 F8: plan said "succeeds", apply then exited 2): plan says it first and
 * exits 1, and apply refuses before it writes anything, with the same words.
 */
import type { ResolvedSide } from '../analysis/sides.js';
import type { TensorInfo } from '../formats/tensor.js';
import type { PlanOutcome } from './build.js';
import type { Plan } from './types.js';
import { unwritableMessage, unwritableWhy } from '../analysis/unwritable-words.js';
export { unwritableMessage, unwritableWhy };
/**
 * A tensor with no bytes in the file: apply's writers have nothing to copy for it, with elements or without
 * (both writers refuse a storage without bytes; review25 F1: a [0] tensor of unknown split passed plan as
 * writable and apply refused it). Plan, apply and check ask this one question.
 */
export declare function hasNoBytes(info: TensorInfo): boolean;
/** The selected state dict's keys whose tensor has no bytes, each with its storage's name (which says why). */
export declare function unwritableSources(side: ResolvedSide): Map<string, string>;
/** The source keys of `unwritable` the plan writes into its output (everything it does not drop). */
export declare function keptUnwritable(plan: Plan, unwritable: ReadonlyMap<string, string>): string[];
/**
 * The outcome with the plan's unwritable keys said first: no fix and not complete (exit 1), whatever
 * else holds; nothing when the plan drops them all.
 */
export declare function withUnwritable(outcome: PlanOutcome, unwritable: ReadonlyMap<string, string>): PlanOutcome;
