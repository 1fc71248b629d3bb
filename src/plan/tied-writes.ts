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

/** The finding's code when a tie is written from two names whose storages and bytes nothing showed (review 25 F7). */
export const TIED_UNKNOWN = 'tied_unverified';

type Groups = readonly (readonly string[])[];

/**
 * What the model keeps of a tie the plan writes from two or more names of the checkpoint: `lost` — separate
 * tensors (the source shows separate storages, or their bytes differ); `equal` — separate tensors whose bytes were
 * compared equal (nothing is lost); `unknown` — a source that cannot show its storages (DCP, DeepSpeed, Megatron
 * rebuild their tensors) whose bytes were not compared: it may hold one tensor's values twice, or two.
 */
export interface TieWrite {
  /** the model's tied keys written, in the model's order: the last is the one whose values the model keeps */
  keys: string[];
  held: 'lost' | 'equal' | 'unknown';
}

/**
 * The model's tie groups (`targetStorages`, keys in the model's order) whose keys the plan's mapping writes two or
 * more of from source keys that are not one tensor in `sourceStorages`. `values`: source keys whose bytes were read,
 * grouped by equal bytes (checkpoint/equal-values.ts valueGroups; a group of one: equal to none), or null/absent
 * where nothing was read. A source that neither shows its storages nor had its bytes read (a key list, a manifest
 * without `tied`) gives nothing here: inference's warning says the tie is unknown (judge-shapes.ts); a checkpoint
 * that cannot show storages (`values` given) gives `unknown` for what was not read.
 */
export function tieWrites(mapping: Plan['mapping'], targetStorages: Groups | null | undefined, sourceStorages: Groups | null | undefined, values?: Groups | null): TieWrite[] {
  if (!targetStorages || targetStorages.length === 0 || (!sourceStorages && !values)) return [];
  const from = writtenFrom(mapping);
  const indexOf = (groups: Groups | null | undefined) => {
    const m = new Map<string, number>();
    groups?.forEach((g, i) => g.forEach((k) => m.set(k, i)));
    return m;
  };
  const tensorOf = indexOf(sourceStorages);
  const valueOf = indexOf(values);
  const oneTensor = (a: string, b: string) => a === b || (tensorOf.has(a) && tensorOf.get(a) === tensorOf.get(b));
  const out: TieWrite[] = [];
  for (const g of targetStorages) {
    const written = g.filter((k) => from.has(k));
    const names = written.map((k) => from.get(k)!);
    if (written.length < 2 || names.every((n) => oneTensor(n, names[0]!))) continue;
    const read = names.every((n) => valueOf.has(n));
    const held = read ? (names.every((n) => valueOf.get(n) === valueOf.get(names[0]!)) ? 'equal' : 'lost') : sourceStorages ? 'lost' : 'unknown';
    out.push({ keys: written, held });
  }
  return out;
}

/** Each model key the mapping writes, and the source key it is written from. */
function writtenFrom(mapping: Plan['mapping']): Map<string, string> {
  const from = new Map<string, string>();
  for (const [s, t] of Object.entries(mapping)) for (const k of t === null ? [] : typeof t === 'string' ? [t] : t) from.set(k, s);
  return from;
}

/** The source keys the mapping writes into each of the model's tie groups: the tensors whose bytes say what a tie keeps. */
export function tieSources(mapping: Plan['mapping'], targetStorages: Groups | null | undefined): string[][] {
  const from = writtenFrom(mapping);
  return (targetStorages ?? []).map((g) => [...new Set(g.filter((k) => from.has(k)).map((k) => from.get(k)!))]).filter((s) => s.length >= 2);
}

/** The tie groups the plan writes from separate tensors that do not hold equal bytes: one tensor's trained values are lost. */
export function tiedWrittenApart(mapping: Plan['mapping'], targetStorages: Groups | null | undefined, sourceStorages: Groups | null | undefined, values?: Groups | null): string[][] {
  return tieWrites(mapping, targetStorages, sourceStorages, values).filter((w) => w.held === 'lost').map((w) => w.keys);
}

const tieNames = (g: readonly string[]) => g.map((k) => `\`${k}\``).join(' and ');
const moreTies = (groups: Groups) => (groups.length > 1 ? ` (and ${groups.length - 1} more tie${groups.length === 2 ? '' : 's'})` : '');

/** The words for groups written apart: which trained values the model keeps and which are lost. */
export function tiedApartWords(groups: readonly (readonly string[])[]): string {
  const g = groups[0]!;
  const kept = g[g.length - 1]!;
  const lost = g.slice(0, -1).map((k) => `\`${k}\``).join(', ');
  const more = moreTies(groups);
  return `the model ties ${tieNames(g)} (one tensor) and the plan writes them from separate tensors of the checkpoint${more}: torch copies each into the one tensor and keeps the last, \`${kept}\`'s, so the trained values of ${lost} are lost (no error); if the checkpoint's model did not tie them, build the model untied (tie_word_embeddings=False)`;
}

/** The words for ties written from separate tensors whose bytes are equal: true of this file, so nothing is lost. */
export function tiedEqualWords(groups: Groups): string {
  const g = groups[0]!;
  const more = moreTies(groups);
  return `the model ties ${tieNames(g)} (one tensor) and the checkpoint stores them as separate tensors${more}, but their bytes are equal (compared in the file): the tie keeps the values both hold, and no trained values are lost`;
}

/** The words for ties written from two names of a checkpoint that cannot show whether they are one tensor, bytes not compared. */
export function tiedUnknownWords(groups: Groups): string {
  const g = groups[0]!;
  const more = moreTies(groups);
  return `the model ties ${tieNames(g)} (one tensor) and the plan writes them from two names of the checkpoint${more}, which cannot show whether they are one tensor and whose bytes were not compared: if they differ, torch keeps \`${g[g.length - 1]}\`'s and the trained values of the others are lost (no error); apply compares the bytes it writes and exits 1 if they differ`;
}
