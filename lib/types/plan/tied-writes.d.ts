/**
 * Tied keys written apart (review 23 F3, F5). A model that ties two keys (`lm_head.weight` is `embed.weight`:
 * one tensor under two names, a manifest's `tied`, a checkpoint's shared storage) takes both in a strict load,
 * copying each into the one tensor in its own order: where a plan writes them from two tensors of the checkpoint,
 * the last copied is what the model keeps, and the other's trained values are lost without an error. Only a
 * checkpoint that holds them as one tensor itself (its own tie) loses nothing.
 */
import type { TieGroups } from '../analysis/tie-writes.js';
export { tieSources, tiedWrittenApart, tieWrites, type TieWrite } from '../analysis/tie-writes.js';
/** The finding's code (report/plan.ts leads with it). */
export declare const TIED_APART = "tied_apart";
/** The note's code when the separate tensors hold equal bytes (compared in the file): nothing is lost (review24 F4). */
export declare const TIED_EQUAL = "tied_equal";
/** The finding's code when a tie is written from two names whose storages and bytes nothing showed (review 25 F7). */
export declare const TIED_UNKNOWN = "tied_unverified";
/** The words for groups written apart: which trained values the model keeps and which are lost. */
export declare function tiedApartWords(groups: readonly (readonly string[])[]): string;
/** The words for ties written from separate tensors whose bytes are equal: true of this file, so nothing is lost. */
export declare function tiedEqualWords(groups: TieGroups): string;
/** The words for ties written from two names of a checkpoint that cannot show whether they are one tensor, bytes not compared. */
export declare function tiedUnknownWords(groups: TieGroups): string;
