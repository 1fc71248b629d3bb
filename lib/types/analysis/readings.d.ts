/**
 * Which readings an error text leaves open. After the hints and inference have made their plan, this
 * looks at what the plan rests on (a head dropped, parts kept missing, modules dropped, a cut list, one
 * key of an old KeyError) and, for each such situation (reading-priors.ts), lists every reading the text
 * is consistent with, the evidence the text gives for and against each, the reading taken (the prior,
 * or none) and what would decide. Readings the text singles out (a nested checkpoint's fields, a wrapper
 * on every key, buffers, a vocabulary resize) are not listed: nothing is open there.
 *
 * Pure: no I/O.
 */
import type { ErrorReport } from '../formats/error-text.js';
import type { Cause } from './infer/causes.js';
import { type KeyWithReason } from './error-hints.js';
export interface WeighedReading {
    id: string;
    says: string;
    fix: string;
    /** what in the text speaks for it */
    for: string[];
    /** what in the text speaks against it */
    against: string[];
}
export interface OpenReadings {
    situation: string;
    shows: string;
    /** the keys the situation is about */
    keys: string[];
    readings: WeighedReading[];
    /**
     * the reading the text points to: the row's prior, or the one the text's own evidence decides; null:
     * the text cannot tell. The plan follows the first reading: when this is another one (or null), the
     * plan is no fix on its own
     */
    chosen: string | null;
    why: string;
    decides: string;
    /** findings that state the taken reading as settled (reading-priors.ts) */
    asserts: readonly string[];
}
export interface ReadingFacts {
    report: ErrorReport;
    /** model keys the plan leaves missing on purpose */
    keptMissing: readonly KeyWithReason[];
    /** checkpoint keys the plan drops */
    dropped: readonly string[];
    /** the plan has ops that move or drop keys */
    moves: boolean;
    /** the plan renames keys (names of another code version) */
    renames?: boolean;
    /** the checkpoint was given too: it shows every key of its side, so a cut list or one KeyError key leaves nothing open there */
    withCheckpoint?: boolean;
}
/**
 * The side of a list whose heading the paste cut, where the text decides it or a stated prior does:
 * its keys are the missing keys' names under one wrapper prefix (the checkpoint's, said in a note); or
 * the text is nothing but such a list, every key of it a buffer the library stopped saving
 * (transformers' `position_ids` since 4.31): on the checkpoint's side as the prior has it
 * (reading-priors.ts headless_buffers), so that the plan can drop them; or a counter checkpoints often lack
 * (BatchNorm's `num_batches_tracked`): on the model's side (headless_counters), kept missing. Any other text
 * is returned as it is.
 */
export declare function sideOfHeadless(report: ErrorReport): ErrorReport;
export interface PartInsideBlocks {
    containers: string[];
    /** the first named module after each block's number (the first of them, where the part is an adapter inside several) */
    part: string;
    /** the whole sub-path every listed key of the blocks shares (`self_attn.Wqkv` where only it is listed, `attn` where `attn.norm`, `attn.qkv` are); the sub-paths, joined, where adapters sit in several parts */
    path: string;
    /** each sub-path inside a block the listed keys sit under: a key of such a block under none of them is the model's */
    paths: string[];
    blocks: number;
    /** the sub-path names a fused attention projection: the blocks' attention loaded otherwise, so the model holds that projection under its own name */
    fusedAttention: boolean;
}
/**
 * One part inside every numbered block, and nothing else of those blocks: `convs.3.activate.bias` and
 * `convs.4.activate.bias` listed, `convs.3.conv.weight` not; `downs.12.attn.*` and `ups.0.attn.*`
 * listed, their blocks' convolutions not; an nn.Sequential adapter (`layer.N.adapter.0.weight`); adapters in
 * two parts of every block (`layer.N.attention.output.adapter.*`, `layer.N.output.adapter.*`). Those blocks
 * loaded (a block the model lacked would list all its keys), and in the checkpoint each of them computed with
 * this part: the model's blocks are another implementation, version or configuration, not a module the model
 * leaves unused. Null unless at least two blocks show it and each shows that one part (the first named module
 * after the block's number) alone, or adapters (ADAPTER_MODULE) alone, under any parts; null too where the part
 * could be the whole block: one layer's own parameters, its weight among them, right under the block's number
 * (mmcv's ConvModule `lateral_convs.N.conv.weight`/`.bias`, a `proj_layers.N.linear`, review8 p15/p16), which is
 * what a block the model lacks entirely lists.
 */
export declare function partInsideBlocks(keys: readonly string[]): PartInsideBlocks | null;
export declare function trunkInputUnused(keys: readonly string[]): string | null;
export declare function openReadings(f: ReadingFacts): OpenReadings[];
/**
 * The situations where the plan is no fix on its own: the text cannot tell which reading holds (no
 * prior, nothing decides), or it points to a reading other than the plan's (the first).
 */
export declare function undecided(open: readonly OpenReadings[]): OpenReadings[];
/** The findings to keep beside the readings: none that states an undecided reading as settled. */
export declare function consistentCauses(causes: readonly Cause[], open: readonly OpenReadings[]): Cause[];
/** The finding that says what is open, for a person. */
export declare function readingsCause(open: readonly OpenReadings[]): Cause | null;
