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
export const TIED_APART = 'tied_apart';

/** The note's code when the separate tensors hold equal bytes (compared in the file): nothing is lost (review24 F4). */
export const TIED_EQUAL = 'tied_equal';

/** The finding's code when a tie is written from two names whose storages and bytes nothing showed (review 25 F7). */
export const TIED_UNKNOWN = 'tied_unverified';

const tieNames = (g: readonly string[]) => g.map((k) => `\`${k}\``).join(' and ');
const moreTies = (groups: TieGroups) => (groups.length > 1 ? ` (and ${groups.length - 1} more tie${groups.length === 2 ? '' : 's'})` : '');

/** The words for groups written apart: which trained values the model keeps and which are lost. */
export function tiedApartWords(groups: readonly (readonly string[])[]): string {
  const g = groups[0]!;
  const kept = g[g.length - 1]!;
  const lost = g.slice(0, -1).map((k) => `\`${k}\``).join(', ');
  const more = moreTies(groups);
  return `the model ties ${tieNames(g)} (one tensor) and the plan writes them from separate tensors of the checkpoint${more}: torch copies each into the one tensor and keeps the last, \`${kept}\`'s, so the trained values of ${lost} are lost (no error); if the checkpoint's model did not tie them, build the model untied (tie_word_embeddings=False)`;
}

/** The words for ties written from separate tensors whose bytes are equal: true of this file, so nothing is lost. */
export function tiedEqualWords(groups: TieGroups): string {
  const g = groups[0]!;
  const more = moreTies(groups);
  return `the model ties ${tieNames(g)} (one tensor) and the checkpoint stores them as separate tensors${more}, but their bytes are equal (compared in the file): the tie keeps the values both hold, and no trained values are lost`;
}

/** The words for ties written from two names of a checkpoint that cannot show whether they are one tensor, bytes not compared. */
export function tiedUnknownWords(groups: TieGroups): string {
  const g = groups[0]!;
  const more = moreTies(groups);
  return `the model ties ${tieNames(g)} (one tensor) and the plan writes them from two names of the checkpoint${more}, which cannot show whether they are one tensor and whose bytes were not compared: if they differ, torch keeps \`${g[g.length - 1]}\`'s and the trained values of the others are lost (no error); apply compares the bytes it writes and exits 1 if they differ`;
}
