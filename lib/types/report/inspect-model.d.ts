import type { Checkpoint, KeyPath, TensorRecord } from '../checkpoint/types.js';
import { type LeafSummary, type SharedStorage, type TensorTotals } from '../checkpoint/summary.js';
import type { SafetyReport } from '../formats/pickle/safety.js';
import { ByteWriter } from './byte-writer.js';
/**
 * Everything `inspect` reports, computed once and shared by the table and JSON renderers so the two
 * can never disagree.
 */
export interface InspectModel {
    file: string;
    format: string;
    size: number;
    detail: string[];
    /** over every tensor in the file, whatever the filter */
    totals: TensorTotals;
    shared: SharedStorage[];
    stateDicts: {
        path: KeyPath;
        count: number;
        nonTensor: string[];
    }[];
    leaves: LeafSummary[];
    /** each state dict's tensors under its own keys, then the tensors no state dict names, by full path */
    groups: TensorGroup[];
    /** the distinct tensors the listing shows (all, or those with a key the filter matched), in file order */
    tensors: TensorRecord[];
    /** how many `tensors` there are (without making them, when they are read from columns) */
    tensorCount: number;
    /**
     * The `tensors` reached under more than one name (non-empty `aliases`), in order: what the table's
     * `shared` rows and its name count need, without a record per tensor for a model read from columns
     * (whose readers take no tensor under two names: every record they make has no aliases).
     */
    aliased(): TensorRecord[];
    /** `tensors[i]` as its line of the JSON listing: JSON.stringify(tensorJson(tensors[i])) */
    tensorLine(i: number): string;
    /**
     * The listing's lines start..end as UTF-8, each indented and followed by `,\n` (`\n` after the last
     * tensor): what inspectJsonChunks makes of tensorLine, written as bytes by a model that can
     * (columns: no string per tensor). With `into`, a model may write them there (emptied first) and
     * return a view of it, valid until `into` is used again.
     */
    tensorText?(start: number, end: number, into?: ByteWriter): Uint8Array;
    /** the --filter pattern, when the listing is partial */
    filter: string | null;
    safety: SafetyReport;
    error: string | null;
}
export interface TensorGroup {
    /** the state dict's path, or null for tensors outside any state dict */
    dict: KeyPath | null;
    /** rows.length, without making the rows */
    count: number;
    /** the first n rows (a table of 2,000,000 tensors prints 200) */
    head(n: number): TensorRow[];
    rows: TensorRow[];
}
export interface TensorRow {
    key: string;
    record: TensorRecord;
}
/** A group over rows already made. */
export declare function groupOf(dict: KeyPath | null, rows: TensorRow[]): TensorGroup;
export interface InspectOptions {
    /** keeps the tensors whose shown key (state-dict key, or full path outside state dicts) matches */
    filter?: RegExp;
}
export declare function buildInspectModel(ckpt: Checkpoint & {
    error?: {
        message: string;
    } | null;
}, opts?: InspectOptions): InspectModel;
/** The documented `--json` form: schemas/inspect.schema.json describes every field. */
export declare function inspectJson(m: InspectModel): unknown;
/**
 * The JSON text: indented, with one tensor a line. A checkpoint of 100,000 tensors would otherwise
 * print about 3 million lines, and indenting them costs more than reading the checkpoint. (Each line
 * is V8's JSON.stringify of the record's object: its native fast path beats assembling the text in
 * JavaScript by 2×, measured on 100,000 tensors.)
 */
export declare function formatInspectJson(m: InspectModel): string;
/**
 * The same text as formatInspectJson, in pieces of about a megabyte, made as they are consumed: the
 * JSON of 2,000,000 tensors is over V8's largest string (~512 MB), so the CLI writes the pieces as
 * they come and never holds the whole text.
 *
 * `reuse`: the tensor lines' bytes (the Uint8Array pieces) are written through one buffer, each valid
 * only until the next piece is asked for, for a consumer that is done with a piece by then (the CLI
 * writes it out and waits for the write). Without it every piece is bytes of its own.
 */
export declare function inspectJsonChunks(m: InspectModel, opts?: {
    reuse?: boolean;
}): Generator<string | Uint8Array>;
/**
 * Listing lines start..end of `tensors` as InspectModel.tensorText says: the text of
 * `    ${JSON.stringify(tensorJson(r))}` and its separator, written as bytes field by field (no object
 * and no string per tensor: at 200,000 tensors the objects and strings were most of `inspect --json`'s
 * time after reading). A record with quantization or aliases, rare, takes JSON.stringify. Written into
 * `into` when given (emptied first: a view of it is returned).
 */
export declare function recordLines(tensors: readonly TensorRecord[], start: number, end: number, into?: ByteWriter): Uint8Array;
export declare function tensorJson(rec: TensorRecord): Record<string, unknown>;
