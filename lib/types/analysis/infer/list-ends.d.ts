/**
 * A layer new or gone at the end of a numbered list of look-alikes (review 18 F3). Four equal Linears
 * `layers.0–3` against five: exact names keep `layers.0–3`, and `layers.4` is what the model has new. But a
 * layer inserted anywhere in the list gives the same keys: inserted at the front, the checkpoint's
 * `layers.0–3` belong at `layers.1–4`, and the kept names load every one of them a place off (keeping
 * `layers.4` missing and loading the rest runs clean in torch with every trained tensor wrong). The same
 * for a layer removed: the checkpoint's last look-alike is left over whichever one the refactor removed.
 * Which index is new or gone, the keys cannot say: listed as an ambiguity naming both readings
 * (issue 11), and check does not call strict=False the way such keys load.
 */
import type { Ambiguity, Located } from './types.js';
/** The words every such ambiguity's reason starts with: check reads them (analysis/check.ts). */
export declare const LIST_END = "the last of a numbered list of look-alikes";
/**
 * The ambiguities of a list one member longer or shorter at its end, where exact names kept the rest:
 * `unmapped` the model's keys nothing becomes, `unpaired` the checkpoint's keys the plan drops or leaves.
 */
export declare function listEnds(unmapped: readonly string[], unpaired: readonly string[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, mapped: (sourceKey: string) => unknown): Ambiguity[];
