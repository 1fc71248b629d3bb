/**
 * What a model's tie keeps of the tensors written into it (review 23 F3, review 25 F7/F8): one finding for plan
 * (its source into the model), plan check, apply and check (a baseline's keys into the current model). A model that
 * ties two keys takes both in a strict load, copying each into the one tensor in its order, so the last copied is
 * what it keeps; written from two separate tensors of different values, the others' trained values are lost with
 * no error. Pure: the storages and byte groups come from the caller (checkpoint/side-facts.ts, equal-values.ts).
 */
/** A plan's or inference's mapping: each source key to the key(s) it becomes, or null (dropped). */
type Mapping = Readonly<Record<string, string | readonly string[] | null>>;
export type TieGroups = readonly (readonly string[])[];
/**
 * What the model keeps of a tie the plan writes from two or more names of the checkpoint: `lost` — separate
 * tensors (the source shows separate storages, or their bytes differ); `equal` — separate tensors whose bytes were
 * compared equal (nothing is lost); `unknown` — a source that cannot show its storages (DCP, DeepSpeed, Megatron
 * rebuild their tensors) whose bytes were not compared: it may hold one tensor's values twice, or two.
 */
export interface TieWrite {
    /**
     * the model's tied keys written, in the model's order: the last is the one whose values the model keeps; when
     * `lost`, only the members whose trained values are lost, then that last one (a member written from the kept
     * tensor or bytes equal to it loses nothing and is left out)
     */
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
export declare function tieWrites(mapping: Mapping, targetStorages: TieGroups | null | undefined, sourceStorages: TieGroups | null | undefined, values?: TieGroups | null): TieWrite[];
/** Each model key the mapping writes, and the source key it is written from. */
export declare function writtenFrom(mapping: Mapping): Map<string, string>;
/** The source keys the mapping writes into each of the model's tie groups: the tensors whose bytes say what a tie keeps. */
export declare function tieSources(mapping: Mapping, targetStorages: TieGroups | null | undefined): string[][];
/** The tie groups the plan writes from separate tensors that do not hold equal bytes: one tensor's trained values are lost. */
export declare function tiedWrittenApart(mapping: Mapping, targetStorages: TieGroups | null | undefined, sourceStorages: TieGroups | null | undefined, values?: TieGroups | null): string[][];
export {};
