import type { ErrorReport, ReportedSizeMismatch } from '../formats/error-text.js';
import type { Cause } from './infer/causes.js';
import type { PlanOp } from './op-vocabulary.js';
export interface KeyWithReason {
    key: string;
    /** why the fix may do this without losing anything trained */
    reason: string;
    /**
     * a model key kept missing: a head the model initialises (to be trained), a buffer it computes, or a
     * parameter of a network its training loss holds (which the inference model does not use), or a
     * bias the checkpoint's layer never had, to be set to zero (bias-free.ts)
     */
    kind?: 'head' | 'buffer' | 'loss-network' | 'zero-bias';
}
/** Hints that say nothing: for inputs that are not an error text alone. */
export declare const NO_HINTS: ErrorHints;
export interface ErrorHints {
    /** the error's keys are a checkpoint's top-level fields: the field that holds the weights */
    select: {
        field: string;
        fields: string[];
        alternatives: string[];
    } | null;
    /** checkpoint keys to leave out */
    drops: KeyWithReason[];
    /** model keys that may stay missing: the model keeps (or initialises) its own values */
    keepMissing: KeyWithReason[];
    /** every key on one side carries a wrapper prefix the other side shows no trace of */
    prefix: {
        op: 'strip_prefix' | 'add_prefix';
        prefix: string;
        who: string;
        keys: string[];
        why?: string;
    } | null;
    /** keys no key edit may drop (a vocabulary to resize): they stay as they are, a size mismatch */
    untouched: string[];
    /** findings that no key edit fixes (a code or config change is needed), most important first */
    blockers: Cause[];
    /** what the hints did, in plain words, for the findings */
    notes: Cause[];
    /**
     * the keys are another variant's, config's or training stage's (variant-signs.ts): nothing is paired,
     * since a rename between them would load tensors of another design
     */
    anotherVariant?: true;
    /**
     * the model's name for a checkpoint key that the text does not list, known from a library's naming
     * (variant-signs.ts FUSED_ATTENTION_NAMES), null for a key it says nothing of: the model keys the plan
     * pairs those checkpoint keys with, the same tensors (shapes) under the model's names
     */
    impliedName?: (checkpointKey: string) => string | null;
}
/**
 * The model's head has a class count it gets by default (for its family: modelDefaultClassCount) and the
 * checkpoint's count does not say it was trained on purpose. In DETR's head only a public dataset's count
 * says so (DATASET_CLASS_COUNTS: 2 there is 1 class + no-object, trackformer-62); elsewhere any default count
 * does, as transformers' 2 labels is anyone's binary task fine-tuned on purpose.
 */
export declare function builtWithDefault(m: ReportedSizeMismatch): boolean;
/**
 * A head whose two row counts are one class apart, counted the same way on both sides: the same label
 * set with and without one class — a background class one library counts and another does not
 * (detectron2's 80 vs mmdet's 81, torchvision's 91, TF's 1001) — not another dataset to fine-tune on.
 * Only a known pairing (BACKGROUND_PAIRS) says so for a head of one output per class; more outputs per
 * class (324 vs 320 box deltas, 4 per class) are read only in a detection head and only where another
 * size line confirms the same class counts at another number of outputs per class (cls_score's 81 vs
 * 80 beside bbox_pred's 324 vs 320): a difference that merely divides both counts (200 vs 196 is 50 vs
 * 49 at 4 per class; 255 vs 258 is 85 vs 86 at 3) is what any two fine-tuning counts can give.
 * Returns the two class counts (checkpoint, model), the outputs per class and the pairing, or null.
 */
export declare function oneClassApart(m: ReportedSizeMismatch, lines?: readonly ReportedSizeMismatch[]): {
    ckpt: number;
    model: number;
    per: number;
    pair: string;
} | null;
/**
 * A head one class apart that nothing confirms (no known pairing, no sibling at another number of
 * outputs per class): 11 vs 10 scores, or a detection head's 60 vs 54 rows (6 anchors × 10 vs 9 classes, or
 * a fine-tune from 60 outputs to 54). Both a fine-tune and the same classes counted otherwise fit: an
 * open reading (readings.ts), never a blocker. More outputs per class are read only in a detection head.
 */
export declare function maybeOneClassApart(m: ReportedSizeMismatch, lines?: readonly ReportedSizeMismatch[]): {
    ckpt: number;
    model: number;
    per: number;
} | null;
/**
 * Layers whose output width changed while no layer's input width did: nothing after them consumes
 * their outputs with weights of its own, so they are the model's outputs, whatever they are called
 * (YOLACT's `conf_layer`, DeepLabV3's `aspp.conv_1x1_4`, a `semantic_seg_conv`). Another model size
 * or width changes the inputs of the layers that follow too (a second dimension differs); a head
 * trained for another class count changes only the rows of its own weight and bias. All or nothing:
 * every size mismatch must be such a row change, in at most MAX_OUTPUT_LAYERS modules, each with a
 * weight of two or more dimensions (a lone 1-D width is a normalisation layer, not an output) and its
 * bias listed beside it: scores are computed with a bias (nn.Linear and nn.Conv* have one by default, and
 * nothing after an output layer would absorb it), so a weight whose rows alone differ without its bias
 * is a layer built without one: an embedding table (nn.Embedding: its rows are the ids it takes in, a
 * vocabulary or dictionary, not outputs; ABSA-PyTorch-96, DM-GAN-19), a transposed convolution (its
 * dim 0 is its input channels: speech-driven-animation-70's `dcl.0.0`), a layer before a norm.
 */
export declare function outputLayers(sizes: readonly ReportedSizeMismatch[]): Set<string>;
export declare function isLenientLoad(report: ErrorReport): boolean;
/**
 * After inference found nothing to move in a lenient load: what the loader skipped is unused by this
 * model (dropped) and what it left is new in it (kept missing, initialised by the model). Not when the
 * model's keys are missing across the whole model (nothing loaded) or a per-block parameter points at
 * another version of the code.
 */
export declare function lenientHints(report: ErrorReport, leftover: readonly string[], unmapped: readonly string[], heldElsewhere?: (key: string) => boolean): ErrorHints | null;
/**
 * After inference stripped a prefix that accounts for every missing key: the checkpoint is of a larger
 * model that held this one under that prefix (an NLI network's `encoder.`, a detector's `backbone.`),
 * saved whole. Its keys outside the prefix are that model's other parts (`classifier.*`), which this
 * model does not have: dropped. Not when they hold adapter weights (a fine-tune) or share the
 * prefix's first segment (then they are this model's own, renamed).
 */
export declare function outsideSubmoduleHints(report: ErrorReport, ops: readonly PlanOp[], leftover: readonly string[], unmapped: readonly string[]): ErrorHints | null;
export declare function errorHints(report: ErrorReport): ErrorHints;
