/**
 * Tied keys written apart (review 23 F3, F5). A model that ties two keys (`lm_head.weight` is `embed.weight`:
 * one tensor under two names, a manifest's `tied`, a checkpoint's shared storage) takes both in a strict load,
 * copying each into the one tensor in its own order: where a plan writes them from two tensors of the checkpoint,
 * the last copied is what the model keeps, and the other's trained values are lost without an error. Only a
 * checkpoint that holds them as one tensor itself (its own tie) loses nothing.
 */
import type { Plan } from './types.js';
/** The finding's code (report/plan.ts leads with it). */
export declare const TIED_APART = "tied_apart";
/** The note's code when the separate tensors hold equal bytes (compared in the file): nothing is lost (review24 F4). */
export declare const TIED_EQUAL = "tied_equal";
/**
 * The model's tie groups (`targetStorages`, keys in the model's order) whose keys the plan's mapping writes two
 * or more of from source keys that are not one tensor in `sourceStorages`. Each group: the written keys in the
 * model's order, the last the one whose values the model keeps. A source that cannot show its storages (null: a
 * DeepSpeed folder, a key list) gives nothing here: "lost" would be a claim it cannot back (its names may hold one
 * tensor's values twice); inference's warning says the tie is unknown (judge-shapes.ts). `equalValues`: source
 * keys stored apart whose bytes were compared equal (checkpoint/equal-values.ts): written from those, nothing is lost.
 */
export declare function tiedWrittenApart(mapping: Plan['mapping'], targetStorages: readonly (readonly string[])[] | null | undefined, sourceStorages: readonly (readonly string[])[] | null | undefined, equalValues?: readonly (readonly string[])[] | null): string[][];
/** The words for groups written apart: which trained values the model keeps and which are lost. */
export declare function tiedApartWords(groups: readonly (readonly string[])[]): string;
/** The words for ties written from separate tensors whose bytes are equal: true of this file, so nothing is lost. */
export declare function tiedEqualWords(groups: readonly (readonly string[])[]): string;
