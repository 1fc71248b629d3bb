/**
 * Tied keys written apart (review 23 F3, F5). A model that ties two keys (`lm_head.weight` is `embed.weight`:
 * one tensor under two names, a manifest's `tied`, a checkpoint's shared storage) takes both in a strict load,
 * copying each into the one tensor in its own order: where a plan writes them from two tensors of the checkpoint,
 * the last copied is what the model keeps, and the other's trained values are lost without an error. Only a
 * checkpoint that holds them as one tensor itself (its own tie) loses nothing.
 */
import type { Plan } from './types.js';

/** The finding's code (report/plan.ts leads with it). */
export const TIED_APART = 'tied_apart';

/** The note's code when the separate tensors hold equal bytes (compared in the file): nothing is lost (review24 F4). */
export const TIED_EQUAL = 'tied_equal';

/**
 * The model's tie groups (`targetStorages`, keys in the model's order) whose keys the plan's mapping writes two
 * or more of from source keys that are not one tensor in `sourceStorages`. Each group: the written keys in the
 * model's order, the last the one whose values the model keeps. A source that cannot show its storages (null: a
 * DeepSpeed folder, a key list) gives nothing here: "lost" would be a claim it cannot back (its names may hold one
 * tensor's values twice); inference's warning says the tie is unknown (judge-shapes.ts). `equalValues`: source
 * keys stored apart whose bytes were compared equal (checkpoint/equal-values.ts): written from those, nothing is lost.
 */
export function tiedWrittenApart(mapping: Plan['mapping'], targetStorages: readonly (readonly string[])[] | null | undefined, sourceStorages: readonly (readonly string[])[] | null | undefined, equalValues?: readonly (readonly string[])[] | null): string[][] {
  if (!targetStorages || targetStorages.length === 0 || !sourceStorages) return [];
  const from = new Map<string, string>();
  for (const [s, t] of Object.entries(mapping)) for (const k of t === null ? [] : typeof t === 'string' ? [t] : t) from.set(k, s);
  const tensorOf = new Map<string, number>();
  sourceStorages.forEach((g, i) => g.forEach((k) => tensorOf.set(k, i)));
  const valueOf = new Map<string, number>();
  equalValues?.forEach((g, i) => g.forEach((k) => valueOf.set(k, i)));
  const one = (a: string, b: string) => a === b || (tensorOf.has(a) && tensorOf.get(a) === tensorOf.get(b)) || (valueOf.has(a) && valueOf.get(a) === valueOf.get(b));
  const out: string[][] = [];
  for (const g of targetStorages) {
    const written = g.filter((k) => from.has(k));
    if (written.length >= 2 && !written.every((k) => one(from.get(k)!, from.get(written[0]!)!))) out.push(written);
  }
  return out;
}

/** The words for groups written apart: which trained values the model keeps and which are lost. */
export function tiedApartWords(groups: readonly (readonly string[])[]): string {
  const g = groups[0]!;
  const kept = g[g.length - 1]!;
  const lost = g.slice(0, -1).map((k) => `\`${k}\``).join(', ');
  const more = groups.length > 1 ? ` (and ${groups.length - 1} more tie${groups.length === 2 ? '' : 's'})` : '';
  return `the model ties ${g.map((k) => `\`${k}\``).join(' and ')} (one tensor) and the plan writes them from separate tensors of the checkpoint${more}: torch copies each into the one tensor and keeps the last, \`${kept}\`'s, so the trained values of ${lost} are lost (no error); if the checkpoint's model did not tie them, build the model untied (tie_word_embeddings=False)`;
}

/** The words for ties written from separate tensors whose bytes are equal: true of this file, so nothing is lost. */
export function tiedEqualWords(groups: readonly (readonly string[])[]): string {
  const g = groups[0]!;
  const more = groups.length > 1 ? ` (and ${groups.length - 1} more tie${groups.length === 2 ? '' : 's'})` : '';
  return `the model ties ${g.map((k) => `\`${k}\``).join(' and ')} (one tensor) and the checkpoint stores them as separate tensors${more}, but their bytes are equal (compared in the file): the tie keeps the values both hold, and no trained values are lost`;
}
